// The library: every imported report, filtered and sorted in the page (hundreds of rows at most),
// and the import of files the reviewer picks or drops.
import { SvelteSet } from 'svelte/reactivity'
import type { DocumentStatus, DocumentSummary, ImportOutcome } from '../../../../shared/api'
import type { TemplateId } from '../../../../shared/templates'
import { api } from '../api-client'

export type SortKey = 'name' | 'agency' | 'year' | 'template' | 'status' | 'toCheck' | 'failingChecks' | 'size' | 'importedAt'

/** One importFiles call carries at most this many bytes, so a big folder does not become one huge request. */
const BATCH_BYTES = 32 * 1024 * 1024

class Library {
  docs = $state.raw<DocumentSummary[]>([])
  loaded = $state(false)
  error = $state<string | null>(null)
  search = $state('')
  status = $state<DocumentStatus | 'all'>('all')
  template = $state<TemplateId | 'all'>('all')
  sortKey = $state<SortKey>('importedAt')
  sortDir = $state<1 | -1>(-1)
  /** The menu asked for the export dialog; the library opens it once it is on screen. */
  exportRequested = $state(false)
  /** Files being read from disk before they are sent. */
  reading = $state(0)
  /** Outcomes of the last import that need the reviewer's eye (duplicates and failures). */
  outcomes = $state.raw<ImportOutcome[]>([])
  /** Rows ticked for export; ids of deleted reports linger here but never reach selectedIds. */
  readonly selected = new SvelteSet<number>()
  selectedIds = $derived(this.docs.filter((d) => this.selected.has(d.id)).map((d) => d.id))

  visible = $derived.by(() => {
    const q = this.search.trim().toLowerCase()
    const rows = this.docs.filter(
      (d) =>
        (this.status === 'all' || d.status === this.status) &&
        (this.template === 'all' || d.template === this.template) &&
        (!q || `${d.name} ${d.agency ?? ''} ${d.year ?? ''}`.toLowerCase().includes(q))
    )
    const key = this.sortKey
    const dir = this.sortDir
    return rows.sort((a, b) => dir * compare(a[key], b[key]))
  })

  async refresh(): Promise<void> {
    const res = await api.listDocuments({})
    if (res.ok) {
      this.docs = res.value
      this.error = null
    } else this.error = res.error.message
    this.loaded = true
  }

  sortBy(key: SortKey): void {
    if (this.sortKey === key) this.sortDir = this.sortDir === 1 ? -1 : 1
    else {
      this.sortKey = key
      this.sortDir = key === 'importedAt' || key === 'toCheck' || key === 'failingChecks' ? -1 : 1
    }
  }

  async importFiles(files: File[]): Promise<void> {
    if (files.length === 0) return
    this.reading += files.length
    const outcomes: ImportOutcome[] = []
    try {
      for (const batch of batches(files)) {
        const payload = await Promise.all(batch.map(async (f) => ({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) })))
        const res = await api.importFiles({ files: payload })
        if (res.ok) outcomes.push(...res.value.outcomes)
        else outcomes.push(...batch.map((f) => ({ name: f.name, outcome: 'failed' as const, error: res.error })))
        this.reading -= batch.length
      }
    } finally {
      this.reading = 0
    }
    this.outcomes = outcomes.filter((o) => o.outcome !== 'imported')
    await this.refresh()
  }

  async remove(id: number): Promise<void> {
    const res = await api.deleteDocument({ id })
    if (!res.ok) this.error = res.error.message
    await this.refresh()
  }

  /** Extract again: a report whose import was cancelled before its turn, or one read by an older engine. */
  async extract(id: number): Promise<void> {
    const res = await api.reextract({ documentId: id })
    if (!res.ok) this.error = res.error.message
    await this.refresh()
  }

  dismissOutcomes(): void {
    this.outcomes = []
  }
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0
  if (a === null || a === undefined) return 1
  if (b === null || b === undefined) return -1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return String(a).localeCompare(String(b), 'zh-CN')
}

function* batches(files: File[]): Generator<File[]> {
  let batch: File[] = []
  let bytes = 0
  for (const f of files) {
    if (batch.length > 0 && bytes + f.size > BATCH_BYTES) {
      yield batch
      batch = []
      bytes = 0
    }
    batch.push(f)
    bytes += f.size
  }
  if (batch.length > 0) yield batch
}

export const library = new Library()
