// An export run as a job, so the UI shows its progress with the other jobs and cancels it the same
// way. The job row gives it an id among the persistent jobs and records how it ended (a failure
// with its reason); the export itself runs here (it has no files for the runner to queue), and
// watches its row for a cancel: cancelJob marks the row, and the export stops at its next
// progress step.
import type { ApiOutputs, DocumentFilter, ExportFormat, JobView } from '../../shared/api'
import { toAppError } from '../errors'
import type { EventHub } from '../events'
import type { Db } from '../store/db'
import { createJob, failJob, jobView, recentJobs, setJobState } from '../store/jobs'
import { defaultExportName, exportDataset } from './index'
import { keepExportJob } from './job-memory'

const checked = new WeakSet<Db>()

/** Export jobs still "running" in the database when this process first exports died with an earlier one. */
function failInterrupted(db: Db): void {
  if (checked.has(db)) return
  checked.add(db)
  for (const job of recentJobs(db))
    if (job.kind === 'export' && (job.state === 'running' || job.state === 'queued'))
      failJob(db, job.id, '导出', { code: 'internal', message: '导出未完成：程序在导出时退出' })
}

export async function runExportJob(
  db: Db,
  events: EventHub,
  input: { format: ExportFormat; filter?: DocumentFilter; path?: string }
): Promise<ApiOutputs['exportDataset']> {
  failInterrupted(db)
  const jobId = createJob(db, 'export', [])
  setJobState(db, jobId, 'running')
  const controller = new AbortController()
  const label = input.path ?? defaultExportName(input.format)
  const base = jobView(db, jobId)!
  let progress = { done: 0, total: 0 }
  const emit = (job: Partial<JobView>) => {
    const view = { ...base, label, ...progress, failures: [], ...job }
    keepExportJob(db, jobId, { label, done: view.done, total: view.total })
    events.emit({ type: 'job', job: view })
  }
  try {
    const result = await exportDataset(db, input, {
      signal: controller.signal,
      onProgress: (done, total) => {
        if (jobView(db, jobId)?.state === 'cancelled') return controller.abort()
        progress = { done, total }
        emit({ state: 'running' })
      }
    })
    setJobState(db, jobId, 'done')
    emit({ state: 'done' })
    return result
  } catch (e) {
    if (controller.signal.aborted) {
      setJobState(db, jobId, 'cancelled')
      emit({ state: 'cancelled' })
    } else {
      failJob(db, jobId, label, toAppError(e, input.path))
      emit({ state: 'failed', failures: jobView(db, jobId)!.failures })
    }
    throw e
  }
}
