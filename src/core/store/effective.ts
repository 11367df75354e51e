// A report as the reviewer sees it: the latest extraction overlaid with the active edits of the log,
// statuses and checks re-run on those values. refreshDocument writes the derived columns and the
// effective cells back so the list, the cross-report checks and exports never replay a log.
import { createHash } from 'node:crypto'
import type { CellView } from '../../shared/api'
import type { CellSource, CellStatus, CheckResult } from '../../shared/cells'
import { cellKeys, isTemplateId, type CellKey, type TemplateId } from '../../shared/templates'
import { IDENTITY_REASON, evaluateCells, identities } from '../check'
import { preparedFor, type Db } from './db'
import { getDocumentRow, now, type DocumentRow } from './documents'
import { latestExtraction, type StoredExtraction } from './extractions'
import { loadLog, metaKey, replay, type Replay } from './log'

export type MetadataField = 'agency' | 'year' | 'template' | 'published'

export interface Metadata {
  agency: string | null
  year: number | null
  template: TemplateId | null
  published: string | null
}

/** What a report's effective state is made of; enough for actions that read a few cells. */
export interface BaseState {
  row: DocumentRow
  extraction: StoredExtraction | null
  replay: Replay
  meta: Metadata
}

export interface EffectiveState extends BaseState {
  cells: Record<CellKey, CellView>
  checks: CheckResult[]
  toCheck: number
}

const stmts = preparedFor((db: Db) => ({
  update: db.prepare(
    `UPDATE documents SET agency = @agency, year = @year, template = @template, published = @published,
       form = coalesce(@form, form), pages = coalesce(@pages, pages),
       to_check = @toCheck, failing_checks = @failingChecks, updated_at = @updatedAt
     WHERE id = @id`
  ),
  // An update in place: INSERT OR REPLACE deleted and re-inserted the row's overflow pages on
  // every action, a quarter of a correction's cost.
  saveValues: db.prepare<[number, string]>(
    'INSERT INTO document_values (document_id, cells) VALUES (?, ?) ON CONFLICT (document_id) DO UPDATE SET cells = excluded.cells'
  ),
  dropValues: db.prepare<[number]>('DELETE FROM document_values WHERE document_id = ?'),
  saveCells: db.prepare<[number, string, string, number, number, string, string]>(
    `INSERT INTO document_cells (document_id, basis, engine_version, can_undo, can_redo, cells, checks) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (document_id) DO UPDATE SET basis = excluded.basis, engine_version = excluded.engine_version,
       can_undo = excluded.can_undo, can_redo = excluded.can_redo, cells = excluded.cells, checks = excluded.checks`
  ),
  dropCells: db.prepare<[number]>('DELETE FROM document_cells WHERE document_id = ?')
}))

function effectiveMeta(x: StoredExtraction | null, r: Replay): Metadata {
  const pick = <T>(field: MetadataField, fallback: T): T => {
    const e = r.edits.get(metaKey(field))
    return e ? (e.newValue as T) : fallback
  }
  const template = pick<string | null>('template', x?.template ?? null)
  return {
    agency: pick('agency', x?.agency ?? null),
    year: pick('year', x?.year ?? null),
    template: isTemplateId(template) ? template : null,
    published: pick('published', x?.published ?? null)
  }
}

const keySets = new Map<TemplateId, Set<CellKey>>()

/**
 * One cell as extracted, overlaid with its latest active edit; statuses as extracted or edited
 * (identities not re-run). Undefined for a key the effective template does not have.
 */
export function cellView(base: BaseState, key: CellKey): CellView | undefined {
  const { meta, extraction: x, replay: r } = base
  if (!meta.template || !x) return undefined
  let keys = keySets.get(meta.template)
  if (!keys) keySets.set(meta.template, (keys = new Set(cellKeys(meta.template))))
  if (!keys.has(key)) return undefined
  const cell = x.cells[key] ?? { value: null, status: 'missing' as const }
  const extracted = {
    value: cell.value,
    status: cell.status === 'corrected' || cell.status === 'confirmed' ? 'ok' : cell.status
  } as CellView['extracted']
  const view: CellView = { ...cell, extracted }
  const edit = r.edits.get(key)
  if (edit) {
    view.value = edit.newValue as number | null
    view.status = edit.status ?? 'corrected'
    delete view.reason
    view.correction = {
      by: edit.action.reviewer,
      at: edit.action.at,
      ...(edit.action.note ? { note: edit.action.note } : {})
    }
    // The extractor now reads something else than both the reviewer's value and what it read before.
    if (edit.base !== undefined && extracted.value !== edit.base && extracted.value !== view.value) {
      view.secondLook = true
    }
  }
  return view
}

export function baseState(db: Db, id: number): BaseState | null {
  const row = getDocumentRow(db, id)
  if (!row) return null
  const extraction = latestExtraction(db, id)
  const r = replay(loadLog(db, id))
  return { row, extraction, replay: r, meta: effectiveMeta(extraction, r) }
}

/** Every cell of the effective template, with the identities re-run on the effective values. */
export function evaluateState(base: BaseState): EffectiveState {
  const template = base.meta.template
  if (!template || !base.extraction) return { ...base, cells: {}, checks: [], toCheck: 0 }
  const views: Record<CellKey, CellView> = {}
  for (const key of cellKeys(template)) views[key] = cellView(base, key)!
  // Corrected and confirmed cells keep their status; evaluateCells never touches them.
  const { cells, checks } = evaluateCells(template, views)
  const toCheck = Object.values(cells).filter((c) => c.status === 'check' || c.secondLook).length
  return { ...base, cells, checks, toCheck }
}

/** The effective value of each cell, as the cross-report checks compare them. */
export function valuesOf(cells: Record<CellKey, CellView>): Record<CellKey, number | null> {
  // A plain loop: Object.entries + fromEntries cost 3x as much on 200 cells, on every action.
  const values: Record<CellKey, number | null> = {}
  for (const key in cells) values[key] = cells[key]!.value
  return values
}

export function effectiveState(db: Db, id: number): EffectiveState | null {
  const base = baseState(db, id)
  return base && evaluateState(base)
}

/**
 * A report's effective cells as document_cells keeps them: one array per field, in the order of
 * the template's keys, and by index what few cells have. Arrays of numbers and short strings take
 * a third of the room and of the parse time of one object per cell (30 KB, 0.35 ms a report:
 * most of what made an export of 10,000 reports slow, beside re-running the identities).
 */
interface StoredCells {
  value: (number | null)[]
  status: CellStatus[]
  raw: (string | null)[]
  source: (CellSource | null)[]
  reason: Record<number, string>
  /** Where the extracted value or status differs from the effective one. */
  extracted: Record<number, CellView['extracted']>
  correction: Record<number, NonNullable<CellView['correction']>>
  secondLook: number[]
}

/** Bump when the derivation of effective cells changes, so stored rows are derived again. */
const CELLS_FORMAT = 1

const bases = new Map<TemplateId, string>()

/** What a stored row was derived from: the template, its keys and identities, this code's format. */
export function cellsBasis(template: TemplateId): string {
  let basis = bases.get(template)
  if (!basis) {
    const hash = createHash('sha256').update(JSON.stringify([CELLS_FORMAT, IDENTITY_REASON, cellKeys(template), identities(template)]))
    bases.set(template, (basis = `${template}:${hash.digest('hex').slice(0, 16)}`))
  }
  return basis
}

function encodeCells(template: TemplateId, cells: Record<CellKey, CellView>): string {
  // A plain indexed loop: it runs inside every correction's transaction.
  const keys = cellKeys(template)
  const out: StoredCells = { value: [], status: [], raw: [], source: [], reason: {}, extracted: {}, correction: {}, secondLook: [] }
  for (let i = 0; i < keys.length; i++) {
    const c = cells[keys[i]!]!
    out.value[i] = c.value
    out.status[i] = c.status
    out.raw[i] = c.raw ?? null
    out.source[i] = c.source ?? null
    if (c.reason !== undefined) out.reason[i] = c.reason
    if (c.extracted.value !== c.value || c.extracted.status !== c.status) out.extracted[i] = c.extracted
    if (c.correction) out.correction[i] = c.correction
    if (c.secondLook) out.secondLook.push(i)
  }
  return JSON.stringify(out)
}

/** Effective cells stored by refreshDocument, as evaluateState made them. */
export function decodeCells(template: TemplateId, json: string): Record<CellKey, CellView> {
  const s = JSON.parse(json) as StoredCells
  const cells: Record<CellKey, CellView> = {}
  const keys = cellKeys(template)
  for (let i = 0; i < keys.length; i++) {
    const value = s.value[i]!
    const status = s.status[i]!
    const view = { value, status } as CellView
    const raw = s.raw[i]
    if (raw !== null) view.raw = raw
    const source = s.source[i]
    if (source !== null) view.source = source
    const reason = s.reason[i]
    if (reason !== undefined) view.reason = reason
    view.extracted = s.extracted[i] ?? { value, status: status as CellView['extracted']['status'] }
    const correction = s.correction[i]
    if (correction) view.correction = correction
    cells[keys[i]!] = view
  }
  for (const i of s.secondLook) cells[keys[i]!]!.secondLook = true
  return cells
}

/** Stores the effective cells of a derived state (none for a report without an extraction). */
export function saveCells(db: Db, state: EffectiveState): void {
  const s = stmts(db)
  const { template } = state.meta
  if (!template || !state.extraction) {
    s.dropCells.run(state.row.id)
    return
  }
  const { replay: r } = state
  s.saveCells.run(
    state.row.id,
    cellsBasis(template),
    state.extraction.engineVersion,
    r.undoTarget ? 1 : 0,
    r.redoTarget ? 1 : 0,
    encodeCells(template, state.cells),
    JSON.stringify(state.checks)
  )
}

/**
 * Recomputes a report's effective state and stores the derived columns and cells; call it last
 * inside the transaction of every action that changes the extraction or the log.
 */
export function refreshDocument(db: Db, id: number): EffectiveState | null {
  const state = effectiveState(db, id)
  if (!state) return null
  const s = stmts(db)
  const updatedAt = now()
  s.update.run({
    id,
    ...state.meta,
    form: state.extraction?.form ?? null,
    pages: state.extraction?.pages ?? null,
    toCheck: state.toCheck,
    failingChecks: state.checks.length,
    updatedAt
  })
  if (state.extraction) {
    s.saveValues.run(id, JSON.stringify(valuesOf(state.cells)))
  } else {
    s.dropValues.run(id)
  }
  saveCells(db, state)
  Object.assign(state.row, {
    ...state.meta,
    form: state.extraction?.form ?? state.row.form,
    pages: state.extraction?.pages ?? state.row.pages,
    to_check: state.toCheck,
    failing_checks: state.checks.length,
    updated_at: updatedAt
  })
  return state
}
