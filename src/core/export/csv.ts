// CSV for analysis, streamed report by report. UTF-8 with a BOM: without it Excel and WPS on
// Chinese Windows read the file as GBK and garble every label.
//
// Every text field is quoted by csv-stringify, but not record by record: the long form of 10,000
// reports is 2 million records, and csv-stringify's stream took about 30 s of CPU over them. What
// repeats is quoted once and kept (a template's labels for each cell, a report's own fields, the
// status words); a record joins fields already quoted, as bytes encoded once. Numbers are written
// as csv-stringify casts them ('' + n) and never need quotes. Only a correction's reviewer, time
// and note are quoted per cell, on the few corrected cells.
import { stringify } from 'csv-stringify/sync'
import type { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
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

interface TemplateFields {
  /** Each cell in template order, with `key` to `column_label` quoted and a delimiter, as UTF-8. */
  cells: [CellKey, Uint8Array][]
  /** Their bytes together. */
  bytes: number
}

const templateFieldsCache = new Map<TemplateId, TemplateFields>()

function templateFields(template: TemplateId): TemplateFields {
  let fields = templateFieldsCache.get(template)
  if (!fields) {
    const labels = cellLabels(template)
    const cells = cellKeys(template).map((key): [CellKey, Uint8Array] => {
      const l = labels.get(key)!
      const text = csvFields([key, l.table, l.row, l.column, l.tableTitle, l.rowGroup, l.rowLabel, l.columnGroup, l.columnLabel]) + ','
      return [key, Buffer.from(text)]
    })
    fields = { cells, bytes: cells.reduce((n, [, b]) => n + b.length, 0) }
    templateFieldsCache.set(template, fields)
  }
  return fields
}

const ascii = (text: string): Uint8Array => Buffer.from(text, 'latin1')
const MISSING = ascii(csvFields([null, 'missing', null, null, null, null, null, null]) + '\n')
const COMMA = 44
const NEWLINE = 10
const MINUS = 45
const ZERO = 48

const words = new Map<string, Uint8Array>()
/** A status word, quoted once, with the delimiter that follows it, as bytes. */
function statusWord(w: string): Uint8Array {
  let bytes = words.get(w)
  if (bytes === undefined) words.set(w, (bytes = ascii(csvFields([w]) + ',')))
  return bytes
}

/**
 * Writes a number as csv-stringify casts it ('' + n) and returns the new end. Whole numbers, all
 * but a few of 2 million, are written digit by digit: converting each to a string first was a
 * third of the writer's time.
 */
function putNumber(out: Buffer, at: number, v: number | null | undefined): number {
  if (v === null || v === undefined) return at
  if (!Number.isInteger(v) || Math.abs(v) >= 1e15) return at + out.write('' + v, at, 'latin1')
  if (v < 0) out[at++] = MINUS
  let n = Math.abs(v)
  let digits = 1
  for (let t = n; t >= 10; t = (t - (t % 10)) / 10) digits++
  for (let i = at + digits - 1; i >= at; i--) {
    const d = n % 10
    out[i] = ZERO + d
    n = (n - d) / 10
  }
  return at + digits
}

/** Room for a cell's state fields: two numbers as long as '' + n makes them, status words, a page. */
const STATE_BYTES = 128

/**
 * One record per cell of the report's template, as bytes: the quoted labels repeat on every
 * record of every report (most of the file's 500 MB for 10,000 reports), so they are copied as
 * bytes encoded once; the state fields (value to source_page) are written straight as bytes.
 */
function longRecords(r: ExportedReport): Uint8Array {
  const head = Buffer.from(csvFields([r.id, r.name, r.agency, r.year, r.template]) + ',')
  const { cells, bytes } = templateFields(r.template)
  let out = Buffer.allocUnsafe(bytes + cells.length * (head.length + STATE_BYTES))
  let at = 0
  for (const [key, fixed] of cells) {
    const cell = r.cells[key]
    const c = cell?.correction
    const corrected = c ? csvFields([c.by, c.at, c.note]) + ',' : ''
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit.
    const need = at + head.length + fixed.length + STATE_BYTES + 3 * corrected.length
    if (need > out.length) {
      const grown = Buffer.allocUnsafe(2 * need)
      grown.set(out.subarray(0, at))
      out = grown
    }
    out.set(head, at)
    at += head.length
    out.set(fixed, at)
    at += fixed.length
    if (!cell) {
      out.set(MISSING, at)
      at += MISSING.length
      continue
    }
    at = putNumber(out, at, cell.value)
    out[at++] = COMMA
    const status = statusWord(cell.status)
    out.set(status, at)
    at += status.length
    at = putNumber(out, at, cell.extracted.value)
    out[at++] = COMMA
    const extracted = statusWord(cell.extracted.status)
    out.set(extracted, at)
    at += extracted.length
    if (c) at += out.write(corrected, at)
    else for (let i = 0; i < 3; i++) out[at++] = COMMA
    at = putNumber(out, at, sourcePage(cell.source))
    out[at++] = NEWLINE
  }
  return out.subarray(0, at)
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
  const records = reportChunks<string | Uint8Array>(
    source,
    options,
    (r) => {
      const record = wide ? wide.record(r) : longRecords(r)
      return count++ ? [record] : [header, record]
    },
    () => (count ? [] : [header])
  )
  await pipeline(records, out, options.signal ? { signal: options.signal } : {})
  return count
}
