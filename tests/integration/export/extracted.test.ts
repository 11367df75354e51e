// Reports read by the real extractor (text and HTML fixtures), stored, one corrected, exported:
// statuses the extractor gives (inferred, check) and its sources survive into every format.
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DocumentDetail } from '../../../src/shared/api'
import { exportDataset } from '../../../src/core/export'
import type { ExportedJsonReport } from '../../../src/core/export/json'
import { MARKS } from '../../../src/core/export/cell-mark'
import { DATA_HEADER_ROWS, DATA_SHEET } from '../../../src/core/export/xlsx'
import { extractBytes } from '../../../src/core/extract'
import { ENGINE_VERSION } from '../../../src/core/extract/version'
import { openDb, type Db } from '../../../src/core/store/db'
import { getDocumentDetail } from '../../../src/core/store/details'
import { addDocument } from '../../../src/core/store/documents'
import { recordExtraction } from '../../../src/core/store/pipeline'
import { correctCell } from '../../../src/core/store/review'

// The extractor's own fixtures: one per layout, kept once.
const EXTRACT_FIXTURES = join(import.meta.dirname, '../../fixtures/extract')

let dir: string
let db: Db
let reports: DocumentDetail[]

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-export-extracted-'))
  db = openDb(join(dir, 'db.sqlite'))
  const ids: number[] = []
  // 001 prints only the totals of its 2019 tables (the rest is inferred); r14 leaves cells to check.
  for (const name of ['001_5d2f6b62d4341969.txt', 'r14_2022_health.html']) {
    const bytes = readFileSync(join(EXTRACT_FIXTURES, name))
    const { id } = addDocument(db, name, bytes)
    recordExtraction(db, id, await extractBytes(bytes, name), ENGINE_VERSION)
    ids.push(id)
  }
  correctCell(db, ids[1]!, 'requests/new/natural', 42, '李四', '与原件核对')
  reports = ids.map((id) => getDocumentDetail(db, id))
})

afterAll(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

const statuses = (r: DocumentDetail) => new Set(Object.values(r.cells).map((c) => c.status))

describe('export of extracted reports', () => {
  it('has the extractor’s statuses to carry', () => {
    expect(reports.map((r) => r.template)).toEqual(['2019', '2021'])
    const all = new Set(reports.flatMap((r) => [...statuses(r)]))
    for (const s of ['ok', 'inferred', 'check', 'corrected']) expect(all.has(s as never), s).toBe(true)
  })

  it('JSON keeps status, raw and text offsets of every cell', async () => {
    const out = await exportDataset(db, { format: 'json' })
    const parsed = JSON.parse(Buffer.from(out.data!).toString('utf8')) as ExportedJsonReport[]
    // Exports list reports by agency and year, not by id.
    for (const x of parsed) {
      for (const [key, view] of Object.entries(reports.find((r) => r.id === x.id)!.cells)) {
        expect(x.cells[key], key).toMatchObject({ value: view.value, status: view.status })
        expect(x.cells[key]!.raw).toBe(view.raw)
        expect(x.cells[key]!.source).toEqual(view.source)
      }
    }
  })

  it('CSV long form carries each status; text sources have no page', async () => {
    const out = await exportDataset(db, { format: 'csv' })
    const rows = parse(Buffer.from(out.data!), { bom: true, columns: true }) as Record<string, string>[]
    for (const row of rows) {
      const view = reports.find((r) => r.id === Number(row.document_id))!.cells[row.key!]!
      expect(row.status).toBe(view.status)
      expect(row.source_page).toBe('')
    }
    expect(rows.find((r) => r.key === 'requests/new/natural' && r.template === '2021')).toMatchObject({
      value: '42',
      status: 'corrected',
      corrected_by: '李四',
      correction_note: '与原件核对'
    })
  })

  it('XLSX fills inferred, check and corrected cells, each with its own colour', async () => {
    const path = join(dir, 'x.xlsx')
    await exportDataset(db, { format: 'xlsx', path })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(path)
    const sheet = workbook.getWorksheet(DATA_SHEET)!
    const names = (sheet.getRow(DATA_HEADER_ROWS).values as unknown[]).slice(1) as string[]
    const seen = new Set<string>()
    for (const n of [1, 2]) {
      const row = sheet.getRow(DATA_HEADER_ROWS + n)
      const r = reports.find((x) => x.id === Number(row.getCell(1).value))!
      names.forEach((name, i) => {
        const view = r.cells[name.replace(/^\d{4}:/, '')]
        if (!view || (name.includes(':') && !name.startsWith(`${r.template}:`))) return
        const mark = MARKS[view.status]
        const fill = row.getCell(i + 1).fill as ExcelJS.FillPattern | undefined
        expect(fill?.fgColor?.argb, `${name} ${view.status}`).toBe(mark ? (mark.fill as ExcelJS.FillPattern).fgColor!.argb : undefined)
        if (mark) seen.add(view.status)
      })
    }
    expect([...seen].sort()).toEqual(['check', 'corrected', 'inferred'])
  })
})
