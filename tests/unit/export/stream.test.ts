// The writers against a plain iterable of reports (no database): progress, cancellation, and
// reports that were never extracted.
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { CellView, DocumentDetail } from '../../../src/shared/api'
import { cellKeys } from '../../../src/shared/templates'
import { writeExport } from '../../../src/core/export'
import { EXPORT_FORMATS } from '../../../src/shared/api'
import { DATA_SHEET, REPORT_SHEETS_MAX } from '../../../src/core/export/xlsx'
import { loadTruths, type Truth } from '../../integration/export/truth-db'

function detail(t: Truth, id: number): DocumentDetail {
  const cells: Record<string, CellView> = {}
  for (const key of cellKeys(t.template)) {
    const value = t.cells[key] ?? null
    const status = value === null ? 'missing' : 'ok'
    cells[key] = { value, status, extracted: { value, status } }
  }
  return {
    id, name: t.file, size: 1, sha256: String(id), form: 'txt', pages: null, importedAt: '', updatedAt: '',
    status: 'extracted', agency: t.agency, year: t.year, template: t.template, toCheck: 0, failingChecks: 0,
    error: null, published: t.published, engineVersion: '1', cells, checks: [], crossChecks: [],
    canUndo: false, canRedo: false, reviewNote: null
  }
}

const truths = loadTruths()
const unextracted: DocumentDetail = { ...detail(truths[0]!, 99), template: null, cells: {}, status: 'failed' }

function sink() {
  const chunks: Buffer[] = []
  const out = new Writable({ write: (c: Buffer, _e, done) => (chunks.push(Buffer.from(c)), done()) })
  return { out, text: () => Buffer.concat(chunks).toString('utf8'), bytes: () => Buffer.concat(chunks) }
}

describe('export writers over any iterable of reports', () => {
  it.each(EXPORT_FORMATS)('%s: reports progress up to the total and skips reports never extracted', async (format) => {
    const reports = [...truths.map((t, i) => detail(t, i + 1)), unextracted]
    const calls: [number, number][] = []
    const { out } = sink()
    const count = await writeExport(
      format,
      { total: reports.length, templates: ['2019', '2021'], reports },
      out,
      { onProgress: (done, total) => calls.push([done, total]) }
    )
    expect(count).toBe(truths.length)
    expect(calls[0]).toEqual([0, reports.length])
    expect(calls.at(-1)).toEqual([reports.length, reports.length])
  })

  it.each(EXPORT_FORMATS)('%s: stops with AbortError when cancelled between reports', async (format) => {
    const controller = new AbortController()
    function* reports() {
      for (let i = 0; i < 1000; i++) {
        if (i === 3) controller.abort()
        yield detail(truths[i % truths.length]!, i + 1)
      }
    }
    const { out } = sink()
    const run = writeExport(format, { total: 1000, templates: ['2019', '2021'], reports: reports() }, out, { signal: controller.signal })
    await expect(run).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('streams: the first rows are out before the source is exhausted', async () => {
    const { out, text } = sink()
    let seenBeforeEnd = ''
    async function* reports() {
      for (let i = 0; i < 200; i++) {
        if (i === 150) {
          await new Promise((r) => setImmediate(r))
          seenBeforeEnd = text()
        }
        yield detail(truths[i % truths.length]!, i + 1)
      }
    }
    await writeExport('csv-wide', { total: 200, templates: ['2019', '2021'], reports: reports() }, out)
    const rows = parse(seenBeforeEnd.replace(/\n[^\n]*$/, '\n'), { bom: true }) as string[][]
    expect(rows.length).toBeGreaterThan(10)
    expect(parse(text(), { bom: true }).length).toBe(201)
  })

  it.each([
    [REPORT_SHEETS_MAX, REPORT_SHEETS_MAX + 2],
    [REPORT_SHEETS_MAX + 1, 2]
  ])('xlsx: %i reports give %i sheets (one per report only for a handful)', async (n, sheets) => {
    const { out, bytes } = sink()
    const reports = Array.from({ length: n }, (_, i) => detail(truths[i % truths.length]!, i + 1))
    await writeExport('xlsx', { total: n, templates: ['2019', '2021'], reports }, out)
    const workbook = new ExcelJS.Workbook()
    const b = bytes()
    await workbook.xlsx.load(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer)
    expect(workbook.worksheets.length).toBe(sheets)
    expect(workbook.worksheets[0]!.name).toBe(DATA_SHEET)
  })
})
