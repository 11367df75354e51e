// Exports read the effective cells that every action stores (document_cells) instead of deriving
// them; after each kind of action the stored report must equal the one derived from the
// extraction and the log, as the review screen shows it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isTemplateId } from '../../../src/shared/templates'
import { openDb, type Db } from '../../../src/core/store/db'
import { getDocumentDetail, iterateReportDetails } from '../../../src/core/store/details'
import { cellsBasis } from '../../../src/core/store/effective'
import { recordExtraction } from '../../../src/core/store/pipeline'
import { confirmCells, correctCell, markReviewed, redo, setMetadata, undo } from '../../../src/core/store/review'
import { addReport, extractionOf, loadTruths } from './truth-db'

let dir: string
let db: Db
const truths = loadTruths()
const t2019 = truths.find((t) => t.template === '2019')!

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-stored-'))
  db = openDb(join(dir, 'review.sqlite'))
})

afterAll(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The report as an export reads it equals the report derived afresh, and it was read as stored. */
function expectStored(id: number): void {
  const { crossChecks: _, ...derived } = getDocumentDetail(db, id)
  const basis = db.prepare<[number], string>('SELECT basis FROM document_cells WHERE document_id = ?').pluck().get(id)
  expect(basis).toBe(isTemplateId(derived.template) ? cellsBasis(derived.template) : undefined)
  expect([...iterateReportDetails(db, { ids: [id] })]).toEqual(derived.template ? [derived] : [])
}

describe('stored effective cells', () => {
  it('follow every action: extraction, correction, confirmation, undo, redo, metadata, re-extraction, review', () => {
    const id = addReport(db, t2019)
    expectStored(id)
    correctCell(db, id, 'requests/new/natural', 1234, '王', '原表印为 1243, "核对"')
    expectStored(id)
    // The correction breaks the row's total: the identity's other cells turn to check.
    expect(Object.values(getDocumentDetail(db, id).cells).some((c) => c.status === 'check')).toBe(true)
    correctCell(db, id, 'review/reconsideration/pending', null, '王')
    confirmCells(db, id, ['requests/new/commercial'], '李')
    expectStored(id)
    undo(db, id, '王')
    expectStored(id)
    undo(db, id, '王')
    redo(db, id, '王')
    expectStored(id)
    setMetadata(db, id, 'agency', '改过的机关', '王')
    expectStored(id)
    // A new extraction that reads the corrected cell differently asks for a second look.
    const again = extractionOf(t2019)
    again.cells['requests/new/natural'] = { value: 999, status: 'ok', raw: '999' }
    recordExtraction(db, id, again, 'test-2')
    expectStored(id)
    expect(getDocumentDetail(db, id).cells['requests/new/natural']).toMatchObject({ value: 1234, secondLook: true })
    markReviewed(db, id, '王', '已核对')
    expectStored(id)
    // The other template: the stored cells are those of the 2021 table.
    setMetadata(db, id, 'template', '2021', '王')
    expectStored(id)
  })
})
