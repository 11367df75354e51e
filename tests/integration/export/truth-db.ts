// Builds review databases from fixture truth files through the store's public functions:
// import, record an extraction, correct, confirm, mark reviewed. Used by the export tests and
// bench/export.ts (which multiplies the reports to 10,000).
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Cell, Extraction } from '../../../src/shared/cells'
import { cellKeys, isTemplateId, type TemplateId } from '../../../src/shared/templates'
import type { Db } from '../../../src/core/store/db'
import { addDocument } from '../../../src/core/store/documents'
import { recordExtraction } from '../../../src/core/store/pipeline'
import { confirmTable, correctCell, markReviewed } from '../../../src/core/store/review'

export interface Truth {
  file: string
  template: TemplateId
  agency: string
  year: number
  published: string | null
  cells: Record<string, number | null>
}

export const FIXTURES = join(import.meta.dirname, '../../fixtures/export')

export function loadTruths(dir = FIXTURES): Truth[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.truth.json'))
    .sort()
    .flatMap((f) => {
      const t = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Omit<Truth, 'file'>
      return isTemplateId(t.template) && t.cells ? [{ ...t, file: f.replace('.truth.json', '.txt') }] : []
    })
}

/** An extraction as the extractor would hand it over: every cell, unprinted ones missing. */
export function extractionOf(t: Truth, copy = 0): Extraction {
  const cells: Record<string, Cell> = {}
  cellKeys(t.template).forEach((key, i) => {
    const value = t.cells[key] ?? null
    cells[key] =
      value === null
        ? { value, status: 'missing' }
        : { value, status: 'ok', raw: String(value), source: { page: 1 + (i % 3), bbox: [10, 20 + i, 60, 30 + i] } }
  })
  const name = copy ? `${copy}-${t.file}` : t.file
  return {
    file: name,
    form: 'txt',
    template: t.template,
    agency: copy ? `${t.agency}${copy}` : t.agency,
    year: t.year,
    published: t.published,
    cells,
    checks: [],
    seconds: 0.1
  }
}

/** Imports one report; returns its id. */
export function addReport(db: Db, t: Truth, copy = 0): number {
  const x = extractionOf(t, copy)
  const { id } = addDocument(db, x.file, Buffer.from(`${x.file}\n${x.agency}\n${JSON.stringify(t.cells)}`))
  recordExtraction(db, id, x, 'test')
  return id
}

/**
 * The reviewer's work on a report: corrections (a number, a decimal, a negative, a blank, a note
 * with a comma and a quote, as CSV quoting must survive them), a confirmed table, reviewed.
 */
export function review(db: Db, id: number, t: Truth, reviewer = '王审阅'): void {
  correctCell(db, id, 'requests/new/natural', 1234, reviewer, '原表印为 1243，"核对" 后更正, 见第 3 页')
  correctCell(db, id, 'review/reconsideration/pending', null, reviewer)
  const amount = t.template === '2019' ? 'item20_9/procurement/amount' : 'item20_8/fees/amount'
  correctCell(db, id, amount, 12.34, reviewer)
  if (t.template === '2019') correctCell(db, id, 'item20_5/licensing/change', -7, reviewer)
  confirmTable(db, id, 'review', reviewer)
  markReviewed(db, id, reviewer, '已与原件核对')
}

/** The fixtures' reports, every other one reviewed with corrections. */
export function seedDatabase(db: Db, truths = loadTruths()): number[] {
  return truths.map((t, i) => {
    const id = addReport(db, t)
    if (i % 2 === 0) review(db, id, t)
    return id
  })
}
