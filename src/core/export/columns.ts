// The columns of a wide export (CSV wide form, the XLSX data sheet): one per cell, across templates.
// A key that exists in both templates with the very same labels is one column, so 2019 and 2021
// reports line up where the tables agree (requests, review). A key whose meaning differs
// (item20_5/licensing/decisions is 处理决定数量 in 2019, 本年处理决定数量 in 2021) or that exists in
// one template only gets one column per template, named `2019:key`, so values that mean different
// things never share a column. Names do not depend on the dataset, so exports stay comparable.
import {
  TEMPLATE_IDS,
  TEMPLATES,
  cellKey,
  type CellKey,
  type ColumnDef,
  type RowDef,
  type TableDef,
  type TemplateId
} from '../../shared/templates'
import type { ReportDetail } from '../store/details'

export interface CellLabels {
  table: string
  row: string
  column: string
  tableTitle: string
  rowGroup: string
  rowLabel: string
  columnGroup: string
  /** The column label with its unit when the label does not already say it. */
  columnLabel: string
}

export interface WideColumn extends CellLabels {
  /** Column name in the wide CSV and the key row of the XLSX data sheet. */
  id: string
  key: CellKey
  /** Templates whose reports fill this column. */
  templates: TemplateId[]
}

export function columnLabel(column: ColumnDef): string {
  return column.unit && !column.label.includes(column.unit) ? `${column.label}（${column.unit}）` : column.label
}

function labels(table: TableDef, row: RowDef, column: ColumnDef): CellLabels {
  return {
    table: table.id,
    row: row.id,
    column: column.id,
    tableTitle: table.title,
    rowGroup: row.group ?? '',
    rowLabel: row.label,
    columnGroup: column.group ?? '',
    columnLabel: columnLabel(column)
  }
}

const labelCache = new Map<TemplateId, Map<CellKey, CellLabels>>()

/** Table, row and column ids and Chinese labels of every cell of a template, in template order. */
export function cellLabels(template: TemplateId): Map<CellKey, CellLabels> {
  let map = labelCache.get(template)
  if (!map) {
    map = new Map()
    for (const t of TEMPLATES[template].tables)
      for (const r of t.rows) for (const c of t.columns) map.set(cellKey(t.id, r.id, c.id), labels(t, r, c))
    labelCache.set(template, map)
  }
  return map
}

const sameMeaning = (a: CellLabels, b: CellLabels): boolean =>
  a.tableTitle === b.tableTitle &&
  a.rowGroup === b.rowGroup &&
  a.rowLabel === b.rowLabel &&
  a.columnGroup === b.columnGroup &&
  a.columnLabel === b.columnLabel

/** `a` with the items of `b` it lacks, each placed after its predecessor in `b` (else at the end). */
function orderedUnion(a: string[], b: string[]): string[] {
  const out = [...a]
  let at = out.length - 1
  for (const item of b) {
    const i = out.indexOf(item)
    if (i >= 0) at = i
    else out.splice(++at, 0, item)
  }
  return out
}

const ids = <T extends { id: string }>(xs: T[]): string[] => xs.map((x) => x.id)

/**
 * The wide columns for reports of the given templates: tables, rows and columns in template
 * order (rows of one template interleaved where the other adds some), shared cells once.
 */
export function wideColumns(templates: readonly TemplateId[]): WideColumn[] {
  const included = TEMPLATE_IDS.filter((t) => templates.includes(t))
  const defs = included.map((t) => TEMPLATES[t])
  const tableIds = defs.reduce<string[]>((acc, d) => orderedUnion(acc, ids(d.tables)), [])
  const out: WideColumn[] = []
  for (const tableId of tableIds) {
    const tables = defs.map((d) => d.tables.find((t) => t.id === tableId))
    const rowIds = tables.reduce<string[]>((acc, t) => (t ? orderedUnion(acc, ids(t.rows)) : acc), [])
    const columnIds = tables.reduce<string[]>((acc, t) => (t ? orderedUnion(acc, ids(t.columns)) : acc), [])
    for (const rowId of rowIds)
      for (const columnId of columnIds) {
        const key = cellKey(tableId, rowId, columnId)
        const present = TEMPLATE_IDS.flatMap((t) => {
          const l = cellLabels(t).get(key)
          return l ? [{ template: t, labels: l }] : []
        })
        const [first, second] = present
        if (!first) continue
        if (present.length === TEMPLATE_IDS.length && second && sameMeaning(first.labels, second.labels)) {
          out.push({ id: key, key, templates: included, ...first.labels })
          continue
        }
        for (const p of present)
          if (included.includes(p.template))
            out.push({ id: `${p.template}:${key}`, key, templates: [p.template], ...p.labels })
      }
  }
  return out
}

/** The report's own fields that lead every wide row: CSV header name, Chinese label, value. */
export const REPORT_FIELDS: readonly {
  id: string
  label: string
  value: (r: ReportDetail) => string | number | null
}[] = [
  { id: 'document_id', label: '编号', value: (r) => r.id },
  { id: 'file', label: '文件', value: (r) => r.name },
  { id: 'agency', label: '机关', value: (r) => r.agency },
  { id: 'year', label: '年度', value: (r) => r.year },
  { id: 'template', label: '模板', value: (r) => r.template },
  { id: 'review_status', label: '审阅状态', value: (r) => r.status },
  { id: 'published', label: '发布日期', value: (r) => r.published }
]
