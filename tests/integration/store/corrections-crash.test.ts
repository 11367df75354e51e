// kill -9 a stream of corrections 20 times: every correction acknowledged before the kill is in
// the database afterwards, in order, and the database is intact.
import Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
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
  } finally {
    db.close()
  }
}, 300_000)
