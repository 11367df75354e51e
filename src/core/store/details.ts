// A report with its effective cells (latest correction, else the extraction), checks and
// cross-report checks: what the review screen shows and what every export writes.
import type { DocumentDetail, DocumentFilter } from '../../shared/api'
import type { CellKey } from '../../shared/templates'
import { NianbaoError } from '../errors'
import type { Db } from './db'
import { listDocumentIds, toSummary } from './documents'
import { crossChecks } from './cross-checks'
import { effectiveState, type EffectiveState } from './effective'

export function toDetail(db: Db, state: EffectiveState): DocumentDetail {
  const { row, meta, cells } = state
  const values = Object.fromEntries(Object.entries(cells).map(([k, c]) => [k, c.value])) as Record<CellKey, number | null>
  return {
    ...toSummary(row),
    ...meta,
    engineVersion: state.extraction?.engineVersion ?? null,
    cells,
    checks: state.checks,
    crossChecks: state.extraction ? crossChecks(db, row.id, meta, values) : [],
    canUndo: state.replay.undoTarget !== null,
    canRedo: state.replay.redoTarget !== null,
    reviewNote: row.review_note
  }
}

export function getDocumentDetail(db: Db, id: number): DocumentDetail {
  const state = effectiveState(db, id)
  if (!state) throw new NianbaoError('not-found', `没有编号为 ${id} 的报告`)
  return toDetail(db, state)
}

/** Streams matching reports one at a time, ordered by agency then year (never all in memory). */
export function* iterateDocumentDetails(db: Db, filter: DocumentFilter = {}): Generator<DocumentDetail> {
  // Ids first: better-sqlite3 allows no other statement while one is being iterated.
  for (const id of listDocumentIds(db, filter)) {
    const state = effectiveState(db, id)
    if (state) yield toDetail(db, state)
  }
}
