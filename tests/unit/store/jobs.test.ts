import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ApiOutputs, DocumentDetail, DocumentSummary, JobView } from '../../../src/shared/api'
import type { Result } from '../../../src/shared/result'
import { openCore, type Core } from '../../../src/core/app'
import { extractBytes } from '../../../src/core/extract'
import type { Extractor } from '../../../src/core/jobs/runner'
import { createJob } from '../../../src/core/store/jobs'
import { FIXTURES, tempDir } from './fixture'

let tmp: ReturnType<typeof tempDir>
let core: Core
const dbPath = () => join(tmp.dir, 'nianbao.sqlite')
const file = (name: string) => ({ name, data: new Uint8Array(readFileSync(join(FIXTURES, name))) })
const SEEDS = ['000_72bc36100511d77e.txt', '004_50e7ba10f32f5ee2.txt']

beforeEach(() => {
  tmp = tempDir()
})
afterEach(() => {
  core.close()
  tmp.cleanup()
})

async function call<T>(method: string, input: unknown): Promise<T> {
  const r = (await core.invoke(method, input)) as Result<T>
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value
}

/** The real extractor, except that it waits (until cancelled) from the `holdFrom`-th file on. */
function holding(holdFrom: number, started: () => void = () => {}): Extractor {
  let n = 0
  return (bytes, name, opts) => {
    if (++n < holdFrom) return extractBytes(bytes, name, opts)
    started()
    return new Promise((_, reject) => opts.signal.addEventListener('abort', () => reject(opts.signal.reason)))
  }
}

describe('import jobs', () => {
  it('stores bytes, extracts in the background, keeps each failure with its reason, says duplicate', async () => {
    core = openCore({ dbPath: dbPath() })
    const events: string[] = []
    core.events.subscribe((e) => events.push(e.type))
    const r = await call<ApiOutputs['importFiles']>('importFiles', { files: [file(SEEDS[0]!), file('garbage.txt'), file(SEEDS[1]!)] })
    expect(r.outcomes.map((o) => o.outcome)).toEqual(['imported', 'imported', 'imported'])
    expect(r.jobId).not.toBeNull()
    await core.jobs.idle()
    const [job] = await call<JobView[]>('listJobs', {})
    expect(job).toMatchObject({ id: r.jobId, kind: 'import', state: 'done', done: 3, total: 3 })
    expect(job!.failures).toHaveLength(1)
    expect(job!.failures[0]).toMatchObject({ name: 'garbage.txt', error: { file: 'garbage.txt' } })
    expect(events).toContain('job')
    expect(events).toContain('documents-changed')

    const docs = await call<DocumentSummary[]>('listDocuments', {})
    const byName = Object.fromEntries(docs.map((d) => [d.name, d]))
    expect(byName['garbage.txt']).toMatchObject({ status: 'failed', error: { code: job!.failures[0]!.error.code } })
    expect(byName[SEEDS[1]!]).toMatchObject({ status: 'extracted', template: '2021', agency: '常熟市科学技术局', year: 2021, form: 'txt' })

    const again = await call<ApiOutputs['importFiles']>('importFiles', { files: [file(SEEDS[0]!), { name: 'empty.txt', data: new Uint8Array() }] })
    expect(again).toEqual({
      outcomes: [
        { name: SEEDS[0], outcome: 'duplicate', documentId: byName[SEEDS[0]!]!.id },
        { name: 'empty.txt', outcome: 'failed', error: { code: 'empty-file', message: '文件为空', file: 'empty.txt' } }
      ],
      jobId: null
    })

    const source = await call<ApiOutputs['getSource']>('getSource', { id: byName[SEEDS[0]!]!.id })
    expect(source.text).toContain('张家港市科学技术局')
  })

  it('resumes an interrupted job on the next open without redoing finished files', async () => {
    let started: () => void
    const second = new Promise<void>((resolve) => (started = resolve))
    core = openCore({ dbPath: dbPath(), extract: holding(2, () => started()) })
    const r = await call<ApiOutputs['importFiles']>('importFiles', { files: [file(SEEDS[0]!), file(SEEDS[1]!)] })
    await second
    core.close() // as if the app quit while the second file was being read

    core = openCore({ dbPath: dbPath() })
    await core.jobs.idle()
    const job = (await call<JobView[]>('listJobs', {}))[0]!
    expect(job).toMatchObject({ id: r.jobId, state: 'done', done: 2, total: 2 })
    const docs = await call<DocumentSummary[]>('listDocuments', {})
    expect(docs.map((d) => d.status)).toEqual(['extracted', 'extracted'])
    expect(core.db.prepare('SELECT count(*) AS n FROM extractions').get()).toEqual({ n: 2 })
  })

  it('a folder imported again while its first import is unfinished resumes it instead of queueing it twice', async () => {
    const folder = join(tmp.dir, 'in')
    mkdirSync(folder)
    for (const f of SEEDS) cpSync(join(FIXTURES, f), join(folder, f))
    let started: () => void
    const second = new Promise<void>((resolve) => (started = resolve))
    core = openCore({ dbPath: dbPath(), extract: holding(2, () => started()) })
    const { jobId: first } = await call<{ jobId: number }>('importPaths', { paths: [folder] })
    await second
    core.close() // killed while reading the second file

    core = openCore({ dbPath: dbPath(), resumeJobs: false })
    const { jobId: again } = await call<{ jobId: number }>('importPaths', { paths: [folder] })
    await core.jobs.idle()
    const jobs = await call<JobView[]>('listJobs', {})
    // The second run only re-checks the file the first had finished; the first finishes the other.
    expect(jobs.find((j) => j.id === again)).toMatchObject({ state: 'done', done: 1, total: 1 })
    expect(jobs.find((j) => j.id === first)).toMatchObject({ state: 'done', done: 2, total: 2 })
    expect(core.db.prepare('SELECT state FROM job_items WHERE job_id = ?').all(again)).toEqual([{ state: 'duplicate' }])
    expect(core.db.prepare('SELECT count(*) AS n FROM extractions').get()).toEqual({ n: 2 })
  })

  it('two runners on one database (the app and the command line) never take the same file', async () => {
    let started: () => void
    const first = new Promise<void>((resolve) => (started = resolve))
    core = openCore({ dbPath: dbPath(), extract: holding(1, () => started()) })
    await call('importFiles', { files: [file(SEEDS[0]!), file(SEEDS[1]!)] })
    await first
    const other = openCore({ dbPath: dbPath() })
    try {
      await other.jobs.idle()
      const status = () => Object.fromEntries((core.db.prepare('SELECT name, status FROM documents').all() as { name: string; status: string }[]).map((r) => [r.name, r.status]))
      expect(status()).toEqual({ [SEEDS[0]!]: 'extracting', [SEEDS[1]!]: 'extracted' })
      // The first runner stops (its app quits): its file goes back to the queue for the other.
      core.close()
      other.jobs.kick()
      await other.jobs.idle()
      core = other
      expect(status()).toEqual({ [SEEDS[0]!]: 'extracted', [SEEDS[1]!]: 'extracted' })
      expect(core.db.prepare('SELECT count(*) AS n FROM extractions').get()).toEqual({ n: 2 })
    } finally {
      if (core !== other) other.close()
    }
  })

  it('a claim made before the machine restarted is taken over, though its pid runs again', async () => {
    core = openCore({ dbPath: dbPath(), resumeJobs: false })
    const jobId = createJob(core.db, 'import', SEEDS.map((name) => ({ name, path: join(FIXTURES, name) })))
    const claim = core.db.prepare('UPDATE job_items SET claimed_by = ? WHERE job_id = ? AND name = ?')
    // Our own pid, as a process after a reboot may get the pid of the runner that crashed.
    claim.run(`${process.pid}:1:before-reboot`, jobId, SEEDS[0])
    claim.run(`${process.pid}:still-running`, jobId, SEEDS[1]) // a live claim (0003 format) is left alone
    core.jobs.kick()
    await core.jobs.idle()
    expect(core.db.prepare('SELECT name, state FROM job_items WHERE job_id = ? ORDER BY id').all(jobId)).toEqual([
      { name: SEEDS[0], state: 'done' },
      { name: SEEDS[1], state: 'queued' }
    ])
  })

  it('cancels: the file in progress is aborted and the rest is kept as cancelled', async () => {
    let started: () => void
    const first = new Promise<void>((resolve) => (started = resolve))
    core = openCore({ dbPath: dbPath(), extract: holding(1, () => started()) })
    const r = await call<ApiOutputs['importFiles']>('importFiles', { files: [file(SEEDS[0]!), file(SEEDS[1]!)] })
    await first
    const job = await call<JobView>('cancelJob', { id: r.jobId })
    expect(job.state).toBe('cancelled')
    await core.jobs.idle()
    expect((await call<DocumentSummary[]>('listDocuments', {})).map((d) => d.status)).toEqual(['imported', 'imported'])
    const items = core.db.prepare('SELECT state FROM job_items ORDER BY id').all()
    expect(items).toEqual([{ state: 'cancelled' }, { state: 'cancelled' }])
    // Imported again later, the same bytes are picked up where the cancel left them.
    core.close()
    core = openCore({ dbPath: dbPath() })
    const again = await call<ApiOutputs['importFiles']>('importFiles', { files: [file(SEEDS[0]!), file(SEEDS[0]!)] })
    expect(again.outcomes.map((o) => o.outcome)).toEqual(['duplicate', 'duplicate'])
    expect((await call<JobView[]>('listJobs', {}))[0]).toMatchObject({ id: again.jobId, total: 1 })
    await core.jobs.idle()
    expect((await call<DocumentSummary[]>('listDocuments', {})).map((d) => d.status).sort()).toEqual(['extracted', 'imported'])
  })

  it('imports folders (report files only) and re-extracts without losing corrections', async () => {
    const folder = join(tmp.dir, 'in')
    mkdirSync(join(folder, 'sub'), { recursive: true })
    cpSync(join(FIXTURES, SEEDS[0]!), join(folder, SEEDS[0]!))
    cpSync(join(FIXTURES, SEEDS[1]!), join(folder, 'sub', SEEDS[1]!))
    writeFileSync(join(folder, 'notes.json'), '{}')
    core = openCore({ dbPath: dbPath() })
    await call('importPaths', { paths: [folder] })
    await core.jobs.idle()
    const docs = await call<DocumentSummary[]>('listDocuments', {})
    expect(docs.map((d) => d.name).sort()).toEqual([...SEEDS].sort())

    const id = docs.find((d) => d.name === SEEDS[0])!.id
    await call('correctCell', { documentId: id, key: 'requests/new/natural', value: 5 })
    const { jobId } = await call<{ jobId: number }>('reextract', { documentId: id })
    await core.jobs.idle()
    expect((await call<JobView[]>('listJobs', {}))[0]).toMatchObject({ id: jobId, kind: 'extract', state: 'done' })
    const d = await call<DocumentDetail>('getDocument', { id })
    expect(d.cells['requests/new/natural']).toMatchObject({ value: 5, status: 'corrected' })
    expect(d.status).toBe('in_review')
    expect(core.db.prepare('SELECT count(*) AS n FROM extractions WHERE document_id = ?').get(id)).toEqual({ n: 2 })
  })
})
