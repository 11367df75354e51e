import type { DocForm } from '../../shared/cells'
import type { SourceText, TextSpan } from './types'
import { buildGrids, groupLines, joinLine, separator, type Box, type Grid, type GridCell, type PageContent, type Run } from './pdf-grid'

type Block = { kind: 'line'; page: number; box: Box; runs: Run[] } | { kind: 'table'; page: number; box: Box; grid: Grid; pages: number[] }

/** Page furniture sits in the outer bands of the page. */
const MARGIN = 0.08
const PAGE_NUMBER = /^[-—–_\s·•]*(第?\s*\d+\s*页?(\s*[/／共]\s*\d+\s*页?)?|[-—–]?\s*\d+\s*[-—–]?|page\s*\d+(\s*of\s*\d+)?)[-—–_\s·•]*$/i

/**
 * Lays positioned pages out as the extractor's text contract: prose lines in reading order and
 * each ruled table as one line per grid row with every slot a tab field; tables that run on
 * over a page break become one grid; page numbers and running headers/footers are dropped.
 */
export function layoutPages(pages: PageContent[], form: DocForm): SourceText {
  const perPage = pages.map((p) => pageBlocks(p))
  dropFurniture(perPage, pages)
  const blocks = joinContinuedTables(perPage).flatMap(splitAtTitles)
  const shownAt = new Map(pages.map((p) => [p.page, p.shownAt]))
  return emit(blocks, form, pages.length, (page, box) => shownAt.get(page)?.(box) ?? box)
}

function pageBlocks(p: PageContent): Block[] {
  // Snapping distance scales with the page: 2 pt on A4, a few pixels on a scan.
  const { grids, rest } = buildGrids(p.segments, p.runs, Math.max(2, p.width / 300))
  const blocks: Block[] = grids
    .filter((g) => g.rows.some((row) => row.some((c) => c?.text)))
    .map((grid) => ({ kind: 'table', page: p.page, box: grid.box, grid, pages: grid.rows.map(() => p.page) }))
  for (const runs of groupLines(rest)) blocks.push({ kind: 'line', page: p.page, box: unionBox(runs.map((r) => r.box)), runs })
  // Reading order: top to bottom; CJK reports are single-column.
  blocks.sort((a, b) => a.box[1] - b.box[1] || a.box[0] - b.box[0])
  return joinHeadings(blocks, p.runs)
}

/** A title wrapped over two lines (…工作年 / 度报告) is one line: same large size, no gap. */
function joinHeadings(blocks: Block[], runs: Run[]): Block[] {
  const sizes = runs.map((r) => r.size).sort((a, b) => a - b)
  const body = sizes[Math.floor(sizes.length / 2)] ?? 0
  const size = (b: Block): number => (b.kind === 'line' ? Math.max(...b.runs.map((r) => r.size)) : 0)
  const out: Block[] = []
  for (const b of blocks) {
    const prev = out[out.length - 1]
    if (
      prev?.kind === 'line' && b.kind === 'line' && size(b) > 1.2 * body && Math.abs(size(b) - size(prev)) < 0.5 &&
      b.box[1] - prev.box[3] < 0.8 * size(b) && continues(lineText(prev), lineText(b))
    ) {
      prev.runs.push(...b.runs)
      prev.box = unionBox([prev.box, b.box])
    } else out.push(b)
  }
  return out
}

/**
 * A title wrapped over two lines continues; a table row, a finished sentence or a closing date
 * does not (OCR'd signatures come out as large as a title, and joined they lost the agency's vote).
 */
function continues(prev: string, next: string): boolean {
  return !prev.includes('\t') && !/[。；！？]$/.test(prev) && !/^20\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$/.test(next)
}

const lineText = (b: Block): string => (b.kind === 'line' ? joinLine(b.runs, true).trim() : '')

function dropFurniture(perPage: Block[][], pages: PageContent[]): void {
  const inBand = (b: Block, p: PageContent): boolean => b.box[3] < p.height * MARGIN || b.box[1] > p.height * (1 - MARGIN)
  const key = (b: Block): string => lineText(b).replace(/\d+/g, '#').replace(/\s+/g, '')
  const seen = new Map<string, number>()
  perPage.forEach((blocks, i) =>
    new Set(blocks.filter((b) => b.kind === 'line' && inBand(b, pages[i]!)).map(key)).forEach((k) => seen.set(k, (seen.get(k) ?? 0) + 1))
  )
  perPage.forEach((blocks, i) => {
    const keep = blocks.filter(
      (b) => b.kind !== 'line' || !inBand(b, pages[i]!) || !(PAGE_NUMBER.test(lineText(b)) || (pages.length > 2 && (seen.get(key(b)) ?? 0) > 1))
    )
    blocks.splice(0, blocks.length, ...keep)
  })
}

const rowTexts = (row: (GridCell | null)[]): string[] => row.map((c) => c?.text ?? '')
const isNumeric = (s: string): boolean => /^[-+]?[\d,，.]+%?$/.test(s.trim())

/**
 * A table whose last row ends a page and whose columns match the first table of the next page is
 * the same table: repeated header rows are dropped and a row split over the break is rejoined.
 */
function joinContinuedTables(perPage: Block[][]): Block[] {
  const out: Block[] = []
  for (const blocks of perPage) {
    const first = blocks[0]
    const prev = out[out.length - 1]
    if (first?.kind === 'table' && prev?.kind === 'table' && sameColumns(prev.grid, first.grid)) {
      appendRows(prev, first)
      out.push(...blocks.slice(1))
    } else out.push(...blocks)
  }
  return out
}

/**
 * Same outer edges and mostly the same column rules: the part on the next page may lack some
 * inner rules (a label spanning columns) but a different table (四 after 三) has its own.
 */
function sameColumns(a: Grid, b: Grid): boolean {
  const span = a.box[2] - a.box[0]
  const tol = Math.max(3, span * 0.02)
  if (Math.abs(a.box[0] - b.box[0]) > tol || Math.abs(a.box[2] - b.box[2]) > tol) return false
  const dx = a.box[0] - b.box[0]
  const shared = b.xs.filter((x) => a.xs.some((y) => Math.abs(y - x - dx) < tol)).length
  return shared >= 0.7 * b.xs.length
}

/** Re-slots a grid's rows onto a finer set of column positions (a superset of its own). */
function regrid(grid: Grid, xs: number[], dx = 0): void {
  const slot = (x0: number): number => {
    const x = x0 + dx
    return  xs.reduce((best, v, i) => (Math.abs(v - x) < Math.abs(xs[best]! - x) ? i : best), 0)
  }
  grid.rows = grid.rows.map((row) => {
    const out = Array<GridCell | null>(xs.length - 1).fill(null)
    for (const cell of row) if (cell) out[Math.min(slot(cell.box[0]), xs.length - 2)] = cell
    return out
  })
  grid.xs = xs
}

/** Narrow slots no row uses: the two parts' rules did not quite line up. */
function dropSlivers(grid: Grid): void {
  const span = grid.xs[grid.xs.length - 1]! - grid.xs[0]!
  for (let c = grid.xs.length - 2; c >= 0 && grid.xs.length > 2; c--) {
    if (grid.xs[c + 1]! - grid.xs[c]! > 0.03 * span || grid.rows.some((row) => row[c])) continue
    grid.xs.splice(c === grid.xs.length - 2 ? c : c + 1, 1)
    for (const row of grid.rows) row.splice(c, 1)
  }
}

function unionPositions(a: number[], b: number[], tol: number): number[] {
  const out: number[] = []
  for (const x of [...a, ...b].sort((p, q) => p - q)) if (out.length === 0 || x - out[out.length - 1]! > tol) out.push(x)
  return out
}

function appendRows(into: Block & { kind: 'table' }, next: Block & { kind: 'table' }): void {
  // Scanned pages sit a little shifted on the glass: align the parts by their left edges.
  const dx = into.box[0] - next.box[0]
  const xs = unionPositions(into.grid.xs, next.grid.xs.map((x) => x + dx), Math.max(3, (into.box[2] - into.box[0]) * 0.02))
  regrid(into.grid, xs)
  regrid(next.grid, xs, dx)
  let rows = next.grid.rows
  // Header rows repeated after the break: the longest prefix equal to the table's own first rows.
  let k = 0
  while (
    k < rows.length &&
    k < into.grid.rows.length &&
    rowTexts(rows[k]!).join('\t') === rowTexts(into.grid.rows[k]!).join('\t') &&
    rowTexts(rows[k]!).some((s) => s && !isNumeric(s))
  )
    k++
  rows = rows.slice(k)
  continueLabels(into.grid, next.grid, rows)
  const last = into.grid.rows[into.grid.rows.length - 1]
  const head = rows[0]
  if (last && head && isSplitRow(last, head)) {
    head.forEach((cell, i) => {
      if (!cell?.text) return
      const mine = last[i]
      if (mine) mine.text += cell.text
      else last[i] = cell
    })
    rows = rows.slice(1)
  }
  into.grid.rows.push(...rows)
  into.pages.push(...rows.map(() => next.page))
  dropSlivers(into.grid)
  into.box = [into.box[0], into.box[1], into.box[2], Math.max(into.box[3], next.box[3])]
}

const ENUMERATED = /^[（(]?[一二三四五六七八九十\d]+[)）.、．]/

/**
 * A row-spanning label cut by the page break (（四）无 | 法提供): the part on the next page
 * continues the cell above it in the same column, so its text joins that cell's text.
 */
function continueLabels(grid: Grid, next: Grid, rows: (GridCell | null)[][]): void {
  const head = rows[0]
  if (!head) return
  const bottom = grid.ys[grid.ys.length - 1]!
  head.forEach((cell, c) => {
    if (!cell?.text || ENUMERATED.test(cell.text) || isNumeric(cell.text)) return
    const owner = ownerAt(grid, c)
    if (!owner?.text || Math.abs(owner.box[3] - bottom) > 1 || Math.abs(owner.box[0] - cell.box[0]) > 3 || Math.abs(owner.box[2] - cell.box[2]) > 3) return
    // Only a label spanning several rows (on either side of the break) can be cut by it.
    if (rowSpan(grid, owner) < 2 && rowSpan(next, cell) < 2) return
    owner.text += cell.text
    head[c] = null
  })
}

const rowSpan = (grid: Grid, cell: GridCell): number => grid.ys.filter((y) => y > cell.box[1] + 1 && y < cell.box[3] - 1).length + 1

/** The cell covering column c of the grid's last row (its own or a merged one from above). */
function ownerAt(grid: Grid, c: number): GridCell | undefined {
  for (let r = grid.rows.length - 1; r >= 0; r--) {
    const cell = grid.rows[r]![c]
    if (cell) return cell
  }
  return undefined
}

/**
 * Halves of one row split over a page break: no slot holds text in both halves unless both are
 * label text, one half carries no numbers, the lower half does not start a new enumerated label,
 * and the lower half has no cell where the upper half's slot is covered by a wider cell.
 */
function isSplitRow(last: (GridCell | null)[], head: (GridCell | null)[]): boolean {
  const a = rowTexts(last)
  const b = rowTexts(head)
  if (head.some((cell, i) => cell?.text && !last[i])) return false
  if (a.some((s, i) => s && b[i] && (isNumeric(s) || isNumeric(b[i]!)))) return false
  if (!a.some(isNumeric) === !b.some(isNumeric)) return false
  const first = b.find((s) => s !== '')
  return first !== undefined && !ENUMERATED.test(first) && a.some((s) => s && !isNumeric(s))
}

/**
 * Several small tables printed as one (LibreOffice prints the 第二十条 items as one table, each
 * item under a full-width title row): split at those rows and keep only the columns each part
 * uses, so every part reads like a table of its own.
 */
function splitAtTitles(b: Block): Block[] {
  if (b.kind !== 'table') return [b]
  const parts: { rows: (GridCell | null)[][]; pages: number[] }[] = []
  b.grid.rows.forEach((row, r) => {
    const cells = row.filter((c) => c !== null)
    const title = cells.length === 1 && row[0] && row[0].box[2] >= b.grid.xs[b.grid.xs.length - 1]! - 1 && row[0].text !== ''
    if (title || parts.length === 0) parts.push({ rows: [], pages: [] })
    parts[parts.length - 1]!.rows.push(row)
    parts[parts.length - 1]!.pages.push(b.pages[r]!)
  })
  if (parts.length < 2) return [b]
  return parts.map((part) => {
    const edges = part.rows.flatMap((row) => row.flatMap((c) => (c ? [c.box[0], c.box[2]] : [])))
    const grid: Grid = { box: b.grid.box, xs: b.grid.xs, ys: b.grid.ys, rows: part.rows }
    regrid(grid, unionPositions(edges, [], 3))
    return { kind: 'table', page: part.pages[0]!, box: b.box, grid, pages: part.pages }
  })
}

function emit(blocks: Block[], form: DocForm, pageCount: number, shown: (page: number, box: Box) => Box): SourceText {
  let text = ''
  const spans: TextSpan[] = []
  const put = (s: string, page: number, box: Box, confidence?: number): void => {
    if (s) {
      const span: TextSpan = { start: text.length, end: text.length + s.length, page, bbox: shown(page, box).map((v) => Math.round(v * 10) / 10) as Box }
      if (confidence !== undefined) span.confidence = Math.round(confidence)
      spans.push(span)
    }
    text += s
  }
  let prevKind: Block['kind'] | undefined
  for (const b of blocks) {
    if (b.kind === 'line') {
      if (prevKind === 'table') text += '\n'
      b.runs.forEach((r, i) => {
        if (i > 0) text += separator(b.runs[i - 1]!, r, true)
        put(r.text, b.page, r.box, r.confidence)
      })
      text += '\n'
    } else {
      text += '\n'
      b.grid.rows.forEach((row, r) => {
        row.forEach((cell, c) => {
          if (c > 0) text += '\t'
          if (cell) put(cell.text.replace(/[\t\n]/g, ' '), b.pages[r]!, cell.box, cell.confidence)
        })
        text += '\n'
      })
    }
    prevKind = b.kind
  }
  return { form, text, pages: pageCount, spans }
}

function unionBox(boxes: Box[]): Box {
  return [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))]
}
