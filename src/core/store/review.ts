// Reviewer actions. Each is one synchronous transaction: read the effective state, append to the
// log, update the document, recompute; when it returns the action is on disk.
import { TEMPLATE_IDS, splitCellKey, type CellKey } from '../../shared/templates'
import { NianbaoError } from '../errors'
import { checkCellValue } from './cell-rules'
import type { Db } from './db'
import { setDocumentStatus, setReviewNote } from './documents'
import { crossChecks } from './cross-checks'
import { baseState, cellView, evaluateState, refreshDocument, valuesOf, type BaseState, type EffectiveState, type MetadataField } from './effective'
import { appendAction, metaKey, type Edit } from './log'

type Action = (state: BaseState) => void

/** Runs an action in one transaction and answers with the report as it now stands. */
function act(db: Db, id: number, action: Action): EffectiveState {
  return db.transaction(() => {
    const state = baseState(db, id)
    if (!state) throw new NianbaoError('not-found', `没有编号为 ${id} 的报告`)
    action(state)
    return refreshDocument(db, id)!
  })()
}

function requireExtraction(state: BaseState): void {
  if (!state.extraction) throw new NianbaoError('refused', `${state.row.name} 尚未提取，无法审阅`)
}

/** The first reviewer action moves a report into review; an edit after "reviewed" reopens it. */
function startReview(db: Db, state: BaseState): void {
  const { status, id } = state.row
  if (status === 'extracted' || status === 'reviewed') setDocumentStatus(db, id, 'in_review')
  if (status === 'reviewed') setReviewNote(db, id, null)
}

function cellOf(state: BaseState, key: CellKey) {
  const cell = cellView(state, key)
  if (!cell) throw new NianbaoError('invalid-input', `${state.meta.template ?? ''} 模板没有单元格 ${key}`)
  return cell
}

function edit(db: Db, state: BaseState, kind: 'correct' | 'confirm' | 'metadata', edits: Edit[], reviewer: string, note?: string) {
  if (!edits.length) return
  appendAction(db, state.row.id, { kind, reviewer, note: note ?? null, edits })
  startReview(db, state)
}

export function correctCell(db: Db, id: number, key: CellKey, value: number | null, reviewer: string, note?: string) {
  return act(db, id, (state) => {
    requireExtraction(state)
    const cell = cellOf(state, key)
    checkCellValue(key, value)
    edit(db, state, 'correct', [{ key, oldValue: cell.value, newValue: value, status: 'corrected', base: cell.extracted.value }], reviewer, note)
  })
}

function confirmKeys(db: Db, state: BaseState, keys: CellKey[], reviewer: string): void {
  const edits = keys.flatMap((key): Edit[] => {
    const cell = cellOf(state, key)
    if (cell.status === 'confirmed' && !cell.secondLook) return []
    return [{ key, oldValue: cell.value, newValue: cell.value, status: 'confirmed', base: cell.extracted.value }]
  })
  edit(db, state, 'confirm', edits, reviewer)
}

export function confirmCells(db: Db, id: number, keys: CellKey[], reviewer: string) {
  return act(db, id, (state) => {
    requireExtraction(state)
    confirmKeys(db, state, keys, reviewer)
  })
}

/** Confirms every cell of a table that reads `ok`; cells to check stay for the reviewer. */
export function confirmTable(db: Db, id: number, table: string, reviewer: string) {
  return act(db, id, (state) => {
    requireExtraction(state)
    const { cells } = evaluateState(state)
    const keys = Object.keys(cells).filter((k) => splitCellKey(k).table === table)
    if (!keys.length) throw new NianbaoError('invalid-input', `${state.meta.template ?? ''} 模板没有表 ${table}`)
    confirmKeys(db, state, keys.filter((k) => cells[k]!.status === 'ok'), reviewer)
  })
}

export function undo(db: Db, id: number, reviewer: string) {
  return act(db, id, (state) => {
    const target = state.replay.undoTarget
    if (!target) throw new NianbaoError('refused', '没有可撤销的操作')
    appendAction(db, id, { kind: 'undo', target: target.id, reviewer })
    startReview(db, state)
  })
}

export function redo(db: Db, id: number, reviewer: string) {
  return act(db, id, (state) => {
    const target = state.replay.redoTarget
    if (!target) throw new NianbaoError('refused', '没有可重做的操作')
    appendAction(db, id, { kind: 'redo', target: target.id, reviewer })
    startReview(db, state)
  })
}

function checkMetadata(field: MetadataField, value: string | number | null): string | number | null {
  const bad = (why: string) => new NianbaoError('invalid-input', `${field}：${why}`)
  if (field === 'year') {
    if (value === null) return null
    if (typeof value !== 'number' || value < 2000 || value > 2100) throw bad('年度应为 2000–2100 的整数')
    return value
  }
  if (typeof value === 'number') throw bad('应为文字')
  if (field === 'template') {
    if (!TEMPLATE_IDS.includes(value as never)) throw bad(`模板应为 ${TEMPLATE_IDS.join(' 或 ')}`)
    return value
  }
  const text = value?.trim() || null
  if (field === 'published' && text !== null && !/^\d{4}-\d{2}-\d{2}$/.test(text)) throw bad('日期格式应为 YYYY-MM-DD')
  return text
}

export function setMetadata(db: Db, id: number, field: MetadataField, value: string | number | null, reviewer: string) {
  const checked = checkMetadata(field, value)
  return act(db, id, (state) => {
    if (state.meta[field] === checked) return
    const base = state.extraction ? state.extraction[field] : null
    edit(db, state, 'metadata', [{ key: metaKey(field), oldValue: state.meta[field], newValue: checked, base }], reviewer)
  })
}

/**
 * Refused while identities fail, in the report or against its neighbouring years, unless the
 * reviewer says why the report is right anyway.
 */
export function markReviewed(db: Db, id: number, reviewer: string, overrideNote?: string) {
  return act(db, id, (state) => {
    requireExtraction(state)
    const { checks, cells } = evaluateState(state)
    const cross = crossChecks(db, id, state.meta, valuesOf(cells)).length
    if (checks.length + cross && !overrideNote) {
      const across = cross ? `（其中 ${cross} 项与相邻年度的报告不符）` : ''
      throw new NianbaoError('refused', `还有 ${checks.length + cross} 项勾稽关系不成立${across}；如确认无误，请填写说明后再标记为已审阅`)
    }
    appendAction(db, id, { kind: 'review', reviewer, note: overrideNote ?? null })
    setDocumentStatus(db, id, 'reviewed')
    setReviewNote(db, id, overrideNote ?? null)
  })
}
