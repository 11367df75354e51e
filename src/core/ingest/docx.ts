// Word reports: paragraphs as lines, tables in the shared grid style (gridSpan/vMerge expanded).
import { unzipSync, strFromU8 } from 'fflate'
import { parseDocument } from 'htmlparser2'
import type { ChildNode, Element } from 'domhandler'
import { NianbaoError } from '../errors'
import { cellText, gridLines, type GridCell } from './table-grid'
import type { SourceText } from './types'

function isElement(n: ChildNode): n is Element {
  return n.type === 'tag'
}

function kids(el: Element, name: string): Element[] {
  return el.children.filter((c): c is Element => isElement(c) && c.name === name)
}

function runText(n: ChildNode): string {
  if (!isElement(n)) return ''
  if (n.name === 'w:t') return n.children.map((c) => (c.type === 'text' ? c.data : '')).join('')
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
  const doc = parseDocument(xml, { xmlMode: true })
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
