// The CSV writer quotes repeated fields once and joins them; its output must be byte for byte what
// csv-stringify writes when it is given every record whole, and read back with csv-parse to the
// very values, whatever the text holds (commas, quotes, line breaks, leading = or -).
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { CellView } from '../../../src/shared/api'
import { cellKeys } from '../../../src/shared/templates'
import { writeExport } from '../../../src/core/export'
import { LONG_HEADER } from '../../../src/core/export/csv'
import { cellLabels, REPORT_FIELDS, wideColumns } from '../../../src/core/export/columns'
import type { ReportDetail } from '../../../src/core/store/details'
import { loadTruths } from '../../integration/export/truth-db'

const [t2019, t2021] = ['2019', '2021'].map((t) => loadTruths().find((x) => x.template === t)!)

function report(id: number, truth: typeof t2019, agency: string, name: string): ReportDetail {
  const cells: Record<string, CellView> = {}
  cellKeys(truth!.template).forEach((key, i) => {
    const value = truth!.cells[key] ?? null
    const view: CellView = {
      value,
      status: value === null ? 'missing' : 'ok',
      extracted: { value, status: value === null ? 'missing' : 'ok' },
      ...(i % 3 ? { source: { page: 1 + (i % 4), bbox: [0, 0, 1, 1] as [number, number, number, number] } } : {})
    }
    if (i % 50 === 7) {
      Object.assign(view, {
        value: i % 100 === 7 ? -12.5 : null,
        status: 'corrected',
        correction: { by: '=王,"审阅"', at: '2024-05-01T08:00:00.000Z', note: i % 100 === 7 ? '原表印为 "1,243"\n见第 3 页' : undefined }
      })
    }
    // Numbers the writer spells digit by digit or leaves to '' + n.
    const odd: Record<number, number> = { 11: -3, 13: 1e15 + 2, 17: 123456789012, 19: -0, 23: 0.1 + 0.2 }
    if (odd[i] !== undefined) Object.assign(view, { value: odd[i], extracted: { value: -odd[i], status: 'ok' } })
    // A cell the report lacks altogether (written as missing).
    if (i !== 5) cells[key] = view
  })
  return {
    id, name, size: 1, sha256: String(id), form: 'txt', pages: 3, importedAt: '', updatedAt: '', status: 'reviewed',
    agency, year: truth!.year, template: truth!.template, toCheck: 0, failingChecks: 0, error: null,
    published: null, engineVersion: '1', cells, checks: [], canUndo: false, canRedo: false, reviewNote: null
  }
}

const reports = [
  report(1, t2019, '@某局,"办公室"', '=HYPERLINK("x").txt'),
  report(2, t2021, '多行\n机关\r\n名称', '-1+2.docx'),
  report(3, t2021, '', '  空格 .pdf')
]

async function written(format: 'csv' | 'csv-wide'): Promise<string> {
  const chunks: Buffer[] = []
  const out = new Writable({ write: (c: Buffer, _e, done) => (chunks.push(Buffer.from(c)), done()) })
  await writeExport(format, { total: reports.length, templates: ['2019', '2021'], reports }, out)
  return Buffer.concat(chunks).toString('utf8')
}

/** What csv-stringify writes for whole records, as the writer used to hand them over. */
const reference = (header: readonly string[], records: unknown[][]) =>
  '\ufeff' + stringify(records, { header: true, columns: [...header], escape_formulas: true })

describe('CSV quoting', () => {
  it('long form equals csv-stringify over whole records and reads back to the values', async () => {
    const records = reports.flatMap((r) => {
      const labels = cellLabels(r.template!)
      return cellKeys(r.template!).map((key) => {
        const l = labels.get(key)!
        const c = r.cells[key]
        const page = c?.source && 'page' in c.source ? c.source.page : null
        return [r.id, r.name, r.agency, r.year, r.template, key, l.table, l.row, l.column, l.tableTitle, l.rowGroup, l.rowLabel,
          l.columnGroup, l.columnLabel, c?.value, c?.status ?? 'missing', c?.extracted.value, c?.extracted.status, c?.correction?.by,
          c?.correction?.at, c?.correction?.note, page]
      })
    })
    const text = await written('csv')
    expect(text).toBe(reference(LONG_HEADER, records))
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[]
    expect(rows.length).toBe(records.length)
    const noted = rows.find((row) => row.correction_note)!
    expect(noted).toMatchObject({ agency: `'@某局,"办公室"`, value: '-12.5', corrected_by: "'=王,\"审阅\"", correction_note: '原表印为 "1,243"\n见第 3 页' })
    expect(rows.find((row) => row.document_id === '2')!.agency).toBe('多行\n机关\r\n名称')
    expect(rows[0]!.file).toBe(`'=HYPERLINK("x").txt`)
  })

  it('wide form equals csv-stringify over whole records', async () => {
    const columns = wideColumns(['2019', '2021'])
    const header = [...REPORT_FIELDS.map((f) => f.id), ...columns.map((c) => c.id)]
    const records = reports.map((r) => [
      ...REPORT_FIELDS.map((f) => f.value(r)),
      ...columns.map((c) => (c.templates.includes(r.template!) ? r.cells[c.key]?.value : null))
    ])
    expect(await written('csv-wide')).toBe(reference(header, records))
  })

  it('an empty selection still has the header', async () => {
    const chunks: Buffer[] = []
    const out = new Writable({ write: (c: Buffer, _e, done) => (chunks.push(Buffer.from(c)), done()) })
    await writeExport('csv', { total: 0, templates: [], reports: [] }, out)
    expect(Buffer.concat(chunks).toString('utf8')).toBe(reference(LONG_HEADER, []))
  })
})
