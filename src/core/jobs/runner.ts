// Runs the persistent job queue in-process, one file at a time: read (folder imports), store the
// bytes, extract outside any transaction, then write the result and the file's end in one.
import { readFile } from 'node:fs/promises'
import type { JobView } from '../../shared/api'
import type { Extraction } from '../../shared/cells'
import { NianbaoError, toAppError } from '../errors'
import type { EventHub } from '../events'
import { ENGINE_VERSION } from '../extract/version'
import type { Db } from '../store/db'
import { addDocument, documentBytes, getDocumentRow, setDocumentStatus } from '../store/documents'
import {
  cancelJobRow,
  finishJobItem,
  jobView,
  claimNextJobItem,
  newClaim,
  releaseJobItems,
  setItemDocument,
  setJobState,
  type JobItem
} from '../store/jobs'
import { awaitsExtraction, recordExtraction, recordFailure, resetInterrupted } from '../store/pipeline'

export type Extractor = (
  bytes: Uint8Array,
  name: string,
  opts: { signal: AbortSignal; onProgress: (done: number, total: number, label?: string) => void }
) => Promise<Extraction>

export interface JobRunner {
  /** Starts working through the queue unless already at it. */
  kick(): void
  cancel(jobId: number): JobView | null
  /** Resolves when the queue is empty (or the runner stopped). */
  idle(): Promise<void>
  /** Aborts the file in progress and writes nothing more; its job resumes on the next start. */
  stop(): void
}

export interface RunnerOptions {
  db: Db
  events: EventHub
  extract?: Extractor
  engineVersion?: string
}

// Loaded on first use: the readers pull in pdf.js and tesseract.js, which `check` never needs.
const defaultExtract: Extractor = async (bytes, name, opts) => (await import('../extract')).extractBytes(bytes, name, opts)

const PROGRESS_INTERVAL_MS = 100

export function createJobRunner({ db, events, extract = defaultExtract, engineVersion = ENGINE_VERSION }: RunnerOptions): JobRunner {
  let loop: Promise<void> | null = null
  let current: { jobId: number; controller: AbortController; docId: number | null } | null = null
  let stopped = false
  let again = false
  const claim = newClaim()

  const emitJob = (jobId: number, label: string | null = null) => {
    const job = jobView(db, jobId, label)
    if (job) events.emit({ type: 'job', job })
  }
  const changed = (id: number) => events.emit({ type: 'documents-changed', ids: [id] })

  /** Reads and stores a folder import's file (a no-op for bytes already stored). */
  async function storeFile(item: JobItem): Promise<number | null> {
    let data: Uint8Array
    try {
      data = await readFile(item.path!)
    } catch (e) {
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT'
      throw new NianbaoError(missing ? 'not-found' : 'internal', missing ? '找不到文件' : `无法读取：${(e as Error).message}`, item.name)
    }
    if (stopped) return null
    // Nothing to keep: every empty file would otherwise be "the same bytes" as the first one.
    if (!data.byteLength) throw new NianbaoError('empty-file', '文件为空', item.name)
    const { id, duplicate } = db.transaction(() => {
      const added = addDocument(db, item.name, data)
      setItemDocument(db, item.id, added.id)
      return added
    })()
    if (!duplicate) changed(id)
    return id
  }

  async function runItem(item: JobItem): Promise<void> {
    const controller = new AbortController()
    current = { jobId: item.jobId, controller, docId: null }
    if (jobView(db, item.jobId)?.state === 'queued') setJobState(db, item.jobId, 'running')
    emitJob(item.jobId, item.name)
    let docId = item.documentId
    try {
      // A stored file's report deleted while its job waited leaves neither path nor document.
      if (docId === null && item.path === null) throw new NianbaoError('not-found', '报告已被删除', item.name)
      if (docId === null) docId = await storeFile(item)
      if (docId === null || stopped) return
      // An import never extracts twice: another job (say, a second ingest of the same folder
      // while this one was interrupted) may have done this file meanwhile.
      if (item.kind === 'import' && !awaitsExtraction(db, docId)) {
        finishJobItem(db, item, 'duplicate')
        return
      }
      const row = getDocumentRow(db, docId)
      if (!row) throw new NianbaoError('not-found', '报告已被删除', item.name)
      current.docId = docId
      if (row.status === 'imported' || row.status === 'failed') {
        setDocumentStatus(db, docId, 'extracting')
        changed(docId)
      }
      let last = 0
      const x = await extract(documentBytes(db, docId)!, row.name, {
        signal: controller.signal,
        onProgress: (done, total, label) => {
          const t = Date.now()
          if (stopped || t - last < PROGRESS_INTERVAL_MS) return
          last = t
          emitJob(item.jobId, [item.name, label, `${done}/${total}`].filter(Boolean).join(' · '))
        }
      })
      if (stopped) return
      const id = docId
      db.transaction(() => {
        recordExtraction(db, id, x, engineVersion)
        finishJobItem(db, item, 'done')
      })()
    } catch (e) {
      if (stopped) return
      const id = docId
      if (controller.signal.aborted) {
        db.transaction(() => {
          if (id !== null && getDocumentRow(db, id)?.status === 'extracting') setDocumentStatus(db, id, 'imported')
          finishJobItem(db, item, 'cancelled')
        })()
      } else {
        const error = toAppError(e, item.name)
        db.transaction(() => {
          if (id !== null) recordFailure(db, id, error)
          finishJobItem(db, item, 'failed', error)
        })()
      }
    } finally {
      current = null
      if (!stopped) {
        if (docId !== null) changed(docId)
        emitJob(item.jobId)
      }
    }
  }

  async function work(): Promise<void> {
    for (let item = claimNextJobItem(db, claim); item && !stopped; item = stopped ? null : claimNextJobItem(db, claim)) {
      await runItem(item)
    }
  }

  resetInterrupted(db)

  return {
    kick() {
      if (stopped) return
      // A kick while the loop is finishing must not be lost: the loop looks again before it ends.
      again = true
      if (loop) return
      loop = (async () => {
        while (again && !stopped) {
          again = false
          await work()
        }
      })().finally(() => {
        loop = null
      })
    },
    cancel(jobId) {
      if (cancelJobRow(db, jobId) && current?.jobId === jobId) current.controller.abort()
      const job = jobView(db, jobId)
      if (job) events.emit({ type: 'job', job })
      return job
    },
    async idle() {
      while (loop) await loop
    },
    stop() {
      if (stopped) return
      stopped = true
      current?.controller.abort()
      // The file in hand waits again, for whichever runner comes next (this process or another).
      db.transaction(() => {
        const id = current?.docId
        if (id != null && getDocumentRow(db, id)?.status === 'extracting') setDocumentStatus(db, id, 'imported')
        releaseJobItems(db, claim)
      })()
    }
  }
}
