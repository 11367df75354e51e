// The official printed layout of a template's tables: merged header cells from column groups,
// nested row labels from row groups, the 第二十条 tables under one heading 二, and table 四 laid
// out across (its rows become column groups, as every report prints it). Pure, so it is tested
// against templates.json under Node.
import { TEMPLATES, cellKey, type CellKey, type TableDef, type TemplateId } from '../../../shared/templates'

export type GridCell =
  | { kind: 'head'; text: string; colspan: number; rowspan: number; corner?: boolean }
  | { kind: 'label'; text: string; colspan: number; rowspan: number }
  | { kind: 'value'; key: CellKey; colspan: number; label: string }

export interface LayoutSection {
  id: string
  heading: string
  /** The template tables shown in this section (二 holds every 第二十条 table). */
  tables: string[]
  /** Sub-title rows inside the table (第二十条第（一）项 …) are head rows with one spanning cell. */
  head: GridCell[][]
  body: GridCell[][]
}

export interface TemplateLayout {
  sections: LayoutSection[]
  /** Value cells row by row over all sections, for arrow keys; Tab walks it flattened. */
  grid: CellKey[][]
}

const ACTIVE_HEADING = '二、主动公开政府信息情况'
const APPLICANTS = '申请人情况'
const CONTENT = '信息内容'
const ACROSS = new Set(['review'])

const cache = new Map<TemplateId, TemplateLayout>()

export function templateLayout(template: TemplateId): TemplateLayout {
  let layout = cache.get(template)
  if (!layout) {
    const tables = TEMPLATES[template].tables
    const active = tables.filter((t) => t.id.startsWith('item20_'))
    const sections: LayoutSection[] = []
    if (active.length > 0) sections.push(activeSection(active))
    for (const t of tables) {
      if (t.id.startsWith('item20_')) continue
      sections.push(ACROSS.has(t.id) ? acrossSection(t) : groupedSection(t))
    }
    const grid = sections.flatMap((s) => s.body.map((row) => row.flatMap((c) => (c.kind === 'value' ? [c.key] : []))))
    layout = { sections, grid: grid.filter((r) => r.length > 0) }
    cache.set(template, layout)
  }
  return layout
}

/** 二: each 第二十条 item a sub-table with its own column heads; narrower items stretch their last cell. */
function activeSection(tables: TableDef[]): LayoutSection {
  const width = Math.max(...tables.map((t) => t.columns.length))
  const body: GridCell[][] = []
  for (const t of tables) {
    body.push([{ kind: 'head', text: t.title, colspan: width + 1, rowspan: 1 }])
    body.push([
      { kind: 'head', text: CONTENT, colspan: 1, rowspan: 1 },
      ...t.columns.map((c, i) => ({ kind: 'head' as const, text: c.label, colspan: stretch(i, t.columns.length, width), rowspan: 1 }))
    ])
    for (const r of t.rows) {
      body.push([
        { kind: 'label', text: r.label, colspan: 1, rowspan: 1 },
        ...t.columns.map((c, i) => ({
          kind: 'value' as const,
          key: cellKey(t.id, r.id, c.id),
          colspan: stretch(i, t.columns.length, width),
          label: `${t.title} ${r.label} ${c.label}`
        }))
      ])
    }
  }
  return { id: 'active', heading: ACTIVE_HEADING, tables: tables.map((t) => t.id), head: [], body }
}

function stretch(i: number, n: number, width: number): number {
  return i === n - 1 ? width - n + 1 : 1
}

/** 三 and any table with grouped rows/columns: label columns as deep as the row groups nest. */
function groupedSection(t: TableDef): LayoutSection {
  const groupedCols = t.columns.some((c) => c.group)
  const outer = outerGroups(t)
  const depth = t.rows.some((r) => r.group && !outer.has(r.group)) ? 3 : t.rows.some((r) => r.group) ? 2 : 1
  const headRows = groupedCols ? 3 : 1
  const head: GridCell[][] = Array.from({ length: headRows }, () => [])
  head[0]!.push({ kind: 'head', text: '', colspan: depth, rowspan: headRows, corner: true })
  if (groupedCols) {
    head[0]!.push({ kind: 'head', text: APPLICANTS, colspan: t.columns.length, rowspan: 1 })
    for (let i = 0; i < t.columns.length; ) {
      const c = t.columns[i]!
      if (!c.group) {
        head[1]!.push({ kind: 'head', text: c.label, colspan: 1, rowspan: 2 })
        i++
        continue
      }
      let n = 0
      while (t.columns[i + n]?.group === c.group) head[2]!.push({ kind: 'head', text: t.columns[i + n++]!.label, colspan: 1, rowspan: 1 })
      head[1]!.push({ kind: 'head', text: c.group, colspan: n, rowspan: 1 })
      i += n
    }
  } else {
    head[0]!.push(...t.columns.map((c) => ({ kind: 'head' as const, text: c.label, colspan: 1, rowspan: 1 })))
  }

  const body: GridCell[][] = t.rows.map((r, i) => {
    const labels: GridCell[] = []
    const prev = t.rows[i - 1]
    const g = r.group
    if (!g) labels.push({ kind: 'label', text: r.label, colspan: depth, rowspan: 1 })
    else if (outer.has(g) || depth === 2) {
      const span = outer.get(g)
      if (span && span.first === i) labels.push({ kind: 'label', text: g, colspan: 1, rowspan: span.last - span.first + 1 })
      else if (!span && prev?.group !== g) labels.push({ kind: 'label', text: g, colspan: 1, rowspan: runLength(t, i) })
      labels.push({ kind: 'label', text: r.label, colspan: depth - 1, rowspan: 1 })
    } else {
      if (prev?.group !== g) labels.push({ kind: 'label', text: g, colspan: 1, rowspan: runLength(t, i) })
      labels.push({ kind: 'label', text: r.label, colspan: 1, rowspan: 1 })
    }
    return [...labels, ...t.columns.map((c) => valueCell(t, r.id, r.label, c.id, c.label))]
  })
  return { id: t.id, heading: t.title, tables: [t.id], head, body }
}

/**
 * Groups that enclose other groups: 三、本年度办理结果 runs from its first to its last row and
 * holds （三）不予公开 etc. between. Only a group whose run is interrupted by other groups is outer.
 */
function outerGroups(t: TableDef): Map<string, { first: number; last: number }> {
  const spans = new Map<string, { first: number; last: number }>()
  t.rows.forEach((r, i) => {
    if (!r.group) return
    const s = spans.get(r.group)
    if (s) s.last = i
    else spans.set(r.group, { first: i, last: i })
  })
  for (const [g, s] of spans) {
    if (t.rows.slice(s.first, s.last + 1).every((r) => r.group === g)) spans.delete(g)
  }
  return spans
}

function runLength(t: TableDef, i: number): number {
  let n = 0
  while (t.rows[i + n]?.group === t.rows[i]!.group) n++
  return n
}

function valueCell(t: TableDef, row: string, rowLabel: string, column: string, columnLabel: string): GridCell {
  return { kind: 'value', key: cellKey(t.id, row, column), colspan: 1, label: `${rowLabel} ${columnLabel}` }
}

/** 四: rows become column groups (行政复议 | 行政诉讼: 未经复议直接起诉, 复议后起诉), one line of values. */
function acrossSection(t: TableDef): LayoutSection {
  const n = t.columns.length
  const top: GridCell[] = []
  const mid: GridCell[] = []
  for (let i = 0; i < t.rows.length; ) {
    const r = t.rows[i]!
    if (!r.group) {
      top.push({ kind: 'head', text: r.label, colspan: n, rowspan: 2 })
      i++
      continue
    }
    const run = runLength(t, i)
    top.push({ kind: 'head', text: r.group, colspan: n * run, rowspan: 1 })
    for (let k = 0; k < run; k++) mid.push({ kind: 'head', text: t.rows[i + k]!.label, colspan: n, rowspan: 1 })
    i += run
  }
  const labels: GridCell[] = t.rows.flatMap(() => t.columns.map((c) => ({ kind: 'head' as const, text: c.label, colspan: 1, rowspan: 1 })))
  const values = t.rows.flatMap((r) => t.columns.map((c) => valueCell(t, r.id, r.label, c.id, c.label)))
  return { id: t.id, heading: t.title, tables: [t.id], head: [top, mid, labels], body: [values] }
}
