// Word reports: paragraphs as lines, tables in the shared grid style (gridSpan/vMerge expanded).
import { unzipSync, strFromU8 } from 'fflate'
import { NianbaoError } from '../errors'
import { cellText, gridLines, type GridCell } from './table-grid'
import type { SourceText } from './types'

// WordprocessingML is plain, machine-written XML: a small tokenizer builds the tree several times
// faster than a general HTML/XML DOM (a report's document.xml runs to a few hundred kB).
interface Element {
  name: string
  attribs: Record<string, string>
  children: ChildNode[]
}
type ChildNode = Element | string

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] !== '#') return ENTITIES[e] ?? m
    const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1))
    return Number.isFinite(code) ? String.fromCodePoint(code) : m
  })
}

const WITH_ATTRIBS = new Set(['w:gridSpan', 'w:vMerge'])

function parseXml(xml: string): Element {
  const root: Element = { name: '', attribs: {}, children: [] }
  const stack: Element[] = [root]
  for (const m of xml.matchAll(/<([^>]*)>|([^<]+)/g)) {
    const top = stack[stack.length - 1] as Element
    const text = m[2]
    if (text !== undefined) {
      top.children.push(text.includes('&') ? unescapeXml(text) : text)
      continue
    }
    const tag = m[1] ?? ''
    if (tag[0] === '?' || tag[0] === '!') continue
    if (tag[0] === '/') {
      if (stack.length > 1) stack.pop()
      continue
    }
    const space = tag.search(/[\s/]/)
    const name = space < 0 ? tag : tag.slice(0, space)
    const attribs: Record<string, string> = {}
    // Only merge marks carry attributes the reading needs.
    if (WITH_ATTRIBS.has(name))
      for (const a of tag.matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attribs[a[1] ?? ''] = unescapeXml(a[2] ?? a[3] ?? '')
    const el: Element = { name, attribs, children: [] }
    top.children.push(el)
    if (!tag.endsWith('/')) stack.push(el)
  }
  return root
}

function isElement(n: ChildNode): n is Element {
  return typeof n !== 'string'
}

function kids(el: Element, name: string): Element[] {
  return el.children.filter((c): c is Element => isElement(c) && c.name === name)
}

function runText(n: ChildNode): string {
  if (!isElement(n)) return ''
  if (n.name === 'w:t') return n.children.map((c) => (isElement(c) ? '' : c)).join('')
  if (n.name === 'w:tab') return ' '
  if (n.name === 'w:br' || n.name === 'w:cr') return ' '
  if (n.name === 'w:del' || n.name === 'w:instrText') return ''
  return n.children.map(runText).join('')
}

function tableLines(tbl: Element): string[] {
  const rows: GridCell[][] = kids(tbl, 'w:tr').map((tr) =>
    kids(tr, 'w:tc').flatMap((tc) => {
      const pr = kids(tc, 'w:tcPr')[0]
      const gridSpan = pr ? Number.parseInt(kids(pr, 'w:gridSpan')[0]?.attribs['w:val'] ?? '1', 10) : 1
      const vMerge = pr ? kids(pr, 'w:vMerge')[0] : undefined
      // A vMerge continuation cell is an empty slot under the merged cell's text.
      const continued = vMerge !== undefined && vMerge.attribs['w:val'] !== 'restart'
      const text = continued ? '' : cellText(kids(tc, 'w:p').map(runText).join(' '))
      return [{ text, colspan: Number.isFinite(gridSpan) && gridSpan > 0 ? gridSpan : 1, rowspan: 1 }]
    })
  )
  return gridLines(rows)
}

function render(body: Element): string {
  const out: string[] = []
  for (const n of body.children) {
    if (!isElement(n)) continue
    if (n.name === 'w:p') {
      const t = cellText(runText(n))
      if (t) out.push(t)
    } else if (n.name === 'w:tbl') {
      out.push(...tableLines(n).filter((l) => l.replace(/\t/g, '').trim()))
    } else if (n.name === 'w:sdt') {
      const content = kids(n, 'w:sdtContent')[0]
      if (content) out.push(render(content))
    }
  }
  return out.filter(Boolean).join('\n')
}

export async function readDocx(bytes: Uint8Array, name: string): Promise<SourceText> {
  let xml: string
  try {
    const files = unzipSync(bytes, { filter: (f) => f.name === 'word/document.xml' })
    const doc = files['word/document.xml']
    if (!doc) throw new Error('no word/document.xml')
    xml = strFromU8(doc)
  } catch {
    throw new NianbaoError('corrupt', 'Word 文件已损坏，无法打开', name)
  }
  const doc = parseXml(xml)
  const find = (nodes: ChildNode[]): Element | undefined => {
    for (const n of nodes) {
      if (!isElement(n)) continue
      if (n.name === 'w:body') return n
      const f = find(n.children)
      if (f) return f
    }
    return undefined
  }
  const body = find(doc.children)
  if (!body) throw new NianbaoError('corrupt', 'Word 文件没有正文', name)
  return { form: 'docx', text: render(body) }
}
