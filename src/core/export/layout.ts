// A report's tables laid out the way offices file them (the forms annexed to 国办公开办函〔2019〕60号
// and 〔2021〕30号): merged column headers (申请人情况 › 法人或其他组织 › 商业企业…), row labels in
// three nested columns (三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密), and the 行政复议 /
// 行政诉讼 table printed as one row of fifteen cells. Pure data, so it can be tested without Excel.
import { TEMPLATES, cellKey, type CellKey, type TableDef, type TemplateId } from '../../shared/templates'
import { columnLabel } from './columns'

export interface LayoutCell {
  /** 1-based, relative to the top of the layout; a merged cell spans to rowEnd/colEnd inclusive. */
  row: number
  col: number
  rowEnd: number
  colEnd: number
  kind: 'section' | 'title' | 'head' | 'label' | 'value'
  text?: string
  key?: CellKey
}

export interface OfficialLayout {
  cells: LayoutCell[]
  rows: number
  /** Column widths in characters. */
  widths: number[]
  /** Row heights in points, tall enough for wrapped labels (Excel does not grow merged rows). */
  heights: number[]
}

/** Row labels take three columns: section, group, item. */
const LABEL_COLS = 3

// What the official forms print but templates.json (which names cells, not print) does not hold.
const SECTION_BEFORE: Record<string, string> = { item20_1: '二、主动公开政府信息情况' }
const CORNER: Record<string, string> = {
  requests: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）'
}
const COLUMN_SUPER_HEADER: Record<string, string> = { requests: '申请人情况' }
/** Tables printed with the template's rows as column groups and one row of values. */
const TRANSPOSED = new Set(['review'])

interface Span {
  level: number
  levelEnd: number
  from: number
  to: number
  text: string
}

/**
 * Lays label paths (outer level first) along one axis: equal prefixes merge along the axis, and a
 * path shorter than the deepest stretches its last label across the remaining levels.
 */
function spans(paths: string[][]): { spans: Span[]; depth: number } {
  const depth = Math.max(...paths.map((p) => p.length))
  const out: Span[] = []
  const samePrefix = (a: string[], b: string[], k: number) => a.slice(0, k + 1).join('\u0000') === b.slice(0, k + 1).join('\u0000')
  for (let k = 0; k < depth; k++) {
    for (let i = 0; i < paths.length; ) {
      const p = paths[i]!
      if (p.length - 1 < k) {
        i++
        continue
      }
      if (p.length - 1 === k) {
        out.push({ level: k, levelEnd: depth - 1, from: i, to: i, text: p[k]! })
        i++
        continue
      }
      let j = i + 1
      while (j < paths.length && paths[j]!.length - 1 > k && samePrefix(paths[j]!, p, k)) j++
      out.push({ level: k, levelEnd: k, from: i, to: j - 1, text: p[k]! })
      i = j
    }
  }
  return { spans: out, depth }
}

const isSection = (label: string) => /^[一二三四五六七八九十]+、/.test(label)

/** Nesting of the row labels: a row grouped under （三）不予公开 sits inside 三、本年度办理结果. */
function rowPaths(table: TableDef): string[][] {
  let section: string | null = null
  return table.rows.map((r, i) => {
    if (!r.group) {
      section = null
      return [r.label]
    }
    if (isSection(r.group)) {
      section = r.group
      // 2021's （六）其他处理 has its own items below it: the row itself is their subtotal.
      return table.rows[i + 1]?.group === r.label ? [r.group, r.label, '小计'] : [r.group, r.label]
    }
    return section ? [section, r.group, r.label] : [r.group, r.label]
  })
}

function placeTable(table: TableDef, top: number, cells: LayoutCell[]): { bottom: number; width: number } {
  const transposed = TRANSPOSED.has(table.id)
  // Transposed, each header leaf is a cell; otherwise a column, with the rows below it.
  const leaves = transposed
    ? table.rows.flatMap((r) =>
        table.columns.map((c) => ({ path: [r.group, r.label, columnLabel(c)], key: cellKey(table.id, r.id, c.id) }))
      )
    : table.columns.map((c) => ({ path: [COLUMN_SUPER_HEADER[table.id], c.group, columnLabel(c)], key: null }))
  const head = spans(leaves.map((l) => l.path.filter((x): x is string => !!x)))
  const firstCol = transposed ? 1 : LABEL_COLS + 1
  const width = firstCol - 1 + leaves.length
  cells.push({ row: top, col: 1, rowEnd: top, colEnd: width, kind: 'title', text: table.title })
  const headTop = top + 1
  for (const s of head.spans)
    cells.push({
      row: headTop + s.level,
      col: firstCol + s.from,
      rowEnd: headTop + s.levelEnd,
      colEnd: firstCol + s.to,
      kind: 'head',
      text: s.text
    })
  const bodyTop = headTop + head.depth
  if (transposed) {
    leaves.forEach((l, i) =>
      cells.push({ row: bodyTop, col: firstCol + i, rowEnd: bodyTop, colEnd: firstCol + i, kind: 'value', key: l.key! })
    )
    return { bottom: bodyTop, width }
  }
  cells.push({ row: headTop, col: 1, rowEnd: bodyTop - 1, colEnd: LABEL_COLS, kind: 'head', text: CORNER[table.id] ?? '信息内容' })
  const labels = spans(rowPaths(table))
  for (const s of labels.spans)
    cells.push({
      row: bodyTop + s.from,
      col: 1 + s.level,
      rowEnd: bodyTop + s.to,
      // An innermost label reaches the last label column whatever the table's nesting depth.
      colEnd: s.levelEnd === labels.depth - 1 ? LABEL_COLS : 1 + s.levelEnd,
      kind: 'label',
      text: s.text
    })
  table.rows.forEach((r, i) =>
    table.columns.forEach((c, j) =>
      cells.push({
        row: bodyTop + i,
        col: firstCol + j,
        rowEnd: bodyTop + i,
        colEnd: firstCol + j,
        kind: 'value',
        key: cellKey(table.id, r.id, c.id)
      })
    )
  )
  return { bottom: bodyTop + table.rows.length - 1, width }
}

const LINE_HEIGHT = 15

/** Lines a text wraps to in a cell this many characters wide (a Chinese character is two). */
function lines(text: string, width: number): number {
  let units = 0
  for (const ch of text) units += ch.charCodeAt(0) > 0x2e80 ? 2 : 1
  return Math.max(1, Math.ceil(units / Math.max(1, width - 1)))
}

function rowHeights(cells: LayoutCell[], widths: number[], rows: number): number[] {
  const heights = Array.from({ length: rows }, () => LINE_HEIGHT)
  for (const c of cells) {
    if (!c.text || c.kind === 'section' || c.kind === 'title') continue
    const width = widths.slice(c.col - 1, c.colEnd).reduce((a, b) => a + b, 0)
    const span = c.rowEnd - c.row + 1
    const perRow = Math.ceil((lines(c.text, width) * LINE_HEIGHT) / span)
    for (let r = c.row; r <= c.rowEnd; r++) heights[r - 1] = Math.max(heights[r - 1]!, perRow)
  }
  return heights
}

const cache = new Map<TemplateId, OfficialLayout>()

export function officialLayout(template: TemplateId): OfficialLayout {
  const hit = cache.get(template)
  if (hit) return hit
  const cells: LayoutCell[] = []
  let row = 1
  let maxWidth = LABEL_COLS + 1
  for (const table of TEMPLATES[template].tables) {
    const section = SECTION_BEFORE[table.id]
    if (section) {
      cells.push({ row, col: 1, rowEnd: row, colEnd: LABEL_COLS, kind: 'section', text: section })
      row++
    }
    const { bottom, width } = placeTable(table, row, cells)
    maxWidth = Math.max(maxWidth, width)
    row = bottom + 2
  }
  const widths = Array.from({ length: maxWidth }, (_, i) => [8, 12, 26][i] ?? 11)
  const rows = row - 2
  const layout = { cells, rows, widths, heights: rowHeights(cells, widths, rows) }
  cache.set(template, layout)
  return layout
}
