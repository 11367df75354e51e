// Implements the API contract on the store, the extractor, jobs and export.
import { userInfo } from 'node:os'
import type { ApiOutputs, DocumentDetail, ImportOutcome } from '../../shared/api'
import type { DocForm } from '../../shared/cells'
import { NianbaoError } from '../errors'
import type { EventHub } from '../events'
import { withExportJobs } from '../export/job-memory'
import { expandPaths } from '../jobs/paths'
import type { JobRunner } from '../jobs/runner'
import type { Db } from '../store/db'
import { getDocumentDetail, toDetail } from '../store/details'
import { addDocument, deleteDocument, documentBytes, getDocumentRow, listDocumentRows, toSummary } from '../store/documents'
import type { EffectiveState } from '../store/effective'
import { createJob, jobView, recentJobs } from '../store/jobs'
import { awaitsExtraction } from '../store/pipeline'
import * as review from '../store/review'
import { getSettings, setSettings } from '../store/settings'
import { documentWords } from '../store/words'
import type { Handlers } from './invoke'

export interface HandlerContext {
  db: Db
  events: EventHub
  jobs: JobRunner
}

/**
 * Forms the source pane shows as text, re-read on open. PDFs are drawn from their bytes by pdf.js
 * and their cells already point at page boxes, so re-parsing one here only delays the first page.
 */
const TEXT_FORMS = new Set<DocForm>(['txt', 'html', 'docx'])

function systemUser(): string {
  try {
    return userInfo().username
  } catch {
    return '审阅人'
  }
}

export function createHandlers(ctx: HandlerContext): Handlers {
  const { db, events, jobs } = ctx
  const reviewer = () => getSettings(db).reviewer || systemUser()
  /** Every reviewer action answers with the report as it now stands. */
  const reviewed = (state: EffectiveState): DocumentDetail => {
    events.emit({ type: 'documents-changed', ids: [state.row.id] })
    return toDetail(db, state)
  }
  const startJob = (kind: 'import' | 'extract', items: Parameters<typeof createJob>[2]) => {
    const jobId = createJob(db, kind, items)
    const job = jobView(db, jobId)
    if (job) events.emit({ type: 'job', job })
    jobs.kick()
    return jobId
  }

  return {
    listDocuments: ({ filter, ...page }) => listDocumentRows(db, filter, page).map(toSummary),

    importFiles: ({ files }) => {
      const outcomes: ApiOutputs['importFiles']['outcomes'] = db.transaction(() =>
        files.map(({ name, data }): ImportOutcome => {
          if (!data.byteLength) return { name, outcome: 'failed', error: { code: 'empty-file', message: '文件为空', file: name } }
          const { id, duplicate } = addDocument(db, name, data)
          return { name, outcome: duplicate ? 'duplicate' : 'imported', documentId: id }
        })
      )()
      // The same bytes twice in one drop are one report, queued once.
      const seen = new Set<number>()
      const queued = outcomes.filter(
        (o) =>
          o.documentId !== undefined &&
          !seen.has(o.documentId) &&
          seen.add(o.documentId) &&
          (o.outcome === 'imported' || awaitsExtraction(db, o.documentId))
      )
      const ids = outcomes.flatMap((o) => (o.outcome === 'imported' ? [o.documentId!] : []))
      if (ids.length) events.emit({ type: 'documents-changed', ids })
      const jobId = queued.length ? startJob('import', queued.map((o) => ({ name: o.name, documentId: o.documentId! }))) : null
      return { outcomes, jobId }
    },

    importPaths: ({ paths }) => ({ jobId: startJob('import', expandPaths(paths)) }),

    getDocument: ({ id }) => getDocumentDetail(db, id),

    getSource: async ({ id }) => {
      const row = getDocumentRow(db, id)
      const data = row && documentBytes(db, id)
      if (!row || !data) throw new NianbaoError('not-found', `没有编号为 ${id} 的报告`)
      // Text forms are re-read in milliseconds; scans keep only their boxes (cell sources), since
      // OCR-ing every page again to open a report would take minutes.
      if (!row.form || !TEXT_FORMS.has(row.form)) return { id, name: row.name, form: row.form, data, text: null, spans: [] }
      const { readSource } = await import('../ingest')
      const src = await readSource(data, row.name)
      return { id, name: row.name, form: row.form, data, text: src.text, spans: src.spans ?? [] }
    },

    getWords: ({ id, page }) => {
      if (!getDocumentRow(db, id)) throw new NianbaoError('not-found', `没有编号为 ${id} 的报告`)
      return documentWords(db, id, page)
    },

    deleteDocument: ({ id }) => {
      const deleted = deleteDocument(db, id)
      if (deleted) events.emit({ type: 'documents-changed', ids: [id] })
      return { deleted }
    },

    correctCell: ({ documentId, key, value, note }) =>
      reviewed(review.correctCell(db, documentId, key, value, reviewer(), note)),
    confirmCells: ({ documentId, keys }) => reviewed(review.confirmCells(db, documentId, keys, reviewer())),
    confirmTable: ({ documentId, table }) => reviewed(review.confirmTable(db, documentId, table, reviewer())),
    undo: ({ documentId }) => reviewed(review.undo(db, documentId, reviewer())),
    redo: ({ documentId }) => reviewed(review.redo(db, documentId, reviewer())),
    setMetadata: ({ documentId, field, value }) =>
      reviewed(review.setMetadata(db, documentId, field, value, reviewer())),
    markReviewed: ({ documentId, overrideNote }) =>
      reviewed(review.markReviewed(db, documentId, reviewer(), overrideNote)),

    reextract: ({ documentId }) => {
      const row = getDocumentRow(db, documentId)
      if (!row) throw new NianbaoError('not-found', `没有编号为 ${documentId} 的报告`)
      return { jobId: startJob('extract', [{ name: row.name, documentId }]) }
    },

    listJobs: () => withExportJobs(db, recentJobs(db)),
    cancelJob: ({ id }) => {
      const job = jobs.cancel(id)
      if (!job) throw new NianbaoError('not-found', `没有编号为 ${id} 的任务`)
      return job
    },

    // Loaded on first export: the xlsx writer (exceljs) alone was most of every command's start-up.
    exportDataset: async (input) => (await import('../export/job')).runExportJob(db, events, input),
    getSettings: () => getSettings(db),
    setSettings: (changes) => setSettings(db, changes)
  }
}
