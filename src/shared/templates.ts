// The two official templates, from ../shared/schema/templates.json (copied so the app ships them).
import data from './templates.json'

export const TEMPLATE_IDS = ['2019', '2021'] as const
export type TemplateId = (typeof TEMPLATE_IDS)[number]

export interface ColumnDef {
  id: string
  label: string
  group?: string
  unit?: string
  aliases?: string[]
}

export interface RowDef {
  id: string
  label: string
  group?: string
  aliases?: string[]
}

export interface TableDef {
  id: string
  title: string
  columns: ColumnDef[]
  rows: RowDef[]
}

export interface TemplateDef {
  id: TemplateId
  basis: string
  tables: TableDef[]
}

export const TEMPLATES: Record<TemplateId, TemplateDef> = Object.fromEntries(
  (data.templates as TemplateDef[]).map((t) => [t.id, t])
) as Record<TemplateId, TemplateDef>

export type CellKey = string

export function cellKey(table: string, row: string, column: string): CellKey {
  return `${table}/${row}/${column}`
}

export function splitCellKey(key: CellKey): { table: string; row: string; column: string } {
  const [table = '', row = '', column = ''] = key.split('/')
  return { table, row, column }
}

const keyCache = new Map<TemplateId, CellKey[]>()

/** Every cell key of a template, in template order (table, then row, then column). */
export function cellKeys(template: TemplateId): CellKey[] {
  let keys = keyCache.get(template)
  if (!keys) {
    keys = TEMPLATES[template].tables.flatMap((t) =>
      t.rows.flatMap((r) => t.columns.map((c) => cellKey(t.id, r.id, c.id)))
    )
    keyCache.set(template, keys)
  }
  return keys
}

export function isTemplateId(x: unknown): x is TemplateId {
  return x === '2019' || x === '2021'
}
