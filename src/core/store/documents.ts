import { createHash } from 'node:crypto'
import type { DocumentFilter, DocumentSummary, DocumentStatus } from '../../shared/api'
import type { DocForm } from '../../shared/cells'
import type { AppError } from '../../shared/result'
import type { TemplateId } from '../../shared/templates'
import { preparedFor, type Db } from './db'

interface DocumentRow {
  id: number
  sha256: string
  name: string
  size: number
  form: DocForm | null
  pages: number | null
  agency: string | null
  year: number | null
  template: TemplateId | null
  published: string | null
  status: DocumentStatus
  error: string | null
  imported_at: string
  updated_at: string
  to_check: number
  failing_checks: number
  review_note: string | null
}

export const now = (): string => new Date().toISOString()

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

const SUMMARY_COLUMNS = `id, sha256, name, size, form, pages, agency, year, template, published, status, error,
  imported_at, updated_at, to_check, failing_checks, review_note`

// One statement serves every filter: each condition is off when its parameter is NULL, and lists
// arrive as JSON arrays, so nothing is ever spliced into the SQL.
const FILTER = `
  (:ids IS NULL OR id IN (SELECT value FROM json_each(:ids)))
  AND (:statuses IS NULL OR status IN (SELECT value FROM json_each(:statuses)))
  AND (:years IS NULL OR year IN (SELECT value FROM json_each(:years)))
  AND (:template IS NULL OR template = :template)
  AND (:search IS NULL OR instr(lower(name || ' ' || coalesce(agency, '')), :search) > 0)`

interface Page {
  limit: number
  offset: number
}

interface FilterParams {
  ids: string | null
  statuses: string | null
  years: string | null
  template: string | null
  search: string | null
}

const stmts = preparedFor((db: Db) => ({
  bySha: db.prepare<[string], { id: number }>('SELECT id FROM documents WHERE sha256 = ?'),
  insertBlob: db.prepare('INSERT OR IGNORE INTO blobs (sha256, data) VALUES (?, ?)'),
  insertDoc: db.prepare(
    `INSERT INTO documents (sha256, name, size, status, imported_at, updated_at)
     VALUES (?, ?, ?, 'imported', ?, ?)`
  ),
  byId: db.prepare<[number], DocumentRow>(`SELECT ${SUMMARY_COLUMNS} FROM documents WHERE id = ?`),
  recent: db.prepare<[FilterParams & Page], DocumentRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM documents WHERE ${FILTER}
     ORDER BY imported_at DESC, id DESC LIMIT :limit OFFSET :offset`
  ),
  attention: db.prepare<[FilterParams & Page], DocumentRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM documents WHERE ${FILTER}
     ORDER BY failing_checks DESC, to_check DESC, id LIMIT :limit OFFSET :offset`
  ),
  listIds: db.prepare<[FilterParams], { id: number }>(
    `SELECT id FROM documents WHERE ${FILTER} ORDER BY agency, year, id`
  ),
  blob: db.prepare<[number], { data: Buffer }>(
    'SELECT b.data FROM documents d JOIN blobs b ON b.sha256 = d.sha256 WHERE d.id = ?'
  ),
  setStatus: db.prepare<[DocumentStatus, string | null, string, number]>(
    'UPDATE documents SET status = ?, error = ?, updated_at = ? WHERE id = ?'
  ),
  setReviewNote: db.prepare<[string | null, number]>('UPDATE documents SET review_note = ? WHERE id = ?'),
  deleteDoc: db.prepare<[number]>('DELETE FROM documents WHERE id = ?'),
  deleteBlob: db.prepare<[string]>('DELETE FROM blobs WHERE sha256 = ?')
}))

/** Stores a file's bytes once; the same bytes again are a no-op that says so. */
export function addDocument(db: Db, name: string, data: Uint8Array): { id: number; duplicate: boolean } {
  const s = stmts(db)
  const hash = sha256(data)
  return db.transaction(() => {
    const existing = s.bySha.get(hash)
    if (existing) return { id: existing.id, duplicate: true }
    s.insertBlob.run(hash, data)
    const t = now()
    const info = s.insertDoc.run(hash, name, data.byteLength, t, t)
    return { id: Number(info.lastInsertRowid), duplicate: false }
  })()
}

export function documentBytes(db: Db, id: number): Uint8Array | null {
  const row = stmts(db).blob.get(id)
  return row ? new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength) : null
}

export function setDocumentStatus(db: Db, id: number, status: DocumentStatus, error: AppError | null = null): void {
  stmts(db).setStatus.run(status, error ? JSON.stringify(error) : null, now(), id)
}

export function setReviewNote(db: Db, id: number, note: string | null): void {
  stmts(db).setReviewNote.run(note, id)
}

/** Removes a report with its extractions and edit log (cascade) and its bytes. */
export function deleteDocument(db: Db, id: number): boolean {
  const s = stmts(db)
  return db.transaction(() => {
    const row = s.byId.get(id)
    if (!row) return false
    s.deleteDoc.run(id)
    s.deleteBlob.run(row.sha256)
    return true
  })()
}

export function toSummary(row: DocumentRow): DocumentSummary {
  return {
    id: row.id,
    name: row.name,
    size: row.size,
    sha256: row.sha256,
    form: row.form,
    pages: row.pages,
    importedAt: row.imported_at,
    updatedAt: row.updated_at,
    status: row.status,
    agency: row.agency,
    year: row.year,
    template: row.template,
    toCheck: row.to_check,
    failingChecks: row.failing_checks,
    error: row.error ? (JSON.parse(row.error) as AppError) : null
  }
}

export function getDocumentRow(db: Db, id: number): DocumentRow | undefined {
  return stmts(db).byId.get(id)
}

function filterParams(filter: DocumentFilter): FilterParams {
  const search = filter.search?.trim().toLowerCase()
  const list = (xs: readonly unknown[] | undefined) => (xs ? JSON.stringify(xs) : null)
  return {
    ids: list(filter.ids),
    statuses: list(filter.status),
    years: list(filter.years),
    template: filter.template ?? null,
    search: search ? search : null
  }
}

export interface ListOptions {
  order?: 'recent' | 'attention'
  limit?: number
  offset?: number
}

export function listDocumentRows(db: Db, filter: DocumentFilter = {}, options: ListOptions = {}): DocumentRow[] {
  const page = { limit: options.limit ?? -1, offset: options.offset ?? 0 }
  return stmts(db)[options.order ?? 'recent'].all({ ...filterParams(filter), ...page })
}

/** Matching ids in dataset order (agency, year), for streaming details one report at a time. */
export function listDocumentIds(db: Db, filter: DocumentFilter = {}): number[] {
  return stmts(db)
    .listIds.all(filterParams(filter))
    .map((r) => r.id)
}

export type { DocumentRow }
