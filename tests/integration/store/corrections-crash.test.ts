// kill -9 a stream of corrections 20 times: every correction acknowledged before the kill is in
// the database afterwards, in order, the report shows the last of each, and the database is intact.
import Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { DocumentDetail } from '../../../src/shared/api'
import { openCore } from '../../../src/core/app'
import { FIXTURES, tempDir } from '../../unit/store/fixture'
import { bundle, run } from './crash'

const KILLS = 20
let tmp: ReturnType<typeof tempDir>
let dbPath: string
let stream: Awaited<ReturnType<typeof bundle>>

beforeAll(async () => {
  tmp = tempDir()
  dbPath = join(tmp.dir, 'nianbao.sqlite')
  stream = await bundle('tests/integration/store/correction-stream.ts')
  const core = openCore({ dbPath })
  const data = new Uint8Array(readFileSync(join(FIXTURES, '000_72bc36100511d77e.txt')))
  await core.invoke('importFiles', { files: [{ name: 'seed.txt', data }] })
  await core.jobs.idle()
  core.close()
})
afterAll(() => {
  tmp.cleanup()
  stream.cleanup()
})

it('keeps every acknowledged correction through kill -9', async () => {
  const acked: string[] = []
  for (let k = 0; k < KILLS; k++) {
    const target = 1 + Math.floor(Math.random() * 30)
    const r = await run(stream.script, [dbPath, String(acked.length)], (out) => out.stdout.split('\n').length > target)
    expect(r.signal).toBe('SIGKILL')
    acked.push(...r.stdout.split('\n').filter(Boolean))
  }
  expect(acked.length).toBeGreaterThanOrEqual(KILLS)

  let lastLogged: Map<string, string>
  const db = new Database(dbPath, { readonly: true })
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    const logged = db
      .prepare<[], { key: string; new_value: string }>(
        "SELECT e.key, e.new_value FROM edits e JOIN actions a ON a.id = e.action_id WHERE a.kind = 'correct' ORDER BY a.id"
      )
      .all()
      .map((e) => `${e.key} ${e.new_value}`)
    // The acknowledged corrections appear in the log in order; at most one unacknowledged one
    // (committed just before a kill, its line never printed) sits between them per kill.
    let i = 0
    for (const line of logged) if (line === acked[i]) i++
    expect(i).toBe(acked.length)
    expect(logged.length - acked.length).toBeLessThanOrEqual(KILLS)
    lastLogged = new Map(logged.map((l) => l.split(' ') as [string, string]))
  } finally {
    db.close()
  }
  // The report shows the last logged value of each cell, and the list's counts (written in the
  // same transaction as each correction) agree with it.
  const core = openCore({ dbPath, resumeJobs: false })
  try {
    const d = await core.invoke('getDocument', { id: 1 })
    if (!d.ok) throw new Error(d.error.message)
    const detail = d.value as DocumentDetail
    for (const [key, value] of lastLogged) expect(detail.cells[key]).toMatchObject({ value: Number(value), status: 'corrected' })
    expect(detail.failingChecks).toBe(detail.checks.length)
    expect(detail.status).toBe('in_review')
  } finally {
    core.close()
  }
}, 300_000)
