import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DocumentDetail } from '../../../src/shared/api'
import type { Result } from '../../../src/shared/result'
import { openCore, type Core } from '../../../src/core/app'
import { iterateDocumentDetails } from '../../../src/core/store/details'
import { addDocument } from '../../../src/core/store/documents'
import { recordExtraction } from '../../../src/core/store/pipeline'
import { FIXTURES, extractionFrom, tempDir } from './fixture'

let tmp: ReturnType<typeof tempDir>
let core: Core
const dbPath = () => join(tmp.dir, 'nianbao.sqlite')

beforeEach(() => {
  tmp = tempDir()
  core = openCore({ dbPath: dbPath(), resumeJobs: false })
})
afterEach(() => {
  core.close()
  tmp.cleanup()
})

/** Stores a fixture's bytes and an extraction of it, as the import job would. */
function seed(name: string, file = `${name}.txt`, override?: Parameters<typeof extractionFrom>[1]): number {
  const bytes = name.startsWith('20') ? new TextEncoder().encode(name) : readFileSync(join(FIXTURES, file))
  const { id } = addDocument(core.db, file, bytes)
  recordExtraction(core.db, id, extractionFrom(name, override), '1')
  return id
}

async function call<T = DocumentDetail>(method: string, input: unknown): Promise<T> {
  const r = (await core.invoke(method, input)) as Result<T>
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value
}
async function failure(method: string, input: unknown) {
  const r = await core.invoke(method, input)
  expect(r.ok).toBe(false)
  return (r as { error: { code: string } }).error.code
}

const SEED = '000_72bc36100511d77e'

describe('review actions', () => {
  it('a correction overrides the extraction, re-runs the identities and starts the review', async () => {
    const id = seed(SEED)
    const before = await call('getDocument', { id })
    expect(before.status).toBe('extracted')
    expect(before.checks).toEqual([])
    expect(before.cells['requests/new/natural']!.value).toBe(0)

    await call('setSettings', { reviewer: '王审' })
    const after = await call('correctCell', { documentId: id, key: 'requests/new/natural', value: 4, note: '原文第 3 页' })
    const cell = after.cells['requests/new/natural']!
    expect(cell).toMatchObject({ value: 4, status: 'corrected', extracted: { value: 0, status: 'ok' } })
    expect(cell.correction).toMatchObject({ by: '王审', note: '原文第 3 页' })
    expect(after.status).toBe('in_review')
    // 4 new requests break "total column = sum of columns" and "new + carried = total + carried forward".
    expect(after.checks.map((c) => c.rule).length).toBeGreaterThan(0)
    expect(after.cells['requests/new/total']!.status).toBe('check')
    const [summary] = await call<DocumentDetail[]>('listDocuments', {})
    expect(summary!.failingChecks).toBe(after.checks.length)
    expect(summary!.toCheck).toBe(Object.values(after.cells).filter((c) => c.status === 'check').length)
  })

  it('refuses impossible values and accepts decimals and negatives where they belong', async () => {
    const id = seed(SEED)
    expect(await failure('correctCell', { documentId: id, key: 'requests/new/total', value: -1 })).toBe('invalid-input')
    expect(await failure('correctCell', { documentId: id, key: 'requests/new/total', value: 1.5 })).toBe('invalid-input')
    expect(await failure('correctCell', { documentId: id, key: 'requests/nope/total', value: 1 })).toBe('invalid-input')
    expect(await failure('correctCell', { documentId: 999, key: 'requests/new/total', value: 1 })).toBe('not-found')
    const d1 = await call('correctCell', { documentId: id, key: 'item20_9/procurement/amount', value: 13.7 })
    expect(d1.cells['item20_9/procurement/amount']!.value).toBe(13.7)
    const d2 = await call('correctCell', { documentId: id, key: 'item20_5/licensing/change', value: -3 })
    expect(d2.cells['item20_5/licensing/change']!.value).toBe(-3)
  })

  it('undo and redo walk the log, survive a reopen, and a new edit clears redo', async () => {
    const id = seed(SEED)
    await call('correctCell', { documentId: id, key: 'review/reconsideration/maintained', value: 1 })
    await call('correctCell', { documentId: id, key: 'review/reconsideration/maintained', value: 2 })
    let d = await call('undo', { documentId: id })
    expect(d.cells['review/reconsideration/maintained']!.value).toBe(1)
    expect(d).toMatchObject({ canUndo: true, canRedo: true })
    d = await call('undo', { documentId: id })
    expect(d.cells['review/reconsideration/maintained']).toMatchObject({ value: null, status: 'missing' })
    expect(d.canUndo).toBe(false)
    expect(await failure('undo', { documentId: id })).toBe('refused')

    core.close()
    core = openCore({ dbPath: dbPath(), resumeJobs: false })
    d = await call('redo', { documentId: id })
    expect(d.cells['review/reconsideration/maintained']!.value).toBe(1)
    d = await call('correctCell', { documentId: id, key: 'review/reconsideration/total', value: 1 })
    expect(d.canRedo).toBe(false)
    expect(d.cells['review/reconsideration/maintained']!.value).toBe(1)
    expect(d.checks).toEqual([])
  })

  it('confirming a table confirms its ok cells only, and is undone as one action', async () => {
    const id = seed(SEED, undefined, { 'review/reconsideration/other': { status: 'check', reason: '模糊匹配' } })
    const before = await call('getDocument', { id })
    const okKeys = Object.keys(before.cells).filter((k) => k.startsWith('review/') && before.cells[k]!.status === 'ok')
    expect(okKeys.length).toBeGreaterThan(3)
    let d = await call('confirmTable', { documentId: id, table: 'review' })
    expect(Object.keys(d.cells).filter((k) => d.cells[k]!.status === 'confirmed')).toEqual(okKeys)
    expect(d.cells['review/reconsideration/other']!.status).toBe('check')
    d = await call('confirmCells', { documentId: id, keys: ['review/reconsideration/other'] })
    expect(d.cells['review/reconsideration/other']!.status).toBe('confirmed')
    expect(d.toCheck).toBe(0)
    await call('undo', { documentId: id })
    d = await call('undo', { documentId: id })
    expect(Object.values(d.cells).some((c) => c.status === 'confirmed')).toBe(false)
    expect(await failure('confirmTable', { documentId: id, table: 'nope' })).toBe('invalid-input')
  })

  it('mark reviewed is refused while checks fail unless overridden, and an edit reopens it', async () => {
    const id = seed(SEED)
    await call('correctCell', { documentId: id, key: 'requests/new/natural', value: 4 })
    expect(await failure('markReviewed', { documentId: id })).toBe('refused')
    let d = await call('markReviewed', { documentId: id, overrideNote: '原表如此' })
    expect(d).toMatchObject({ status: 'reviewed', reviewNote: '原表如此' })
    d = await call('undo', { documentId: id })
    expect(d.status).toBe('in_review')
    expect(d.checks).toEqual([])
    d = await call('markReviewed', { documentId: id })
    expect(d).toMatchObject({ status: 'reviewed', reviewNote: null })
  })

  it('re-extraction keeps corrections and flags the cells where the new engine now disagrees', async () => {
    const id = seed(SEED)
    for (const [key, value] of [
      ['requests/granted/natural', 0],
      ['requests/partial/natural', 0],
      ['requests/new/legal', 0]
    ] as const) {
      await call('correctCell', { documentId: id, key, value: value + 7 })
    }
    await call('undo', { documentId: id })
    const newer = extractionFrom(SEED, {
      'requests/granted/natural': { value: 7 }, // now agrees with the reviewer
      'requests/partial/natural': { value: 5 } // now reads something else again
    })
    recordExtraction(core.db, id, newer, '2')
    const d = await call('getDocument', { id })
    expect(d.engineVersion).toBe('2')
    expect(d.cells['requests/granted/natural']).toMatchObject({ value: 7, status: 'corrected' })
    expect(d.cells['requests/granted/natural']!.secondLook).toBeUndefined()
    expect(d.cells['requests/partial/natural']).toMatchObject({ value: 7, status: 'corrected', secondLook: true })
    expect(d.cells['requests/new/legal']).toMatchObject({ value: 0, status: 'ok' })
    expect(d.canRedo).toBe(true)
  })

  it('a reviewed report stays reviewed through a re-extraction only while every value it showed stays', async () => {
    const id = seed(SEED)
    await call('correctCell', { documentId: id, key: 'requests/new/natural', value: 0, note: '核对无误' })
    expect(await call('markReviewed', { documentId: id, overrideNote: '逐格核对' })).toMatchObject({ status: 'reviewed' })
    recordExtraction(core.db, id, extractionFrom(SEED), '2')
    expect(await call('getDocument', { id })).toMatchObject({ status: 'reviewed', engineVersion: '2', reviewNote: '逐格核对' })
    // The new engine reads a cell nobody corrected differently: the sign-off no longer covers it.
    recordExtraction(core.db, id, extractionFrom(SEED, { 'review/reconsideration/other': { value: 3 } }), '3')
    const d = await call('getDocument', { id })
    expect(d).toMatchObject({ status: 'in_review', reviewNote: null })
    expect(d.cells['review/reconsideration/other']!.value).toBe(3)
    expect(d.cells['requests/new/natural']).toMatchObject({ value: 0, status: 'corrected' })
  })

  it('metadata corrections are logged, undoable and validated', async () => {
    const id = seed(SEED)
    let d = await call('setMetadata', { documentId: id, field: 'agency', value: '张家港市科技局' })
    expect(d.agency).toBe('张家港市科技局')
    expect((await call<DocumentDetail[]>('listDocuments', { filter: { search: '科技局' } })).map((x) => x.id)).toEqual([id])
    expect(await failure('setMetadata', { documentId: id, field: 'year', value: 1800 })).toBe('invalid-input')
    expect(await failure('setMetadata', { documentId: id, field: 'template', value: '2020' })).toBe('invalid-input')
    d = await call('setMetadata', { documentId: id, field: 'template', value: '2021' })
    expect(d.template).toBe('2021')
    expect(Object.keys(d.cells)).toContain('requests/other_misc/total')
    await call('undo', { documentId: id })
    d = await call('undo', { documentId: id })
    expect(d).toMatchObject({ agency: '张家港市科学技术局', template: '2019' })
  })
})

describe('two connections', () => {
  it('a report deleted and replaced by another process is never read from a stale cache', async () => {
    const id = seed(SEED)
    expect((await call('getDocument', { id })).agency).toBe('张家港市科学技术局')
    const other = openCore({ dbPath: dbPath(), resumeJobs: false })
    try {
      await other.invoke('deleteDocument', { id })
      // SQLite hands the freed ids (document and extraction) to the next inserts.
      const { id: again } = addDocument(other.db, 'other.txt', readFileSync(join(FIXTURES, '004_50e7ba10f32f5ee2.txt')))
      recordExtraction(other.db, again, extractionFrom('004_50e7ba10f32f5ee2'), '1')
      expect(again).toBe(id)
    } finally {
      other.close()
    }
    expect(await call('getDocument', { id })).toMatchObject({ agency: '常熟市科学技术局', template: '2021' })
  })
})

describe('cross-report checks', () => {
  it('compares consecutive years of one agency, on both reports', async () => {
    const y2023 = seed('2023_huaian_hongze_district', '2023.pdf')
    const y2024 = seed('2024_huaian_hongze_district', '2024.pdf')
    // The two reports name the agency differently until a reviewer unifies it.
    expect((await call('getDocument', { id: y2024 })).crossChecks).toEqual([])
    await call('setMetadata', { documentId: y2023, field: 'agency', value: '淮安市洪泽区人民政府' })
    expect((await call('getDocument', { id: y2023 })).crossChecks).toEqual([])

    let d = await call('correctCell', { documentId: y2024, key: 'item20_1/normative_docs/in_force', value: 9 })
    expect(d.crossChecks).toMatchObject([{ rule: 'cross/in_force', otherDocumentId: y2023 }])
    expect((await call('getDocument', { id: y2023 })).crossChecks).toMatchObject([
      { rule: 'cross/in_force', otherDocumentId: y2024, cells: ['item20_1/normative_docs/in_force'] }
    ])
    await call('undo', { documentId: y2024 })
    d = await call('correctCell', { documentId: y2023, key: 'requests/carry_forward/legal', value: 2 })
    expect(d.crossChecks.map((c) => [c.rule, c.cells])).toEqual([['cross/carry_forward', ['requests/carry_forward/legal']]])
    expect((await call('getDocument', { id: y2024 })).crossChecks.map((c) => c.cells)).toEqual([['requests/carried_over/legal']])
    // Each report's own identities hold; the disagreement with the other year still needs a note.
    expect((await call('getDocument', { id: y2024 })).checks).toEqual([])
    expect(await failure('markReviewed', { documentId: y2024 })).toBe('refused')
    expect(await call('markReviewed', { documentId: y2024, overrideNote: '2023 年报告另有更正' })).toMatchObject({ status: 'reviewed' })
  })
})

describe('listing and streaming', () => {
  it('filters in SQL and streams effective values', async () => {
    const a = seed(SEED)
    const b = seed('004_50e7ba10f32f5ee2')
    await call('correctCell', { documentId: b, key: 'requests/new/natural', value: 3 })
    const ids = async (filter: object) => (await call<DocumentDetail[]>('listDocuments', { filter })).map((d) => d.id)
    expect(await ids({})).toEqual([b, a])
    expect(await ids({ status: ['in_review'] })).toEqual([b])
    expect(await ids({ years: [2020] })).toEqual([a])
    expect(await ids({ template: '2021' })).toEqual([b])
    expect(await ids({ search: '常熟' })).toEqual([b])
    expect(await ids({ ids: [a], status: ['extracted'] })).toEqual([a])
    // The review queue: most failing checks first, a page at a time.
    const queue = await call<DocumentDetail[]>('listDocuments', { order: 'attention', limit: 1 })
    expect(queue.map((d) => d.id)).toEqual([b])
    expect((await call<DocumentDetail[]>('listDocuments', { order: 'attention', limit: 1, offset: 1 })).map((d) => d.id)).toEqual([a])
    const streamed = [...iterateDocumentDetails(core.db, { template: '2021' })]
    expect(streamed.map((d) => [d.id, d.cells['requests/new/natural']!.value])).toEqual([[b, 3]])
  })

  it('deletes a report with its log and bytes', async () => {
    const id = seed(SEED)
    await call('correctCell', { documentId: id, key: 'requests/new/natural', value: 3 })
    expect(await call('deleteDocument', { id })).toEqual({ deleted: true })
    expect(await failure('getDocument', { id })).toBe('not-found')
    expect(core.db.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 0 })
    expect(core.db.prepare('SELECT count(*) AS n FROM edits').get()).toEqual({ n: 0 })
  })
})
