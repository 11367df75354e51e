// A report with its effective cells (latest correction, else the extraction), checks and
// cross-report checks: what the review screen shows and what every export writes.
import type { DocumentDetail, DocumentFilter } from '../../shared/api'
import type { CheckResult } from '../../shared/cells'
import { isTemplateId, type TemplateId } from '../../shared/templates'
import { NianbaoError } from '../errors'
import { preparedFor, type Db } from './db'
import { listDocumentIds, listDocumentRows, toSummary, type DocumentRow } from './documents'
import { crossChecks } from './cross-checks'
import {
  cellsBasis,
  decodeCells,
  effectiveState,
  evaluateState,
  saveCells,
  valuesOf,
  type EffectiveState,
  type Metadata
} from './effective'
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

interface CellsRow {
  document_id: number
  basis: string
  engine_version: string
  can_undo: number
  can_redo: number
  cells: string
  checks: string
}

// Ids arrive as a JSON array, so a batch is one statement and nothing is spliced into the SQL.
const stmts = preparedFor((db: Db) => ({
  stored: db.prepare<[string], CellsRow>(
    `SELECT document_id, basis, engine_version, can_undo, can_redo, cells, checks
     FROM document_cells WHERE document_id IN (SELECT value FROM json_each(?))`
  ),
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
const NONE: ReadonlyMap<number, EffectiveState> = new Map()

/** A report as refreshDocument stored it: the document row holds the metadata, document_cells the rest. */
function storedDetail(row: DocumentRow, template: TemplateId, stored: CellsRow): ReportDetail {
  return {
    ...toSummary(row),
    agency: row.agency,
    year: row.year,
    template,
    published: row.published,
    engineVersion: stored.engine_version,
    cells: decodeCells(template, stored.cells),
    checks: JSON.parse(stored.checks) as CheckResult[],
    canUndo: stored.can_undo === 1,
    canRedo: stored.can_redo === 1,
    reviewNote: row.review_note
  }
}

/**
 * Effective states derived from the extractions and logs: three statements for the batch (the
 * documents, their latest extractions, which have a log) and one per report with a log. With
 * `save`, the effective cells are stored, so the next export reads them.
 */
function deriveStates(db: Db, ids: readonly number[], save: boolean): Map<number, EffectiveState> {
  const s = stmts(db)
  const json = JSON.stringify(ids)
  const latest = new Map(s.latest.all(json).map((x) => [x.document_id, x]))
  const logged = new Set(s.logged.all(json))
  const states = new Map<number, EffectiveState>()
  for (const row of listDocumentRows(db, { ids: [...ids] })) {
    const x = latest.get(row.id)
    const extraction = x ? readExtraction(x) : null
    // The document row holds the effective metadata: refreshDocument writes it after every action.
    const meta: Metadata = { agency: row.agency, year: row.year, template: isTemplateId(row.template) ? row.template : null, published: row.published }
    const r = logged.has(row.id) ? replay(loadLog(db, row.id)) : NO_EDITS
    const state = evaluateState({ row, extraction, replay: r, meta })
    if (save) saveCells(db, state)
    states.set(row.id, state)
  }
  return states
}

/**
 * Reports of the given ids in the given order, a batch at a time, each batch read as one snapshot.
 * What refreshDocument stored is read as it is; a report stored by other code (before migration
 * 0005, or other identities) is derived again and stored, in a transaction that keeps other
 * writers out between reading and storing.
 */
function* batchedDetails(db: Db, ids: readonly number[]): Generator<ReportDetail> {
  const s = stmts(db)
  for (let start = 0; start < ids.length; start += BATCH) {
    const batch = ids.slice(start, start + BATCH)
    const { rows, stored } = db.transaction(() => ({
      rows: new Map(listDocumentRows(db, { ids: batch }).map((r) => [r.id, r])),
      stored: new Map(s.stored.all(JSON.stringify(batch)).map((c) => [c.document_id, c]))
    }))()
    const fresh = (row: DocumentRow) => isTemplateId(row.template) && stored.get(row.id)?.basis === cellsBasis(row.template)
    const stale = [...rows.values()].filter((row) => !fresh(row))
    let derived = NONE
    if (stale.length) {
      const staleIds = stale.map((row) => row.id)
      // Reports without a template have no cells to store: read only, no write lock.
      derived = stale.some((row) => isTemplateId(row.template))
        ? db.transaction(() => deriveStates(db, staleIds, true)).immediate()
        : deriveStates(db, staleIds, false)
    }
    for (const id of batch) {
      const state = derived.get(id)
      if (state) yield toReportDetail(state)
      else {
        const row = rows.get(id)
        if (row && isTemplateId(row.template)) yield storedDetail(row, row.template, stored.get(id)!)
      }
    }
  }
}

/** Streams matching reports for export, ordered by agency then year (never all in memory). */
export function* iterateReportDetails(db: Db, filter: DocumentFilter = {}): Generator<ReportDetail> {
  yield* batchedDetails(db, listDocumentIds(db, filter))
}

/** Streams matching reports with their cross-report checks, ordered by agency then year. */
export function* iterateDocumentDetails(db: Db, filter: DocumentFilter = {}): Generator<DocumentDetail> {
  for (const detail of iterateReportDetails(db, filter)) yield withCrossChecks(db, detail)
}
