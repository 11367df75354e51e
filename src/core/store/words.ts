// The OCR words of each report's latest extraction, page by page.
import type { OcrWord } from '../../shared/ocr'
import { preparedFor, type Db } from './db'

/** One word as stored: [text, x0, y0, x1, y1, confidence] (a page holds hundreds of them). */
type StoredWord = [string, number, number, number, number, number]

const stmts = preparedFor((db: Db) => ({
  insert: db.prepare<[number, number, string]>('INSERT INTO ocr_words (extraction_id, page, words) VALUES (?, ?, ?)'),
  // Only the latest extraction is ever shown: older ones give their words up.
  dropOlder: db.prepare<[number, number]>(
    'DELETE FROM ocr_words WHERE extraction_id IN (SELECT id FROM extractions WHERE document_id = ? AND id < ?)'
  ),
  all: db.prepare<[number], { page: number; words: string }>(
    `SELECT page, words FROM ocr_words
     WHERE extraction_id = (SELECT max(id) FROM extractions WHERE document_id = ?) ORDER BY page`
  ),
  page: db.prepare<[number, number], { page: number; words: string }>(
    `SELECT page, words FROM ocr_words
     WHERE extraction_id = (SELECT max(id) FROM extractions WHERE document_id = ?) AND page = ?`
  )
}))

/** Stores an extraction's words; the caller runs it inside the transaction that records the extraction. */
export function insertWords(db: Db, documentId: number, extractionId: number, words: OcrWord[]): void {
  const s = stmts(db)
  s.dropOlder.run(documentId, extractionId)
  const byPage = new Map<number, StoredWord[]>()
  for (const w of words) {
    let list = byPage.get(w.page)
    if (!list) byPage.set(w.page, (list = []))
    list.push([w.text, ...w.bbox, w.confidence])
  }
  for (const [page, list] of byPage) s.insert.run(extractionId, page, JSON.stringify(list))
}

/** The words of a report's latest extraction, on one page or all of them (none for text reports). */
export function documentWords(db: Db, documentId: number, page?: number): OcrWord[] {
  const s = stmts(db)
  const rows = page === undefined ? s.all.all(documentId) : s.page.all(documentId, page)
  return rows.flatMap((r) =>
    (JSON.parse(r.words) as StoredWord[]).map(([text, x0, y0, x1, y1, confidence]): OcrWord => ({ page: r.page, text, bbox: [x0, y0, x1, y1], confidence }))
  )
}
