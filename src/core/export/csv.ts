// CSV for analysis, quoted by csv-stringify and streamed report by report. UTF-8 with a BOM:
// without it Excel and WPS on Chinese Windows read the file as GBK and garble every label.
import { stringify } from 'csv-stringify'
import type { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { cellKeys } from '../../shared/templates'
import { REPORT_FIELDS, cellLabels, wideColumns, type WideColumn } from './columns'
import { reportChunks, sourcePage, type ExportedReport, type ExportOptions, type ExportSource } from './source'

type Field = string | number | null | undefined

const LONG_HEADER = [
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
]

function longRecords(r: ExportedReport): Field[][] {
  const labels = cellLabels(r.template)
  return cellKeys(r.template).map((key) => {
    const l = labels.get(key)!
    const cell = r.cells[key]
    return [
      r.id,
      r.name,
      r.agency,
      r.year,
      r.template,
      key,
      l.table,
      l.row,
      l.column,
      l.tableTitle,
      l.rowGroup,
      l.rowLabel,
      l.columnGroup,
      l.columnLabel,
      cell?.value,
      cell?.status ?? 'missing',
      cell?.extracted.value,
      cell?.extracted.status,
      cell?.correction?.by,
      cell?.correction?.at,
      cell?.correction?.note,
      sourcePage(cell?.source)
    ]
  })
}

function wideRecord(r: ExportedReport, columns: WideColumn[]): Field[] {
  const record: Field[] = REPORT_FIELDS.map((f) => f.value(r))
  for (const c of columns) record.push(c.templates.includes(r.template) ? r.cells[c.key]?.value : null)
  return record
}

/** Writes the long form (one row per report and cell) or the wide form; returns the report count. */
export async function writeCsv(
  form: 'long' | 'wide',
  source: ExportSource,
  out: Writable,
  options: ExportOptions = {}
): Promise<number> {
  let count = 0
  const columns = wideColumns(source.templates)
  const header = form === 'long' ? LONG_HEADER : [...REPORT_FIELDS.map((f) => f.id), ...columns.map((c) => c.id)]
  const records = reportChunks(source, options, (r) => {
    count++
    return form === 'long' ? longRecords(r) : [wideRecord(r, columns)]
  })
  await pipeline(
    records,
    // escape_formulas: a file or agency name starting with = must not run as a formula in Excel.
    stringify({ bom: true, header: true, columns: header, escape_formulas: true }),
    out,
    options.signal ? { signal: options.signal } : {}
  )
  return count
}
