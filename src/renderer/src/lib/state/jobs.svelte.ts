// Running and finished jobs (imports, extractions, exports), kept current by the job events.
import { SvelteMap, SvelteSet } from 'svelte/reactivity'
import type { JobView } from '../../../../shared/api'
import { api } from '../api-client'

class Jobs {
  readonly byId = new SvelteMap<number, JobView>()
  readonly dismissed = new SvelteSet<number>()

  /** Jobs still running, and ones that ended badly (failures, cancelled) until the reviewer dismisses them. */
  shown = $derived(
    [...this.byId.values()]
      .filter(
        (j) =>
          j.state === 'queued' ||
          j.state === 'running' ||
          (!this.dismissed.has(j.id) && (j.failures.length > 0 || j.state === 'failed' || j.state === 'cancelled'))
      )
      .sort((a, b) => b.id - a.id)
  )

  async load(): Promise<void> {
    const res = await api.listJobs({})
    if (res.ok) for (const j of res.value) this.byId.set(j.id, j)
  }

  update(job: JobView): void {
    this.byId.set(job.id, job)
  }

  async cancel(id: number): Promise<void> {
    const res = await api.cancelJob({ id })
    if (res.ok) this.update(res.value)
  }

  dismiss(id: number): void {
    this.dismissed.add(id)
  }
}

export const jobs = new Jobs()
