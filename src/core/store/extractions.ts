// Every extraction of a report is kept, one per run and engine version; the latest one counts.
import type { Cell, CheckResult, DocForm, Extraction } from '../../shared/cells'
import type { CellKey, TemplateId } from '../../shared/templates'
import { preparedFor, type Db } from './db'
import { now } from './documents'

/** A stored extraction; shared between callers, so never modify it. */
export interface StoredExtraction extends Pick<Extraction, 'template' | 'agency' | 'year' | 'published' | 'cells' | 'checks'> {
  id: number
  engineVersion: string
  form: DocForm | null
  pages: number | null
}

/** An extractions row as SQLite returns it (cells and checks as JSON). */
export interface ExtractionRow {
  id: number
  engine_version: string
  form: DocForm | null
  pages: number | null
  template: TemplateId
  agency: string | null
  year: number | null
  published: string | null
  cells: string
  checks: string
}

const stmts = preparedFor((db: Db) => ({
  insert: db.prepare(
    `INSERT INTO extractions (document_id, engine_version, form, pages, template, agency, year, published,
       cells, checks, seconds, created_at)
     VALUES (@documentId, @engineVersion, @form, @pages, @template, @agency, @year, @published,
       @cells, @checks, @seconds, @createdAt)`
  ),
  dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
  latestId: db.prepare<[number], { id: number }>(
    'SELECT id FROM extractions WHERE document_id = ? ORDER BY id DESC LIMIT 1'
  ),
  byId: db.prepare<[number], ExtractionRow>(
    `SELECT id, engine_version, form, pages, template, agency, year, published, cells, checks
     FROM extractions WHERE id = ?`
  )
}))

// Extractions are never updated, so a parsed one stays valid; reviewing a report reads its
// extraction on every action, and parsing 200 cells each time was most of a correction's cost.
// Ids can come back (a rolled-back insert, a deleted newest report), so the cache is emptied on
// every insert here and whenever another connection (the CLI, the app) has committed anything.
const PARSED_KEEP = 64
const parsed = new WeakMap<Db, { version: number; entries: Map<number, StoredExtraction> }>()

function parsedCache(db: Db): Map<number, StoredExtraction> {
  const version = stmts(db).dataVersion.get() as number
  let cache = parsed.get(db)
  if (!cache) parsed.set(db, (cache = { version, entries: new Map() }))
  if (cache.version !== version) {
    cache.version = version
    cache.entries.clear()
  }
  return cache.entries
}

/** Records an extraction; the caller runs it inside the transaction that updates the document. */
export function insertExtraction(db: Db, documentId: number, x: Extraction, engineVersion: string): number {
  parsed.get(db)?.entries.clear()
  const info = stmts(db).insert.run({
    documentId,
    engineVersion,
    form: x.form,
    pages: x.pages ?? null,
    template: x.template,
    agency: x.agency,
    year: x.year,
    published: x.published,
    cells: JSON.stringify(x.cells),
    checks: JSON.stringify(x.checks),
    seconds: x.seconds,
    createdAt: now()
  })
  return Number(info.lastInsertRowid)
}

export function latestExtraction(db: Db, documentId: number): StoredExtraction | null {
  const latest = stmts(db).latestId.get(documentId)
  if (!latest) return null
  const cache = parsedCache(db)
  let x = cache.get(latest.id)
  if (x) {
    cache.delete(latest.id)
  } else {
    x = readExtraction(stmts(db).byId.get(latest.id)!)
    if (cache.size >= PARSED_KEEP) cache.delete(cache.keys().next().value!)
  }
  cache.set(latest.id, x)
  return x
}

export function readExtraction(r: ExtractionRow): StoredExtraction {
  return {
    id: r.id,
    engineVersion: r.engine_version,
    form: r.form,
    pages: r.pages,
    template: r.template,
    agency: r.agency,
    year: r.year,
    published: r.published,
    cells: JSON.parse(r.cells) as Record<CellKey, Cell>,
    checks: JSON.parse(r.checks) as CheckResult[]
  }
}
