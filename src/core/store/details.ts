// A report with its effective cells (latest correction, else the extraction), checks and
// cross-report checks: what the review screen shows and what every export writes.
import type { DocumentDetail, DocumentFilter } from '../../shared/api'
import { NianbaoError } from '../errors'
import { preparedFor, type Db } from './db'
import { listDocumentIds, listDocumentRows, toSummary } from './documents'
import { crossChecks } from './cross-checks'
import { effectiveState, evaluateState, valuesOf, type EffectiveState, type Metadata } from './effective'
import { readExtraction, type ExtractionRow } from './extractions'
import { loadLog, replay, type Replay } from './log'

/** A report as exports write it: everything but the cross-report checks, which need more queries. */
export type ReportDetail = Omit<DocumentDetail, 'crossChecks'>

export function toReportDetail(state: EffectiveState): ReportDetail {
  const { row, meta } = state
  return {
    ...toSummary(row),
    ...meta,
    engineVersion: state.extraction?.engineVersion ?? null,
    cells: state.cells,
    checks: state.checks,
    canUndo: state.replay.undoTarget !== null,
    canRedo: state.replay.redoTarget !== null,
    reviewNote: row.review_note
  }
}

function withCrossChecks(db: Db, detail: ReportDetail): DocumentDetail {
  if (!Object.keys(detail.cells).length) return { ...detail, crossChecks: [] }
  return { ...detail, crossChecks: crossChecks(db, detail.id, detail, valuesOf(detail.cells)) }
}

export function toDetail(db: Db, state: EffectiveState): DocumentDetail {
  return withCrossChecks(db, toReportDetail(state))
}

export function getDocumentDetail(db: Db, id: number): DocumentDetail {
  const state = effectiveState(db, id)
  if (!state) throw new NianbaoError('not-found', `没有编号为 ${id} 的报告`)
  return toDetail(db, state)
}

type LatestRow = ExtractionRow & { document_id: number }

// Ids arrive as a JSON array, so a batch is one statement and nothing is spliced into the SQL.
const stmts = preparedFor((db: Db) => ({
  latest: db.prepare<[string], LatestRow>(
    `SELECT document_id, id, engine_version, form, pages, template, agency, year, published, cells, checks
     FROM extractions WHERE id IN (
       SELECT max(id) FROM extractions WHERE document_id IN (SELECT value FROM json_each(?)) GROUP BY document_id)`
  ),
  logged: db.prepare<[string], number>(
    'SELECT DISTINCT document_id FROM actions WHERE document_id IN (SELECT value FROM json_each(?))'
  ).pluck()
}))

/** Reports read per batch of statements: few statements per report, little held at once. */
const BATCH = 250

const NO_EDITS: Replay = replay([])

/**
 * Effective states of the given reports in the given order, read a batch at a time: one statement
 * for the documents, one for their latest extractions, one to find the few reports with a log.
 * An export reads each report once, so nothing goes through the single-report extraction cache.
 */
function* batchedStates(db: Db, ids: readonly number[]): Generator<EffectiveState> {
  const s = stmts(db)
  for (let start = 0; start < ids.length; start += BATCH) {
    const batch = ids.slice(start, start + BATCH)
    const json = JSON.stringify(batch)
    const rows = new Map(listDocumentRows(db, { ids: batch }).map((r) => [r.id, r]))
    const latest = new Map(s.latest.all(json).map((x) => [x.document_id, x]))
    const logged = new Set(s.logged.all(json))
    for (const id of batch) {
      const row = rows.get(id)
      if (!row) continue
      const x = latest.get(id)
      const extraction = x ? readExtraction(x) : null
      // The document row holds the effective metadata: refreshDocument writes it after every action.
      const meta: Metadata = { agency: row.agency, year: row.year, template: row.template, published: row.published }
      const r = logged.has(id) ? replay(loadLog(db, id)) : NO_EDITS
      yield evaluateState({ row, extraction, replay: r, meta })
    }
  }
}

/** Streams matching reports for export, ordered by agency then year (never all in memory). */
export function* iterateReportDetails(db: Db, filter: DocumentFilter = {}): Generator<ReportDetail> {
  for (const state of batchedStates(db, listDocumentIds(db, filter))) yield toReportDetail(state)
}

/** Streams matching reports with their cross-report checks, ordered by agency then year. */
export function* iterateDocumentDetails(db: Db, filter: DocumentFilter = {}): Generator<DocumentDetail> {
  for (const detail of iterateReportDetails(db, filter)) yield withCrossChecks(db, detail)
}
