// Implements the API contract on the store, the extractor, jobs and export.
import type { ApiOutputs } from '../../shared/api'
import { NianbaoError } from '../errors'
import type { EventHub } from '../events'
import type { Db } from '../store/db'
import { addDocument, getDocumentRow, listDocumentRows, toSummary } from '../store/documents'
import type { Handlers } from './invoke'

export interface HandlerContext {
  db: Db
  events: EventHub
}

function notYet(method: string): never {
  throw new NianbaoError('internal', `${method} 尚未实现`)
}

export function createHandlers(ctx: HandlerContext): Handlers {
  const { db, events } = ctx
  return {
    listDocuments: ({ filter }) => listDocumentRows(db, filter).map((r) => toSummary(r)),

    importFiles: ({ files }) => {
      const outcomes: ApiOutputs['importFiles']['outcomes'] = files.map(({ name, data }) => {
        const { id, duplicate } = addDocument(db, name, data)
        return { name, outcome: duplicate ? 'duplicate' : 'imported', documentId: id }
      })
      const ids = outcomes.flatMap((o) => (o.outcome === 'imported' && o.documentId ? [o.documentId] : []))
      if (ids.length) events.emit({ type: 'documents-changed', ids })
      return { outcomes, jobId: null }
    },

    getDocument: ({ id }) => {
      const row = getDocumentRow(db, id)
      if (!row) throw new NianbaoError('not-found', `没有编号为 ${id} 的报告`)
      return {
        ...toSummary(row),
        published: row.published,
        engineVersion: null,
        cells: {},
        checks: [],
        crossChecks: [],
        canUndo: false,
        canRedo: false,
        reviewNote: null
      }
    },

    importPaths: () => notYet('importPaths'),
    getSource: () => notYet('getSource'),
    deleteDocument: () => notYet('deleteDocument'),
    correctCell: () => notYet('correctCell'),
    confirmCells: () => notYet('confirmCells'),
    confirmTable: () => notYet('confirmTable'),
    undo: () => notYet('undo'),
    redo: () => notYet('redo'),
    setMetadata: () => notYet('setMetadata'),
    markReviewed: () => notYet('markReviewed'),
    reextract: () => notYet('reextract'),
    listJobs: () => [],
    cancelJob: () => notYet('cancelJob'),
    exportDataset: () => notYet('exportDataset'),
    getSettings: () => ({ reviewer: '', locale: 'zh-CN' }),
    setSettings: () => notYet('setSettings')
  }
}
