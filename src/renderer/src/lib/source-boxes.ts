// Where each cell sits in its source: a box on a page (from the cell's own bbox, or from the
// positioned spans its text offsets cover) and a range of the source text. Both directions of the
// link between the tables and the source go through here.
import type { SourceView } from '../../../shared/api'
import type { Cell } from '../../../shared/cells'
import type { CellKey } from '../../../shared/templates'

export type Bbox = [number, number, number, number]
export interface PageBox {
  page: number
  bbox: Bbox
}
type Span = SourceView['spans'][number]

/** Page boxes of every cell that has a source: its bbox, else the union of the spans under its text range, per page. */
export function cellBoxes(cells: Record<CellKey, Cell>, spans: Span[]): Map<CellKey, PageBox[]> {
  const sorted = [...spans].sort((a, b) => a.start - b.start)
  const out = new Map<CellKey, PageBox[]>()
  for (const [key, cell] of Object.entries(cells)) {
    const src = cell.source
    if (!src) continue
    if ('bbox' in src) {
      out.set(key, [{ page: src.page, bbox: src.bbox }])
      continue
    }
    const [start, end] = src.offset
    const byPage = new Map<number, Bbox>()
    for (const s of overlapping(sorted, start, end)) {
      const b = byPage.get(s.page)
      byPage.set(s.page, b ? [Math.min(b[0], s.bbox[0]), Math.min(b[1], s.bbox[1]), Math.max(b[2], s.bbox[2]), Math.max(b[3], s.bbox[3])] : s.bbox)
    }
    if (byPage.size > 0) out.set(key, [...byPage].map(([page, bbox]) => ({ page, bbox })))
  }
  return out
}

function overlapping(sorted: Span[], start: number, end: number): Span[] {
  // Binary search for the first span that ends after `start`; spans do not overlap each other.
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid]!.end <= start) lo = mid + 1
    else hi = mid
  }
  const out: Span[] = []
  for (let i = lo; i < sorted.length && sorted[i]!.start < end; i++) out.push(sorted[i]!)
  return out
}

export interface TextSegment {
  text: string
  start: number
  key?: CellKey
}

/** The source text cut into plain runs and runs that feed a cell (the first cell wins where two claim the same text). */
export function textSegments(text: string, cells: Record<CellKey, Cell>): TextSegment[] {
  const ranges = Object.entries(cells)
    .flatMap(([key, c]) => (c.source && 'offset' in c.source ? [{ key, start: c.source.offset[0], end: c.source.offset[1] }] : []))
    .filter((r) => r.start < r.end && r.end <= text.length)
    .sort((a, b) => a.start - b.start || a.end - b.end)
  const out: TextSegment[] = []
  let at = 0
  for (const r of ranges) {
    if (r.start < at) continue
    if (r.start > at) out.push({ text: text.slice(at, r.start), start: at })
    out.push({ text: text.slice(r.start, r.end), start: r.start, key: r.key })
    at = r.end
  }
  if (at < text.length) out.push({ text: text.slice(at), start: at })
  return out
}
