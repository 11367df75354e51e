// HTML reports as saved from a government site: body text with blocks on their own lines and
// tables in the shared grid style (rowspan/colspan expanded), in the page's declared or sniffed charset.
import { parseDocument } from 'htmlparser2'
import type { ChildNode, Element } from 'domhandler'
import { decodeText } from './decode'
import { cellText, gridLines, type GridCell } from './table-grid'
import type { SourceText } from './types'

const SKIP = new Set(['head', 'script', 'style', 'noscript', 'template', 'iframe', 'object'])
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'nav', 'aside', 'ul', 'ol', 'li',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'center', 'dl', 'dt', 'dd', 'form', 'hr', 'title'
])

function declaredCharset(bytes: Uint8Array): string | undefined {
  let head = ''
  for (let i = 0; i < Math.min(bytes.length, 4096); i++) head += String.fromCharCode(bytes[i] ?? 0)
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1]
}

function isElement(n: ChildNode): n is Element {
  return n.type === 'tag' || n.type === 'script' || n.type === 'style'
}

function inlineText(n: ChildNode): string {
  if (n.type === 'text') return n.data
  if (!isElement(n) || SKIP.has(n.name)) return ''
  if (n.name === 'br') return ' '
  const inner = n.children.map(inlineText).join('')
  return BLOCK.has(n.name) ? ` ${inner} ` : inner
}

/** The rows of a table, not of tables nested inside it. */
function tableRows(table: Element): Element[] {
  const rows: Element[] = []
  const walk = (n: ChildNode): void => {
    if (!isElement(n)) return
    if (n.name === 'tr') rows.push(n)
    else if (n.name !== 'table') n.children.forEach(walk)
  }
  table.children.forEach(walk)
  return rows
}

function span(el: Element, attr: string): number {
  const v = Number.parseInt(el.attribs[attr] ?? '1', 10)
  return Number.isFinite(v) && v > 0 ? Math.min(v, 100) : 1
}

function tableLines(table: Element): string[] {
  const rows: GridCell[][] = tableRows(table).map((tr) =>
    tr.children
      .filter((c): c is Element => isElement(c) && (c.name === 'td' || c.name === 'th'))
      .map((td) => ({
        text: cellText(td.children.map(inlineText).join('')),
        colspan: span(td, 'colspan'),
        rowspan: span(td, 'rowspan')
      }))
  )
  return gridLines(rows)
}

function render(nodes: ChildNode[]): string {
  const out: string[] = []
  let line = ''
  const flush = (): void => {
    const t = cellText(line)
    if (t) out.push(t)
    line = ''
  }
  const walk = (n: ChildNode): void => {
    if (n.type === 'text') {
      line += n.data
      return
    }
    if (!isElement(n) || SKIP.has(n.name)) return
    if (n.name === 'table') {
      flush()
      out.push(...tableLines(n).filter((l) => l.replace(/\t/g, '').trim()))
      return
    }
    if (n.name === 'br') return flush()
    const block = BLOCK.has(n.name) || n.name === 'tr' || n.name === 'body'
    if (block) flush()
    n.children.forEach(walk)
    if (block) flush()
  }
  nodes.forEach(walk)
  flush()
  return out.join('\n')
}

export async function readHtml(bytes: Uint8Array, name: string): Promise<SourceText> {
  const { text } = decodeText(bytes, name, declaredCharset(bytes))
  const doc = parseDocument(text, { decodeEntities: true })
  return { form: 'html', text: render(doc.children) }
}
