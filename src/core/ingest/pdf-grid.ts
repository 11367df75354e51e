/** [x0, y0, x1, y1], origin top-left. */
export type Box = [number, number, number, number]

/** A piece of positioned text: a PDF text item or an OCR'd word/cell. */
export interface Run {
  text: string
  box: Box
  size: number
  confidence?: number
}

/** An axis-aligned ruling line (x0 === x1 or y0 === y1). */
export interface Segment {
  x0: number
  y0: number
  x1: number
  y1: number
}

export interface PageContent {
  page: number
  width: number
  height: number
  runs: Run[]
  segments: Segment[]
  /** Image paint operations on the page (a scan is one image and no text). */
  images: number
  /**
   * Where a box of this page (as laid out) shows on the page as stored, when OCR turned or
   * squared the page image to read it; the review screen draws boxes on the stored page.
   */
  shownAt?: (box: Box) => Box
}

/** One grid cell's content; merged cells live in their top-left slot. */
export interface GridCell {
  text: string
  box: Box
  confidence?: number
}

/** A ruled table rebuilt as a full grid: rows × cols slots, null where a slot is empty or covered. */
export interface Grid {
  box: Box
  xs: number[]
  ys: number[]
  rows: (GridCell | null)[][]
}

interface Line {
  at: number
  from: number
  to: number
}

/**
 * Rebuilds ruled tables from rules and text: rules that touch form a table, their distinct
 * positions its slot grid, and a missing rule between two slots merges them (rowspan/colspan).
 * `tol` is the snapping distance in the page's units (points for PDFs, pixels for scans).
 */
export function buildGrids(segments: Segment[], runs: Run[], tol = 2): { grids: Grid[]; rest: Run[] } {
  const hs = mergeLines(segments.filter((s) => s.y0 === s.y1 && s.x1 - s.x0 > 3 * tol).map((s) => ({ at: s.y0, from: s.x0, to: s.x1 })), tol)
  const vs = mergeLines(segments.filter((s) => s.x0 === s.x1 && s.y1 - s.y0 > 3 * tol).map((s) => ({ at: s.x0, from: s.y0, to: s.y1 })), tol)
  const grids: Grid[] = []
  for (const [h, v] of components(hs, vs, tol)) {
    if (h.length < 2 || v.length < 2) continue
    const grid = gridOf(h, v, tol)
    if (grid) grids.push(grid)
  }
  // A frame around tables (a photo's paper edge, a page border) is not a table itself.
  const inside = (a: Box, b: Box): boolean => a !== b && a[0] >= b[0] - tol && a[1] >= b[1] - tol && a[2] <= b[2] + tol && a[3] <= b[3] + tol
  const tables = grids.filter((g) => !grids.some((o) => o !== g && inside(o.box, g.box)))
  grids.splice(0, grids.length, ...tables)
  const rest: Run[] = []
  const texts = new Map<GridCell, Run[]>()
  for (const run of runs) {
    const cx = (run.box[0] + run.box[2]) / 2
    const cy = (run.box[1] + run.box[3]) / 2
    const grid = grids.find((g) => cx > g.box[0] && cx < g.box[2] && cy > g.box[1] && cy < g.box[3])
    const cell = grid && cellAt(grid, cx, cy)
    if (!cell) rest.push(run)
    else texts.set(cell, [...(texts.get(cell) ?? []), run])
  }
  for (const [cell, rs] of texts) {
    cell.text = joinRuns(rs)
    const confs = rs.flatMap((r) => (r.confidence === undefined ? [] : [r.confidence]))
    if (confs.length) cell.confidence = Math.min(...confs)
  }
  return { grids, rest }
}

/** Text of runs that share a box (a cell): lines top to bottom, runs left to right. */
export function joinRuns(runs: Run[]): string {
  return groupLines(runs)
    .map((line) => joinLine(line, false))
    .reduce((acc, s) => (acc && /[A-Za-z0-9]$/.test(acc) && /^[A-Za-z]/.test(s) ? `${acc} ${s}` : acc + s), '')
    .replace(CJK_GAP, '$1')
}

/** Letter-spaced labels (WPS prints 结 果维持): spaces between CJK characters carry nothing. */
const CJK_GAP = /([\u3000-\u303f\u3400-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])/g

/** Runs grouped into visual lines (vertical overlap), each sorted left to right. */
export function groupLines(runs: Run[]): Run[][] {
  const sorted = [...runs].sort((a, b) => a.box[1] + a.box[3] - (b.box[1] + b.box[3]))
  const lines: { top: number; bottom: number; runs: Run[] }[] = []
  for (const r of sorted) {
    const h = r.box[3] - r.box[1]
    const line = lines.find((l) => {
      const overlap = Math.min(l.bottom, r.box[3]) - Math.max(l.top, r.box[1])
      return overlap > 0.5 * Math.min(h, l.bottom - l.top)
    })
    if (line) {
      line.runs.push(r)
      line.top = Math.min(line.top, r.box[1])
      line.bottom = Math.max(line.bottom, r.box[3])
    } else lines.push({ top: r.box[1], bottom: r.box[3], runs: [r] })
  }
  return lines.sort((a, b) => a.top - b.top).map((l) => l.runs.sort((a, b) => a.box[0] - b.box[0]))
}

/** One visual line's runs joined. */
export function joinLine(line: Run[], tabs: boolean): string {
  return line.map((r, i) => (i > 0 ? separator(line[i - 1]!, r, tabs) : '') + r.text).join('')
}

/**
 * What goes between two runs of a line: CJK needs nothing; a gap of about a quarter em keeps a
 * space between Latin words and numbers; a wide gap outside ruled tables is a column break (tab).
 */
export function separator(prev: Run, r: Run, tabs: boolean): string {
  const gap = r.box[0] - prev.box[2]
  const em = Math.max(prev.size, r.size)
  if (tabs && gap > 2 * em) return '\t'
  if (gap > 0.25 * em && /[A-Za-z0-9.,%]$/.test(prev.text) && /^[A-Za-z0-9]/.test(r.text)) return ' '
  return ''
}

function mergeLines(lines: Line[], tol: number): Line[] {
  const sorted = [...lines].sort((a, b) => a.at - b.at || a.from - b.from)
  const clusters: Line[][] = []
  for (const l of sorted) {
    const c = clusters[clusters.length - 1]
    if (c && l.at - c[0]!.at <= tol) c.push(l)
    else clusters.push([l])
  }
  const out: Line[] = []
  for (const c of clusters) {
    const at = c.reduce((s, l) => s + l.at, 0) / c.length
    const spans = c.sort((a, b) => a.from - b.from)
    let cur: Line | undefined
    for (const l of spans) {
      if (cur && l.from <= cur.to + tol) cur.to = Math.max(cur.to, l.to)
      else {
        if (cur) out.push(cur)
        cur = { at, from: l.from, to: l.to }
      }
    }
    if (cur) out.push(cur)
  }
  return out
}

const crosses = (h: Line, v: Line, tol: number): boolean =>
  v.at >= h.from - tol && v.at <= h.to + tol && h.at >= v.from - tol && h.at <= v.to + tol

function components(hs: Line[], vs: Line[], tol: number): [Line[], Line[]][] {
  const parent = [...hs, ...vs].map((_, i) => i)
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)))
  hs.forEach((h, i) =>
    vs.forEach((v, j) => {
      if (crosses(h, v, tol)) parent[find(i)] = find(hs.length + j)
    })
  )
  const groups = new Map<number, [Line[], Line[]]>()
  hs.forEach((h, i) => {
    const g = groups.get(find(i)) ?? [[], []]
    g[0].push(h)
    groups.set(find(i), g)
  })
  vs.forEach((v, j) => {
    const g = groups.get(find(hs.length + j)) ?? [[], []]
    g[1].push(v)
    groups.set(find(hs.length + j), g)
  })
  return [...groups.values()]
}

/** Distinct positions, snapped: rules closer than a minimum slot size are one rule. */
function positions(lines: Line[], min: number): number[] {
  const at = lines.map((l) => l.at).sort((a, b) => a - b)
  const out: number[] = []
  for (const p of at) if (out.length === 0 || p - out[out.length - 1]! > min) out.push(p)
  return out
}

/** Fraction of [a, b] covered by lines at position p (within tol). */
function coverage(lines: Line[], p: number, a: number, b: number, tol: number): number {
  let covered = 0
  for (const l of lines) {
    if (Math.abs(l.at - p) > tol * 2) continue
    covered += Math.max(0, Math.min(b, l.to) - Math.max(a, l.from))
  }
  return covered / Math.max(b - a, 1e-6)
}

function gridOf(h: Line[], v: Line[], tol: number): Grid | undefined {
  // Double rules (Chromium prints a border per cell) are one boundary, not a sliver slot.
  const ys = positions(h, tol * 3.5)
  const xs = positions(v, tol * 3.5)
  // A table cut by a page break has no closing rule: its column rules run on past the last one.
  const top = Math.min(...v.map((l) => l.from))
  const bottom = Math.max(...v.map((l) => l.to))
  if (ys.length && ys[0]! - top > tol * 4) ys.unshift(top)
  if (ys.length && bottom - ys[ys.length - 1]! > tol * 4) ys.push(bottom)
  if (ys.length < 2 || xs.length < 2) return undefined
  const R = ys.length - 1
  const C = xs.length - 1
  const parent = Array.from({ length: R * C }, (_, i) => i)
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)))
  const union = (a: number, b: number): void => {
    const ra = find(a), rb = find(b)
    // Keep the top-left slot as the root: it is where a merged cell's text goes.
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb)
  }
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      const y0 = ys[r]!, y1 = ys[r + 1]!, x0 = xs[c]!, x1 = xs[c + 1]!
      const my = (y1 - y0) * 0.15, mx = (x1 - x0) * 0.15
      if (c + 1 < C && coverage(v, x1, y0 + my, y1 - my, tol) < 0.5) union(r * C + c, r * C + c + 1)
      if (r + 1 < R && coverage(h, y1, x0 + mx, x1 - mx, tol) < 0.5) union(r * C + c, (r + 1) * C + c)
    }
  }
  const rows: (GridCell | null)[][] = Array.from({ length: R }, () => Array<GridCell | null>(C).fill(null))
  const extent = new Map<number, Box>()
  for (let i = 0; i < R * C; i++) {
    const root = find(i)
    const r = Math.floor(i / C), c = i % C
    const b = extent.get(root)
    const slot: Box = [xs[c]!, ys[r]!, xs[c + 1]!, ys[r + 1]!]
    extent.set(root, b ? [Math.min(b[0], slot[0]), Math.min(b[1], slot[1]), Math.max(b[2], slot[2]), Math.max(b[3], slot[3])] : slot)
  }
  for (const [root, box] of extent) rows[Math.floor(root / C)]![root % C] = { text: '', box }
  return { box: [xs[0]!, ys[0]!, xs[C]!, ys[R]!], xs, ys, rows }
}

function cellAt(grid: Grid, x: number, y: number): GridCell | undefined {
  for (const row of grid.rows)
    for (const cell of row) if (cell && x >= cell.box[0] && x <= cell.box[2] && y >= cell.box[1] && y <= cell.box[3]) return cell
  return undefined
}
