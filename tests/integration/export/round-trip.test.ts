// Export a review database, read the files back with independent readers (csv-parse, exceljs,
// LibreOffice), and compare with what the database says each report holds.
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DocumentDetail } from '../../../src/shared/api'
import { cellKeys, type TemplateId } from '../../../src/shared/templates'
import { exportDataset } from '../../../src/core/export'
import type { ExportedJsonReport } from '../../../src/core/export/json'
import { officialLayout } from '../../../src/core/export/layout'
import { DATA_HEADER_ROWS, DATA_SHEET } from '../../../src/core/export/xlsx'
import { openDb, type Db } from '../../../src/core/store/db'
import { getDocumentDetail } from '../../../src/core/store/details'
import { seedDatabase } from './truth-db'

let dir: string
let db: Db
let reports: DocumentDetail[]

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-export-'))
  db = openDb(join(dir, 'review.sqlite'))
  reports = seedDatabase(db).map((id) => getDocumentDetail(db, id))
})

afterAll(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

const byId = (id: unknown) => reports.find((r) => r.id === Number(id))!
const template = (r: DocumentDetail) => r.template as TemplateId
/** What a CSV or a text cell holds for a value: blank for null, else the number. */
const asText = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v))

describe('the test database', () => {
  it('holds reports of both templates, corrected and not', () => {
    expect(new Set(reports.map(template))).toEqual(new Set(['2019', '2021']))
    const corrected = reports.flatMap((r) => Object.values(r.cells).filter((c) => c.status === 'corrected'))
    expect(corrected.length).toBeGreaterThanOrEqual(6)
    expect(corrected.some((c) => c.value === null)).toBe(true)
  })
})

describe('CSV long form', () => {
  it('reads back with csv-parse: one row per report and cell, equal to the database', async () => {
    const path = join(dir, 'long.csv')
    const out = await exportDataset(db, { format: 'csv', path })
    expect(out).toMatchObject({ count: reports.length, path, name: 'long.csv' })
    const bytes = readFileSync(path)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows = parse(bytes, { bom: true, columns: true }) as Record<string, string>[]
    expect(rows.length).toBe(reports.reduce((n, r) => n + cellKeys(template(r)).length, 0))
    for (const row of rows) {
      const r = byId(row.document_id)
      const cell = r.cells[row.key!]!
      expect(row.template).toBe(r.template)
      expect(row.agency).toBe(r.agency)
      expect(row.year).toBe(String(r.year))
      expect(row.key).toBe(`${row.table}/${row.row}/${row.column}`)
      expect(row.value).toBe(asText(cell.value))
      expect(row.status).toBe(cell.status)
      expect(row.extracted_value).toBe(asText(cell.extracted.value))
      expect(row.corrected_by).toBe(cell.correction?.by ?? '')
      expect(row.corrected_at).toBe(cell.correction?.at ?? '')
      expect(row.correction_note).toBe(cell.correction?.note ?? '')
      expect(row.source_page).toBe(cell.source && 'page' in cell.source ? String(cell.source.page) : '')
    }
    const labelled = rows.find((r) => r.key === 'requests/denied_secret/commercial')!
    expect(labelled).toMatchObject({
      table_label: '三、收到和处理政府信息公开申请情况',
      row_group: '（三）不予公开',
      row_label: '1.属于国家秘密',
      column_group: '法人或其他组织',
      column_label: '商业企业'
    })
    // The note holds a comma and double quotes: quoting survived.
    expect(rows.some((r) => r.correction_note === '原表印为 1243，"核对" 后更正, 见第 3 页')).toBe(true)
  })
})

describe('CSV wide form', () => {
  it('reads back: one row per report, one column per cell, templates never share a differing column', async () => {
    const out = await exportDataset(db, { format: 'csv-wide' })
    expect(out.count).toBe(reports.length)
    expect(out.name).toMatch(/宽表.*\.csv$/)
    const [header, ...rows] = parse(Buffer.from(out.data!), { bom: true }) as string[][]
    expect(rows.length).toBe(reports.length)
    expect(header).toContain('requests/new/total')
    expect(header).toContain('2019:item20_5/licensing/decisions')
    expect(header).toContain('2021:item20_5/licensing/decisions')
    expect(header).not.toContain('item20_5/licensing/decisions')
    for (const row of rows) {
      const r = byId(row[0])
      header!.forEach((name, i) => {
        if (i < 7) return
        const [scope, key] = name.includes(':') ? name.split(':') : [null, name]
        const expected = scope === null || scope === r.template ? r.cells[key!]?.value : null
        if (scope === null || scope === r.template) expect(key! in r.cells, name).toBe(true)
        expect(row[i], `${r.id} ${name}`).toBe(asText(expected))
      })
    }
  })
})

describe('XLSX', () => {
  let path: string
  let workbook: ExcelJS.Workbook

  beforeAll(async () => {
    path = join(dir, 'dataset.xlsx')
    await exportDataset(db, { format: 'xlsx', path })
    workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(path)
  })

  it('has a data sheet whose numbers read back as numbers equal to the database, corrections marked', () => {
    const sheet = workbook.getWorksheet(DATA_SHEET)!
    const keys = (sheet.getRow(DATA_HEADER_ROWS).values as unknown[]).slice(1) as string[]
    expect(sheet.rowCount).toBe(DATA_HEADER_ROWS + reports.length)
    expect(sheet.getCell(1, 8).value).toBe('第二十条第（一）项')
    for (let n = DATA_HEADER_ROWS + 1; n <= sheet.rowCount; n++) {
      const row = sheet.getRow(n)
      const r = byId(row.getCell(1).value)
      expect(row.getCell(3).value).toBe(r.agency)
      keys.forEach((name, i) => {
        if (i < 7) return
        const [scope, key] = name.includes(':') ? name.split(':') : [null, name]
        const cell = row.getCell(i + 1)
        const view = scope === null || scope === r.template ? r.cells[key!] : undefined
        expect(cell.value ?? null, `${r.id} ${name}`).toBe(view?.value ?? null)
        if (view?.status === 'corrected') {
          expect(cell.note, `${r.id} ${name} note`).toBeTruthy()
          expect(cell.fill).toMatchObject({ type: 'pattern', pattern: 'solid' })
        }
      })
    }
  })

  it('has one sheet per report in the official layout, merged headers included', () => {
    expect(workbook.worksheets.length).toBe(1 + reports.length + 1)
    for (const r of reports) {
      const sheet = workbook.worksheets.find((s) => s.name.startsWith(`${r.id} `))!
      expect(sheet, `sheet of ${r.id}`).toBeTruthy()
      const layout = officialLayout(template(r))
      const offset = (sheet.getCell(1, 1).value as string).includes(r.agency!) ? 3 : NaN
      for (const c of layout.cells) {
        const cell = sheet.getCell(offset + c.row, c.col)
        if (c.key) expect(cell.value ?? null, `${r.id} ${c.key}`).toBe(r.cells[c.key]!.value)
        else expect(cell.value).toBe(c.text)
        if (c.rowEnd > c.row || c.colEnd > c.col) {
          expect(sheet.getCell(offset + c.rowEnd, c.colEnd).master.address).toBe(cell.address)
        }
      }
      const heads = layout.cells.filter((c) => c.kind === 'head')
      const applicants = heads.find((c) => c.text === '申请人情况')!
      expect(applicants.colEnd - applicants.col + 1).toBe(7)
      const legal = heads.find((c) => c.text === '法人或其他组织')!
      expect(legal.colEnd - legal.col + 1).toBe(5)
      const litigation = heads.find((c) => c.text === '行政诉讼')!
      expect(litigation.colEnd - litigation.col + 1).toBe(10)
    }
  })

  it('converts through LibreOffice to a CSV whose data rows equal the database', () => {
    const out = join(dir, 'lo')
    // 44,34,76: comma, double quote, UTF-8; the data sheet is the first sheet.
    execFileSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', out, path], {
      stdio: 'pipe',
      timeout: 120_000
    })
    const rows = parse(readFileSync(join(out, 'dataset.csv')), { bom: true, relax_column_count: true }) as string[][]
    const keys = rows[DATA_HEADER_ROWS - 1]!
    expect(keys[7]).toBe('2019:item20_1/regulations/new_made')
    const data = rows.slice(DATA_HEADER_ROWS)
    expect(data.length).toBe(reports.length)
    for (const row of data) {
      const r = byId(row[0])
      expect(row[2]).toBe(r.agency)
      keys.forEach((name, i) => {
        if (i < 7) return
        const [scope, key] = name.includes(':') ? name.split(':') : [null, name]
        const view = scope === null || scope === r.template ? r.cells[key!] : undefined
        expect(row[i] === '' ? null : Number(row[i]), `${r.id} ${name}`).toBe(view?.value ?? null)
      })
    }
  })
})

describe('JSON', () => {
  it('holds every report in the extraction shape with effective values and the corrections', async () => {
    const path = join(dir, 'dataset.json')
    await exportDataset(db, { format: 'json', path })
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as ExportedJsonReport[]
    expect(parsed.length).toBe(reports.length)
    for (const x of parsed) {
      const r = byId(x.id)
      expect(x).toMatchObject({ file: r.name, form: r.form, template: r.template, agency: r.agency, year: r.year, published: r.published })
      expect(Object.keys(x.cells)).toEqual(cellKeys(template(r)))
      expect(x.checks).toEqual(r.checks)
      for (const [key, cell] of Object.entries(x.cells)) {
        const view = r.cells[key]!
        expect(cell.value).toBe(view.value)
        expect(cell.status).toBe(view.status)
        expect(cell.source).toEqual(view.source)
        if (view.correction) expect(cell).toMatchObject({ correction: view.correction, extracted: view.extracted })
        else expect(cell.correction).toBeUndefined()
      }
    }
  })
})
