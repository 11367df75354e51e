// Persistent jobs: a job and its files live in SQLite, so a queue interrupted by a crash or a
// restart resumes with the first file not yet done.
import { randomUUID } from 'node:crypto'
import { uptime } from 'node:os'
import type { JobView } from '../../shared/api'
import type { AppError } from '../../shared/result'
import { preparedFor, type Db } from './db'
import { now } from './documents'

export type JobKind = JobView['kind']
export type JobState = JobView['state']
export type ItemState = 'queued' | 'done' | 'duplicate' | 'failed' | 'cancelled'

export interface JobItem {
  id: number
  jobId: number
  kind: JobKind
  name: string
  path: string | null
  documentId: number | null
}

interface JobRow {
  id: number
  kind: JobKind
  state: JobState
  created_at: string
}

const stmts = preparedFor((db: Db) => ({
  insertJob: db.prepare<[JobKind, string, string]>(
    "INSERT INTO jobs (kind, state, created_at, updated_at) VALUES (?, 'queued', ?, ?)"
  ),
  insertItem: db.prepare<[number, string, string | null, number | null]>(
    'INSERT INTO job_items (job_id, name, path, document_id) VALUES (?, ?, ?, ?)'
  ),
  job: db.prepare<[number], JobRow>('SELECT id, kind, state, created_at FROM jobs WHERE id = ?'),
  recent: db.prepare<[number], JobRow>('SELECT id, kind, state, created_at FROM jobs ORDER BY id DESC LIMIT ?'),
  counts: db.prepare<[number], { total: number; done: number }>(
    "SELECT count(*) AS total, coalesce(sum(state != 'queued'), 0) AS done FROM job_items WHERE job_id = ?"
  ),
  failures: db.prepare<[number], { name: string; error: string }>(
    "SELECT name, error FROM job_items WHERE job_id = ? AND state = 'failed' ORDER BY id"
  ),
  queued: db.prepare<[], ItemRow>(
    `SELECT i.id, i.job_id, j.kind, i.name, i.path, i.document_id, i.claimed_by FROM job_items i JOIN jobs j ON j.id = i.job_id
     WHERE j.state IN ('queued', 'running') AND i.state = 'queued' ORDER BY j.id, i.id`
  ),
  claim: db.prepare<[string, number]>('UPDATE job_items SET claimed_by = ? WHERE id = ?'),
  release: db.prepare<[string]>("UPDATE job_items SET claimed_by = NULL WHERE claimed_by = ? AND state = 'queued'"),
  setItem: db.prepare<[ItemState, string | null, number]>('UPDATE job_items SET state = ?, error = ? WHERE id = ?'),
  setItemDocument: db.prepare<[number, number]>('UPDATE job_items SET document_id = ? WHERE id = ?'),
  setJob: db.prepare<[JobState, string, number]>('UPDATE jobs SET state = ?, updated_at = ? WHERE id = ?'),
  insertFailure: db.prepare<[number, string, string]>("INSERT INTO job_items (job_id, name, state, error) VALUES (?, ?, 'failed', ?)"),
  cancelItems: db.prepare<[number]>("UPDATE job_items SET state = 'cancelled' WHERE job_id = ? AND state = 'queued'"),
  items: db.prepare<[number], { name: string; state: ItemState; error: string | null; document_id: number | null }>(
    'SELECT name, state, error, document_id FROM job_items WHERE job_id = ? ORDER BY id'
  ),
  complete: db.prepare<[string, number]>(
    "UPDATE jobs SET state = 'done', updated_at = ? WHERE id = ? AND state IN ('queued', 'running')"
  ),
  remaining: db.prepare<[number], { n: number }>("SELECT count(*) AS n FROM job_items WHERE job_id = ? AND state = 'queued'"),
  waitingPaths: db.prepare<[], string>(
    `SELECT i.path FROM job_items i JOIN jobs j ON j.id = i.job_id
     WHERE j.state IN ('queued', 'running') AND i.state = 'queued' AND i.path IS NOT NULL`
  ).pluck(),
  unfinished: db.prepare<[JobKind], number>("SELECT id FROM jobs WHERE kind = ? AND state IN ('queued', 'running') ORDER BY id").pluck()
}))

/**
 * Queues a job. A file path already waiting in an unfinished job is left to that job: ingesting a
 * folder again after a crash resumes the first run instead of queueing every file a second time.
 */
export function createJob(
  db: Db,
  kind: JobKind,
  items: { name: string; path?: string; documentId?: number }[]
): number {
  const s = stmts(db)
  return db.transaction(() => {
    const t = now()
    const jobId = Number(s.insertJob.run(kind, t, t).lastInsertRowid)
    const waiting = new Set(items.some((i) => i.path) ? s.waitingPaths.all() : [])
    const queued = items.filter((i) => !i.path || !waiting.has(i.path))
    for (const i of queued) s.insertItem.run(jobId, i.name, i.path ?? null, i.documentId ?? null)
    if (!queued.length) s.setJob.run('done', t, jobId)
    return jobId
  })()
}

export function jobView(db: Db, id: number, label: string | null = null): JobView | null {
  const s = stmts(db)
  const row = s.job.get(id)
  if (!row) return null
  const { total, done } = s.counts.get(id)!
  return {
    id,
    kind: row.kind,
    state: row.state,
    done,
    total,
    label,
    createdAt: row.created_at,
    failures: s.failures.all(id).map((f) => ({ name: f.name, error: JSON.parse(f.error) as AppError }))
  }
}

/** Jobs of a kind not yet ended (interrupted ones included), oldest first. */
export function unfinishedJobs(db: Db, kind: JobKind): number[] {
  return stmts(db).unfinished.all(kind)
}

export function recentJobs(db: Db, limit = 50): JobView[] {
  return stmts(db)
    .recent.all(limit)
    .map((r) => jobView(db, r.id)!)
}

interface ItemRow {
  id: number
  job_id: number
  kind: JobKind
  name: string
  path: string | null
  document_id: number | null
  claimed_by: string | null
}

/** When this machine last started, in whole seconds since the epoch. */
const bootTime = (): number => Math.round(Date.now() / 1000 - uptime())

/**
 * A runner's claim, "pid:boot:token": unique per runner, and the boot time tells a process that
 * got the same pid after a restart (the app crashed, the machine rebooted) from the claimant.
 */
export function newClaim(): string {
  return `${process.pid}:${bootTime()}:${randomUUID()}`
}

// Boot times computed at different moments differ by clock adjustments (NTP); a restart moves
// the boot time by the whole previous uptime.
const BOOT_SLACK_S = 120

/** Whether the process of a claim still runs, on this machine ("pid:token" claims of 0003 too). */
export function processAlive(claim: string): boolean {
  const parts = claim.split(':')
  if (parts.length === 3 && Math.abs(Number(parts[1]) - bootTime()) > BOOT_SLACK_S) return false
  const pid = Number(parts[0])
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Claims the first file not yet done, of the oldest job still queued or running, that no other
 * live runner has claimed (`claim` from newClaim).
 */
export function claimNextJobItem(db: Db, claim: string): JobItem | null {
  const s = stmts(db)
  // IMMEDIATE: two processes must not both read an item as free and then both claim it.
  return db.transaction((): JobItem | null => {
    let found: ItemRow | undefined
    for (const r of s.queued.iterate()) {
      if (r.claimed_by && r.claimed_by !== claim && processAlive(r.claimed_by)) continue
      found = r
      break
    }
    if (!found) return null
    s.claim.run(claim, found.id)
    return { id: found.id, jobId: found.job_id, kind: found.kind, name: found.name, path: found.path, documentId: found.document_id }
  }).immediate()
}

/** Gives back a stopping runner's unfinished files, for the next runner of any process. */
export function releaseJobItems(db: Db, claim: string): void {
  stmts(db).release.run(claim)
}

export function setItemDocument(db: Db, itemId: number, documentId: number): void {
  stmts(db).setItemDocument.run(documentId, itemId)
}

/** Ends a file; the job ends with its last file. Runs inside the caller's transaction if any. */
export function finishJobItem(db: Db, item: JobItem, state: ItemState, error: AppError | null = null): void {
  const s = stmts(db)
  s.setItem.run(state, error ? JSON.stringify(error) : null, item.id)
  if (s.remaining.get(item.jobId)!.n === 0) s.complete.run(now(), item.jobId)
}

export function setJobState(db: Db, id: number, state: JobState): void {
  stmts(db).setJob.run(state, now(), id)
}

/**
 * Ends a job that has no files of its own (an export) as failed, keeping why as a failed file
 * named `name`, so the job list shows the reason after a restart as it does for imports.
 */
export function failJob(db: Db, id: number, name: string, error: AppError): void {
  const s = stmts(db)
  db.transaction(() => {
    s.insertFailure.run(id, name, JSON.stringify(error))
    s.setJob.run('failed', now(), id)
  })()
}

/** Cancels a job: its files not yet started are kept as cancelled. */
export function cancelJobRow(db: Db, id: number): boolean {
  const s = stmts(db)
  return db.transaction(() => {
    const row = s.job.get(id)
    if (!row || row.state === 'done' || row.state === 'failed' || row.state === 'cancelled') return false
    s.cancelItems.run(id)
    s.setJob.run('cancelled', now(), id)
    return true
  })()
}

/** Each file of a job and how it ended (or 'queued'). */
export function jobItems(db: Db, jobId: number): { name: string; state: ItemState; error: AppError | null; documentId: number | null }[] {
  return stmts(db)
    .items.all(jobId)
    .map((r) => ({ name: r.name, state: r.state, error: r.error ? (JSON.parse(r.error) as AppError) : null, documentId: r.document_id }))
}
