// exportDataset through the API entry every transport uses: validated input, a job with progress
// events, the file as bytes (browser download) or written to a path (save dialog, CLI).
import { parse } from 'csv-parse/sync'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiEvent, ApiOutputs, JobView } from '../../../src/shared/api'
import type { Result } from '../../../src/shared/result'
import { openCore, type Core } from '../../../src/core/app'
import { createJob, setJobState } from '../../../src/core/store/jobs'
import { seedDatabase } from './truth-db'

let dir: string
let core: Core
let ids: number[]

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-export-api-'))
  core = openCore({ dbPath: join(dir, 'db.sqlite'), resumeJobs: false })
  ids = seedDatabase(core.db)
})

afterAll(() => {
  core.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('exportDataset', () => {
  it('runs as an export job with progress events and returns the bytes', async () => {
    const jobs: JobView[] = []
    const off = core.events.subscribe((e: ApiEvent) => e.type === 'job' && jobs.push(e.job))
    const result = await core.invoke('exportDataset', { format: 'csv-wide', filter: { status: ['reviewed'] } })
    off()
    expect(result.ok).toBe(true)
    const value = (result as { ok: true; value: ApiOutputs['exportDataset'] }).value
    const rows = parse(Buffer.from(value.data!), { bom: true, columns: true }) as { document_id: string }[]
    expect(rows.length).toBe(value.count)
    expect(value.count).toBe(Math.ceil(ids.length / 2))
    expect(jobs.every((j) => j.kind === 'export' && j.id === jobs[0]!.id)).toBe(true)
    expect(jobs.at(-1)).toMatchObject({ state: 'done', done: value.count, total: value.count })
    const listed = (await core.invoke('listJobs', {})) as Result<JobView[]>
    expect(listed.ok && listed.value.find((j) => j.id === jobs[0]!.id)?.state).toBe('done')
  })

  it('writes to a path when given one', async () => {
    const path = join(dir, 'out.json')
    const result = await core.invoke('exportDataset', { format: 'json', path })
    expect(result).toMatchObject({ ok: true, value: { path, name: 'out.json', count: ids.length } })
    expect(JSON.parse(readFileSync(path, 'utf8'))).toHaveLength(ids.length)
  })

  it('rejects an unknown format and reports a write failure as data, the job marked failed', async () => {
    expect(await core.invoke('exportDataset', { format: 'xls' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    const path = join(dir, 'nope', 'out.xlsx')
    expect(await core.invoke('exportDataset', { format: 'xlsx', path })).toMatchObject({
      ok: false,
      error: { code: 'refused', file: path }
    })
    // The job list says why, as the import jobs do for their files.
    const listed = (await core.invoke('listJobs', {})) as Result<JobView[]>
    expect(listed.ok && listed.value.find((j) => j.kind === 'export')).toMatchObject({
      state: 'failed',
      label: path,
      failures: [{ name: path, error: { code: 'refused', file: path } }]
    })
    // Another process (the app after a restart) reads the reason from the database.
    const other = openCore({ dbPath: join(dir, 'db.sqlite'), resumeJobs: false })
    try {
      const stored = (await other.invoke('listJobs', {})) as Result<JobView[]>
      expect(stored.ok && stored.value.find((j) => j.kind === 'export' && j.state === 'failed')).toMatchObject({
        failures: [{ name: path, error: { code: 'refused', file: path } }]
      })
    } finally {
      other.close()
    }
  })

  it('fails an export job left running by a process that died, saying so', async () => {
    const dead = createJob(core.db, 'export', [])
    setJobState(core.db, dead, 'running')
    const other = openCore({ dbPath: join(dir, 'db.sqlite'), resumeJobs: false })
    try {
      expect(await other.invoke('exportDataset', { format: 'csv-wide' })).toMatchObject({ ok: true })
      const listed = (await other.invoke('listJobs', {})) as Result<JobView[]>
      expect(listed.ok && listed.value.find((j) => j.id === dead)).toMatchObject({
        state: 'failed',
        failures: [{ error: { code: 'internal', message: expect.stringContaining('导出未完成') } }]
      })
    } finally {
      other.close()
    }
  })

  it('stops when its job is cancelled, leaving no file', async () => {
    const target = mkdtempSync(join(dir, 'cancel-'))
    let cancelled: JobView | null = null
    const off = core.events.subscribe((e: ApiEvent) => {
      if (e.type === 'job' && e.job.kind === 'export' && e.job.state === 'running' && !cancelled) {
        cancelled = core.handlers.cancelJob({ id: e.job.id }) as JobView
      }
    })
    const result = await core.invoke('exportDataset', { format: 'xlsx', path: join(target, 'out.xlsx') })
    off()
    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } })
    const listed = (await core.invoke('listJobs', {})) as Result<JobView[]>
    expect(listed.ok && listed.value.find((j) => j.id === cancelled!.id)?.state).toBe('cancelled')
    expect(readdirSync(target)).toEqual([])
  })
})
