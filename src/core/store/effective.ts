// A report as the reviewer sees it: the latest extraction overlaid with the active edits of the log,
// statuses and checks re-run on those values. refreshDocument writes the derived columns back so
// the list and the cross-report checks never replay a log.
import type { CellView } from '../../shared/api'
import type { CheckResult } from '../../shared/cells'
import { cellKeys, isTemplateId, type CellKey, type TemplateId } from '../../shared/templates'
import { evaluateCells } from '../check'
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
  dropValues: db.prepare<[number]>('DELETE FROM document_values WHERE document_id = ?')
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
 * Recomputes a report's effective state and stores the derived columns; call it last inside the
 * transaction of every action that changes the extraction or the log.
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
