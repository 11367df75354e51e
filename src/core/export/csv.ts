// CSV for analysis, streamed report by report. UTF-8 with a BOM: without it Excel and WPS on
// Chinese Windows read the file as GBK and garble every label.
//
// Every text field is quoted by csv-stringify, but not record by record: the long form of 10,000
// reports is 2 million records, and csv-stringify's stream took about 30 s of CPU over them. What
// repeats is quoted once and kept (a template's labels for each cell, a report's own fields, the
// status words); a record joins fields already quoted. Numbers are written as csv-stringify casts
// them ('' + n) and never need quotes. Only a correction's reviewer, time and note are quoted per
// cell, on the few corrected cells.
import { stringify } from 'csv-stringify/sync'
import type { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { CellView } from '../../shared/api'
import { cellKeys, type CellKey, type TemplateId } from '../../shared/templates'
import { REPORT_FIELDS, cellLabels, wideColumns } from './columns'
import { reportChunks, sourcePage, type ExportedReport, type ExportOptions, type ExportSource } from './source'

type Field = string | number | null | undefined

// escape_formulas: a file or agency name starting with = must not run as a formula in Excel.
const QUOTING = { escape_formulas: true, record_delimiter: '\n' } as const

/** Fields as one piece of a CSV record (no record delimiter), quoted by csv-stringify. */
export function csvFields(fields: readonly Field[]): string {
  return stringify([fields], QUOTING).slice(0, -1)
}

const BOM = '\ufeff'

const number = (v: number | null | undefined): string => (v === null || v === undefined ? '' : '' + v)

const words = new Map<string, string>()
/** A status word, quoted once, with the delimiter that follows it. */
function word(w: string): string {
  let quoted = words.get(w)
  if (quoted === undefined) words.set(w, (quoted = csvFields([w]) + ','))
  return quoted
}

export const LONG_HEADER = [
  'document_id',
  'file',
  'agency',
  'year',
  'template',
  'key',
  'table',
  'row',
  'column',
  'table_label',
  'row_group',
  'row_label',
  'column_group',
  'column_label',
  'value',
  'status',
  'extracted_value',
  'extracted_status',
  'corrected_by',
  'corrected_at',
  'correction_note',
  'source_page'
] as const

const cellFieldsCache = new Map<TemplateId, [CellKey, string][]>()

/** Each cell of a template in order, with its key, ids and labels quoted: `key` to `column_label` and a delimiter. */
function cellFields(template: TemplateId): [CellKey, string][] {
  let fields = cellFieldsCache.get(template)
  if (!fields) {
    const labels = cellLabels(template)
    fields = cellKeys(template).map((key) => {
      const l = labels.get(key)!
      return [key, csvFields([key, l.table, l.row, l.column, l.tableTitle, l.rowGroup, l.rowLabel, l.columnGroup, l.columnLabel]) + ',']
    })
    cellFieldsCache.set(template, fields)
  }
  return fields
}

const MISSING = csvFields([null, 'missing', null, null, null, null, null, null]) + '\n'
const NO_CORRECTION = ',,,'

/**
 * Appends the fields from `value` to `source_page` and the record delimiter, in few pieces:
 * pushed, not concatenated, so no intermediate strings are made (2 million records).
 */
function pushState(parts: string[], cell: CellView | undefined): void {
  if (!cell) {
    parts.push(MISSING)
    return
  }
  const c = cell.correction
  parts.push(
    number(cell.value),
    ',',
    word(cell.status),
    number(cell.extracted.value),
    ',',
    word(cell.extracted.status),
    c ? csvFields([c.by, c.at, c.note]) + ',' : NO_CORRECTION,
    number(sourcePage(cell.source)),
    '\n'
  )
}

/** One record per cell of the report's template, as one string. */
function longRecords(r: ExportedReport): string {
  const head = csvFields([r.id, r.name, r.agency, r.year, r.template]) + ','
  const parts: string[] = []
  for (const [key, fixed] of cellFields(r.template)) {
    parts.push(head, fixed)
    pushState(parts, r.cells[key])
  }
  return parts.join('')
}

/** The wide form's header and a writer of one report's record. */
function wideForm(templates: readonly TemplateId[]): { header: string; record: (r: ExportedReport) => string } {
  const columns = wideColumns(templates)
  // Per template, the key each column reads, or null where the column belongs to the other template.
  const filled = new Map<TemplateId, (CellKey | null)[]>()
  const keysOf = (t: TemplateId) => {
    let keys = filled.get(t)
    if (!keys) filled.set(t, (keys = columns.map((c) => (c.templates.includes(t) ? c.key : null))))
    return keys
  }
  return {
    header: csvFields([...REPORT_FIELDS.map((f) => f.id), ...columns.map((c) => c.id)]),
    record(r) {
      let out = csvFields(REPORT_FIELDS.map((f) => f.value(r)))
      for (const key of keysOf(r.template)) out += ',' + (key === null ? '' : number(r.cells[key]?.value))
      return out + '\n'
    }
  }
}

/** Writes the long form (one row per report and cell) or the wide form; returns the report count. */
export async function writeCsv(
  form: 'long' | 'wide',
  source: ExportSource,
  out: Writable,
  options: ExportOptions = {}
): Promise<number> {
  let count = 0
  const wide = form === 'wide' ? wideForm(source.templates) : null
  const header = BOM + (wide ? wide.header : csvFields(LONG_HEADER)) + '\n'
  const records = reportChunks(
    source,
    options,
    (r) => [(count++ ? '' : header) + (wide ? wide.record(r) : longRecords(r))],
    () => (count ? [] : [header])
  )
  await pipeline(records, out, options.signal ? { signal: options.signal } : {})
  return count
}
