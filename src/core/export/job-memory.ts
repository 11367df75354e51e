// What listJobs cannot read from the job rows for an export job: its label (the file) and progress.
// This process keeps them beside the row; after a restart the row still says how the job ended,
// and why when it failed (failJob).
import type { JobView } from '../../shared/api'
import type { Db } from '../store/db'

type Kept = Pick<JobView, 'label' | 'done' | 'total'>

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
