// What listJobs cannot read from the job rows for an export job: its label (the file), progress and
// why it failed. A job's failures are stored with its files, and an export job has none, so this
// process keeps them beside the row's state. After a restart the row still says failed or done.
import type { JobView } from '../../shared/api'
import type { Db } from '../store/db'

type Kept = Pick<JobView, 'label' | 'done' | 'total' | 'failures'>

const kept = new WeakMap<Db, Map<number, Kept>>()

export function keepExportJob(db: Db, id: number, view: Kept): void {
  let jobs = kept.get(db)
  if (!jobs) kept.set(db, (jobs = new Map()))
  jobs.set(id, view)
}

/** The listed jobs with what this process knows of its export jobs. */
export function withExportJobs(db: Db, jobs: JobView[]): JobView[] {
  const mine = kept.get(db)
  if (!mine) return jobs
  return jobs.map((j) => {
    const k = j.kind === 'export' ? mine.get(j.id) : undefined
    return k ? { ...j, ...k } : j
  })
}
