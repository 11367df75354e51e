// A report's way through extraction: stored → extracting → extracted, or failed with its reason.
import type { Extraction } from '../../shared/cells'
import type { AppError } from '../../shared/result'
import { preparedFor, type Db } from './db'
import { getDocumentRow, setDocumentStatus, setReviewNote } from './documents'
import { effectiveState, refreshDocument, type EffectiveState } from './effective'
import { insertExtraction } from './extractions'
import { processAlive } from './jobs'
import { insertWords } from './words'
import { wordsOf } from '../extract/words'

const stmts = preparedFor((db: Db) => ({
  extracting: db.prepare<[], { id: number; claimed_by: string | null }>(
    `SELECT d.id, i.claimed_by FROM documents d
     LEFT JOIN job_items i ON i.document_id = d.id AND i.state = 'queued'
     WHERE d.status = 'extracting'`
  ),
  reset: db.prepare<[number]>("UPDATE documents SET status = 'imported' WHERE id = ? AND status = 'extracting'")
}))

/**
 * Stores a finished extraction in one transaction. Corrections stay in the log untouched; a
 * reviewed report goes back into review when the new extraction disagrees with a correction or
 * changes any value the reviewer signed off (a cell never corrected but now read differently).
 */
export function recordExtraction(db: Db, id: number, x: Extraction, engineVersion: string): void {
  db.transaction(() => {
    const row = getDocumentRow(db, id)
    if (!row) return
    const signedOff = row.status === 'reviewed' ? effectiveState(db, id) : null
    insertWords(db, id, insertExtraction(db, id, x, engineVersion), wordsOf(x))
    if (row.status === 'imported' || row.status === 'extracting' || row.status === 'failed') {
      setDocumentStatus(db, id, 'extracted')
    }
    const state = refreshDocument(db, id)
    if (signedOff && state && (Object.values(state.cells).some((c) => c.secondLook) || changed(signedOff, state))) {
      setDocumentStatus(db, id, 'in_review')
      setReviewNote(db, id, null)
    }
  })()
}

function changed(before: EffectiveState, after: EffectiveState): boolean {
  if (before.meta.template !== after.meta.template) return true
  return Object.entries(after.cells).some(([k, c]) => before.cells[k]?.value !== c.value)
}

/** A report that could not be read keeps its bytes and says why; an earlier extraction still counts. */
export function recordFailure(db: Db, id: number, error: AppError): void {
  db.transaction(() => {
    const row = getDocumentRow(db, id)
    if (!row) return
    if (row.status === 'imported' || row.status === 'extracting' || row.status === 'failed') {
      setDocumentStatus(db, id, 'failed', error)
    }
  })()
}

/**
 * Whether a stored report still waits for its first extraction (new, or interrupted or cancelled
 * before it finished); not while another runner is at it.
 */
export function awaitsExtraction(db: Db, id: number): boolean {
  return getDocumentRow(db, id)?.status === 'imported'
}

/** A report left "extracting" by a runner whose process is gone was interrupted: it waits again. */
export function resetInterrupted(db: Db): void {
  const s = stmts(db)
  db.transaction(() => {
    const claims = new Map<number, (string | null)[]>()
    for (const r of s.extracting.all()) claims.set(r.id, [...(claims.get(r.id) ?? []), r.claimed_by])
    for (const [id, by] of claims) if (!by.some((c) => c && processAlive(c))) s.reset.run(id)
  })()
}
