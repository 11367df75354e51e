// A report's way through extraction: stored → extracting → extracted, or failed with its reason.
import type { Extraction } from '../../shared/cells'
import type { AppError } from '../../shared/result'
import { preparedFor, type Db } from './db'
import { getDocumentRow, setDocumentStatus } from './documents'
import { refreshDocument } from './effective'
import { insertExtraction } from './extractions'

const stmts = preparedFor((db: Db) => ({
  resetInterrupted: db.prepare("UPDATE documents SET status = 'imported' WHERE status = 'extracting'")
}))

/**
 * Stores a finished extraction in one transaction. Corrections stay in the log untouched; a
 * reviewed report whose new extraction disagrees with a correction goes back into review.
 */
export function recordExtraction(db: Db, id: number, x: Extraction, engineVersion: string): void {
  db.transaction(() => {
    const row = getDocumentRow(db, id)
    if (!row) return
    insertExtraction(db, id, x, engineVersion)
    if (row.status === 'imported' || row.status === 'extracting' || row.status === 'failed') {
      setDocumentStatus(db, id, 'extracted')
    }
    const state = refreshDocument(db, id)
    if (row.status === 'reviewed' && state && Object.values(state.cells).some((c) => c.secondLook)) {
      setDocumentStatus(db, id, 'in_review')
    }
  })()
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

/** Whether a stored report still waits for its first extraction (new, interrupted or cancelled). */
export function awaitsExtraction(db: Db, id: number): boolean {
  const status = getDocumentRow(db, id)?.status
  return status === 'imported' || status === 'extracting'
}

/** Nothing is extracting when a process starts: a report left "extracting" was interrupted. */
export function resetInterrupted(db: Db): void {
  stmts(db).resetInterrupted.run()
}
