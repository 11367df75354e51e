// kill -9 the command line 20 times during a 200-file ingest: the database stays intact and the
// ingest resumes where it stopped (no file stored or extracted twice).
import Database from 'better-sqlite3'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { FIXTURES, tempDir } from '../../unit/store/fixture'
import { bundle, run } from './crash'

const FILES = 200
const KILLS = 20
let tmp: ReturnType<typeof tempDir>
let cli: Awaited<ReturnType<typeof bundle>>

beforeAll(async () => {
  tmp = tempDir()
  cli = await bundle('src/cli/index.ts')
  const seed = readFileSync(join(FIXTURES, '000_72bc36100511d77e.txt'), 'utf8')
  mkdirSync(join(tmp.dir, 'in'))
  // Copies differ by one trailing line, so each has its own hash.
  for (let i = 0; i < FILES; i++) writeFileSync(join(tmp.dir, 'in', `r${String(i).padStart(3, '0')}.txt`), `${seed}\n${i}\n`)
})
afterAll(() => {
  tmp.cleanup()
  cli.cleanup()
})

const count = (db: Database.Database, sql: string) => (db.prepare(sql).get() as { n: number }).n

it('survives kill -9 during ingest and resumes where it stopped', async () => {
  const dbPath = join(tmp.dir, 'nianbao.sqlite')
  const args = ['ingest', join(tmp.dir, 'in'), '--db', dbPath]
  const progress: number[] = []
  let kills = 0
  for (let k = 0; k < KILLS; k++) {
    // Kill 0-40 ms after 1-3 finished files (the bar prints one line per file when stderr is not a
    // terminal): while storing, extracting or committing the next one.
    const target = 1 + Math.floor(Math.random() * 3)
    const r = await run(cli.script, args, (out) => out.stderr.split('\n').length > target, Math.random() * 40)
    if (r.signal !== 'SIGKILL') break
    kills++
    const db = new Database(dbPath, { readonly: true })
    progress.push(count(db, "SELECT count(*) AS n FROM documents WHERE status = 'extracted'"))
    db.close()
  }
  expect(kills).toBe(KILLS)
  // Every run got further than the one before.
  for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]!)
  expect(progress.at(-1)!).toBeLessThan(FILES)

  const last = await run(cli.script, args)
  expect(last.code).toBe(0)
  // The first run's job, resumed by each later run, ends with every file imported once.
  expect(last.stdout).toContain('继续完成上次中断的导入（任务 #1')
  expect(last.stdout).toContain(`导入 ${FILES} 份，已存在 0 份，失败 0 份`)
  const db = new Database(dbPath, { readonly: true })
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(count(db, 'SELECT count(*) AS n FROM documents')).toBe(FILES)
    expect(count(db, "SELECT count(*) AS n FROM documents WHERE status = 'extracted'")).toBe(FILES)
    expect(count(db, 'SELECT count(*) AS n FROM blobs')).toBe(FILES)
    // Resumed, not redone: one extraction per file however many runs were killed mid-way.
    expect(count(db, 'SELECT count(*) AS n FROM extractions')).toBe(FILES)
    expect(count(db, "SELECT count(*) AS n FROM jobs WHERE state != 'done'")).toBe(0)
    expect(count(db, "SELECT count(*) AS n FROM job_items WHERE state = 'failed'")).toBe(0)
  } finally {
    db.close()
  }
}, 300_000)
