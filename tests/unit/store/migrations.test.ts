// Every earlier schema version, saved with data in it, opens in the current code with that data.
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DocumentDetail } from '../../../src/shared/api'
import { openCore } from '../../../src/core/app'
import { migrate, openDb } from '../../../src/core/store/db'
import { iterateReportDetails } from '../../../src/core/store/details'
import { cellsBasis } from '../../../src/core/store/effective'
import { MIGRATIONS } from '../../../src/core/store/migrations'
import { FIXTURES, extractionFrom, tempDir } from './fixture'

const SEED = '000_72bc36100511d77e'

// Data written the way each version's code wrote it (raw SQL of that schema, not today's code).
const DATA_AT_VERSION: Record<number, string> = {
  1: `INSERT INTO blobs VALUES ('aa', x'616263');
      INSERT INTO documents (id, sha256, name, size, status, agency, year, template, imported_at, updated_at)
      VALUES (1, 'aa', '旧报告.txt', 3, 'imported', '旧机关', 2020, '2019', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
      INSERT INTO settings VALUES ('reviewer', '"老王"');`,
  2: `INSERT INTO blobs VALUES ('aa', x'616263');
      INSERT INTO documents (id, sha256, name, size, status, agency, year, template, imported_at, updated_at, to_check)
      VALUES (1, 'aa', '旧报告.txt', 3, 'in_review', '旧机关', 2020, '2019', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 0);
      INSERT INTO settings VALUES ('reviewer', '"老王"');
      INSERT INTO extractions (id, document_id, engine_version, form, template, agency, year, cells, checks, created_at)
      VALUES (1, 1, '1', 'txt', '2019', '旧机关', 2020, '${JSON.stringify(extractionFrom(SEED).cells)}', '[]', '2026-01-01T00:00:00Z');
      INSERT INTO actions (id, document_id, kind, reviewer, at) VALUES (1, 1, 'correct', '老王', '2026-01-02T00:00:00Z');
      INSERT INTO edits VALUES (1, 'requests/new/natural', '0', '2', 'corrected', '0');
      INSERT INTO jobs (id, kind, state, created_at, updated_at) VALUES (1, 'import', 'done', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');`
}
DATA_AT_VERSION[3] = `${DATA_AT_VERSION[2]}
  INSERT INTO job_items (job_id, name, document_id, state, claimed_by) VALUES (1, '旧报告.txt', 1, 'done', '1:gone');`
DATA_AT_VERSION[4] = `${DATA_AT_VERSION[3]}
  INSERT INTO ocr_words (extraction_id, page, words) VALUES (1, 2, '[["123",10,20,40,32,91]]');`
// Effective cells stored by code with other identities (another basis): derived again when read.
DATA_AT_VERSION[5] = `${DATA_AT_VERSION[4]}
  INSERT INTO document_cells VALUES (1, '2019:0000000000000000', '1', 1, 0, '{}', '[]');`

let tmp: ReturnType<typeof tempDir>
beforeEach(() => (tmp = tempDir()))
afterEach(() => tmp.cleanup())

describe('migrations', () => {
  it('has data for every version', () => {
    expect(Object.keys(DATA_AT_VERSION).map(Number)).toEqual(MIGRATIONS.map((_, i) => i + 1))
  })

  for (let version = 0; version <= MIGRATIONS.length; version++) {
    it(`opens a database saved at version ${version}`, async () => {
      const path = join(tmp.dir, 'old.sqlite')
      const old = new Database(path)
      migrate(old, MIGRATIONS.slice(0, version))
      if (DATA_AT_VERSION[version]) old.exec(DATA_AT_VERSION[version]!)
      old.close()

      const core = openCore({ dbPath: path, resumeJobs: false })
      try {
        expect(core.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length)
        expect(core.db.pragma('integrity_check', { simple: true })).toBe('ok')
        expect(core.db.pragma('foreign_key_check')).toEqual([])
        const list = await core.invoke('listDocuments', {})
        if (version === 0) return expect(list).toEqual({ ok: true, value: [] })
        expect(list).toMatchObject({ ok: true, value: [{ id: 1, name: '旧报告.txt', agency: '旧机关', year: 2020 }] })
        expect(await core.invoke('getSettings', {})).toMatchObject({ ok: true, value: { reviewer: '老王' } })
        if (version >= 2) {
          const d = await core.invoke('getDocument', { id: 1 })
          expect(d).toMatchObject({ ok: true, value: { status: 'in_review', canUndo: true, cells: { 'requests/new/natural': { value: 2, status: 'corrected' } } } })
          // Exports read the effective cells refreshDocument stores; an older database has none (or
          // of another basis), so the first export derives and stores them, the next reads them.
          const { crossChecks, ...detail } = (d as { value: DocumentDetail }).value
          expect(crossChecks).toEqual([])
          expect([...iterateReportDetails(core.db)]).toEqual([detail])
          expect(core.db.prepare('SELECT basis FROM document_cells').pluck().all()).toEqual([cellsBasis('2019')])
          expect([...iterateReportDetails(core.db)]).toEqual([detail])
        }
        const words = version >= 4 ? [{ page: 2, text: '123', bbox: [10, 20, 40, 32], confidence: 91 }] : []
        expect(await core.invoke('getWords', { id: 1 })).toEqual({ ok: true, value: words })
      } finally {
        core.close()
      }
    })
  }

  it('resumes an import left queued by version 2 code (before claims existed)', async () => {
    const path = join(tmp.dir, 'old.sqlite')
    const old = new Database(path)
    migrate(old, MIGRATIONS.slice(0, 2))
    old.prepare(
      `INSERT INTO jobs (id, kind, state, created_at, updated_at) VALUES (1, 'import', 'running', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`
    ).run()
    old.prepare("INSERT INTO job_items (job_id, name, path, state) VALUES (1, 'seed.txt', ?, 'queued')").run(join(FIXTURES, `${SEED}.txt`))
    old.close()

    const core = openCore({ dbPath: path })
    try {
      await core.jobs.idle()
      expect(await core.invoke('listJobs', {})).toMatchObject({ ok: true, value: [{ id: 1, state: 'done', done: 1, total: 1, failures: [] }] })
      expect(await core.invoke('listDocuments', {})).toMatchObject({ ok: true, value: [{ name: 'seed.txt', status: 'extracted', year: 2020 }] })
    } finally {
      core.close()
    }
  })

  it('a migration that fails leaves the database at its version, data untouched', () => {
    const path = join(tmp.dir, 'old.sqlite')
    const db = new Database(path)
    migrate(db, MIGRATIONS)
    db.exec(DATA_AT_VERSION[MIGRATIONS.length]!)
    const broken = [...MIGRATIONS, 'CREATE TABLE half_done (a); INSERT INTO no_such_table VALUES (1);']
    expect(() => migrate(db, broken)).toThrow(/no_such_table/)
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length)
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 })
    expect(db.prepare('SELECT count(*) AS n FROM edits').get()).toEqual({ n: 1 })
    db.close()
  })

  it('refuses a database newer than the code', () => {
    const path = join(tmp.dir, 'new.sqlite')
    const db = new Database(path)
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`)
    db.close()
    expect(() => openDb(path)).toThrow(/比本程序支持的/)
  })
})
