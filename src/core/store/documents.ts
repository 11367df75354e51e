import { createHash } from 'node:crypto'
import type { DocumentFilter, DocumentSummary, DocumentStatus } from '../../shared/api'
import type { DocForm } from '../../shared/cells'
import type { AppError } from '../../shared/result'
import type { TemplateId } from '../../shared/templates'
import type { Db } from './db'

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
}

export const now = (): string => new Date().toISOString()

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

const statements = new WeakMap<Db, ReturnType<typeof prepare>>()

function prepare(db: Db) {
  return {
    bySha: db.prepare<[string], { id: number }>('SELECT id FROM documents WHERE sha256 = ?'),
    insertBlob: db.prepare('INSERT OR IGNORE INTO blobs (sha256, data) VALUES (?, ?)'),
    insertDoc: db.prepare(
      `INSERT INTO documents (sha256, name, size, status, imported_at, updated_at)
       VALUES (?, ?, ?, 'imported', ?, ?)`
    ),
    byId: db.prepare<[number], DocumentRow>('SELECT * FROM documents WHERE id = ?'),
    all: db.prepare<[], DocumentRow>('SELECT * FROM documents ORDER BY imported_at DESC, id DESC'),
    blob: db.prepare<[number], { data: Buffer }>(
      'SELECT b.data FROM documents d JOIN blobs b ON b.sha256 = d.sha256 WHERE d.id = ?'
    )
  }
}

function stmts(db: Db) {
  let s = statements.get(db)
  if (!s) statements.set(db, (s = prepare(db)))
  return s
}

/** Stores a file's bytes once; the same bytes again are a no-op that says so. */
export function addDocument(
  db: Db,
  name: string,
  data: Uint8Array
): { id: number; duplicate: boolean } {
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

export function toSummary(row: DocumentRow, counts = { toCheck: 0, failingChecks: 0 }): DocumentSummary {
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
    toCheck: counts.toCheck,
    failingChecks: counts.failingChecks,
    error: row.error ? (JSON.parse(row.error) as AppError) : null
  }
}

export function getDocumentRow(db: Db, id: number): DocumentRow | undefined {
  return stmts(db).byId.get(id)
}

export function listDocumentRows(db: Db, filter: DocumentFilter = {}): DocumentRow[] {
  const search = filter.search?.trim().toLowerCase()
  return stmts(db)
    .all.all()
    .filter(
      (r) =>
        (!filter.ids || filter.ids.includes(r.id)) &&
        (!filter.status || filter.status.includes(r.status)) &&
        (!filter.years || (r.year !== null && filter.years.includes(r.year))) &&
        (!filter.template || r.template === filter.template) &&
        (!search || `${r.name} ${r.agency ?? ''}`.toLowerCase().includes(search))
    )
}

export type { DocumentRow }
