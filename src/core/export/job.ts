// An export run as a job, so the UI shows its progress with the other jobs and can cancel it.
// The job row gives it an id among the persistent jobs and records how it ended; the export itself
// runs in this process (it has no files to queue), so its cancel lives here, not in the runner.
import type { ApiOutputs, DocumentFilter, ExportFormat, JobView } from '../../shared/api'
import { toAppError } from '../errors'
import type { EventHub } from '../events'
import type { Db } from '../store/db'
import { createJob, jobView, setJobState } from '../store/jobs'
import { defaultExportName, exportDataset } from '.'

const running = new Map<number, AbortController>()

export async function runExportJob(
  db: Db,
  events: EventHub,
  input: { format: ExportFormat; filter?: DocumentFilter; path?: string }
): Promise<ApiOutputs['exportDataset']> {
  const jobId = createJob(db, 'export', [])
  const controller = new AbortController()
  running.set(jobId, controller)
  const label = input.path ?? defaultExportName(input.format)
  const base = jobView(db, jobId)!
  const emit = (job: Partial<JobView>) => events.emit({ type: 'job', job: { ...base, label, ...job } })
  setJobState(db, jobId, 'running')
  let progress = { done: 0, total: 0 }
  try {
    const result = await exportDataset(db, input, {
      signal: controller.signal,
      onProgress: (done, total) => {
        progress = { done, total }
        emit({ state: 'running', ...progress })
      }
    })
    setJobState(db, jobId, 'done')
    emit({ state: 'done', ...progress })
    return result
  } catch (e) {
    const state = controller.signal.aborted ? 'cancelled' : 'failed'
    setJobState(db, jobId, state)
    emit({ state, ...progress, failures: state === 'failed' ? [{ name: label, error: toAppError(e, input.path) }] : [] })
    throw e
  } finally {
    running.delete(jobId)
  }
}

/** Cancels a running export; false when no export of that id is running (it may be another job). */
export function cancelExport(jobId: number): boolean {
  const controller = running.get(jobId)
  controller?.abort()
  return !!controller
}
