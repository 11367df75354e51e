// The reviewers' append-only log. Undo and redo are entries too (naming the action they undo or
// redo), so nothing is ever rewritten and replaying the log gives the current state.
import type { CellStatus } from '../../shared/cells'
import { preparedFor, type Db } from './db'
import { now } from './documents'

export type ActionKind = 'correct' | 'confirm' | 'metadata' | 'undo' | 'redo' | 'review'
export type LogValue = number | string | null

/** One changed cell (key 'requests/new/total') or metadata field (key '@agency'). */
export interface Edit {
  key: string
  oldValue: LogValue
  newValue: LogValue
  status?: Extract<CellStatus, 'corrected' | 'confirmed'>
  /** The extracted value when the reviewer acted, to notice a later extraction changing its mind. */
  base?: LogValue
}

export interface Action {
  id: number
  kind: ActionKind
  target: number | null
  reviewer: string
  note: string | null
  at: string
  edits: Edit[]
}

export interface ActiveEdit extends Edit {
  action: Action
}

export interface Replay {
  /** The latest active edit of each key. */
  edits: Map<string, ActiveEdit>
  undoTarget: Action | null
  redoTarget: Action | null
}

export const metaKey = (field: string): string => `@${field}`

interface EditRow {
  action_id: number
  key: string
  old_value: string | null
  new_value: string | null
  status: Edit['status'] | null
  base: string | null
}

const stmts = preparedFor((db: Db) => ({
  insertAction: db.prepare(
    'INSERT INTO actions (document_id, kind, target, reviewer, note, at) VALUES (?, ?, ?, ?, ?, ?)'
  ),
  insertEdit: db.prepare(
    'INSERT INTO edits (action_id, key, old_value, new_value, status, base) VALUES (?, ?, ?, ?, ?, ?)'
  ),
  actions: db.prepare<[number], Omit<Action, 'edits'>>(
    'SELECT id, kind, target, reviewer, note, at FROM actions WHERE document_id = ? ORDER BY id'
  ),
  edits: db.prepare<[number], EditRow>(
    `SELECT e.action_id, e.key, e.old_value, e.new_value, e.status, e.base
     FROM edits e JOIN actions a ON a.id = e.action_id WHERE a.document_id = ? ORDER BY e.action_id`
  )
}))

const encode = (v: LogValue | undefined): string | null => (v === undefined ? null : JSON.stringify(v))
const decode = (s: string | null): LogValue => (s === null ? null : (JSON.parse(s) as LogValue))

export function appendAction(
  db: Db,
  documentId: number,
  action: { kind: ActionKind; reviewer: string; note?: string | null; target?: number; edits?: Edit[] }
): number {
  const s = stmts(db)
  const info = s.insertAction.run(
    documentId,
    action.kind,
    action.target ?? null,
    action.reviewer,
    action.note ?? null,
    now()
  )
  const id = Number(info.lastInsertRowid)
  for (const e of action.edits ?? []) {
    s.insertEdit.run(id, e.key, encode(e.oldValue), encode(e.newValue), e.status ?? null, encode(e.base))
  }
  return id
}

export function loadLog(db: Db, documentId: number): Action[] {
  const s = stmts(db)
  const actions = s.actions.all(documentId).map((a): Action => ({ ...a, edits: [] }))
  const byId = new Map(actions.map((a) => [a.id, a]))
  for (const r of s.edits.all(documentId)) {
    byId.get(r.action_id)?.edits.push({
      key: r.key,
      oldValue: decode(r.old_value),
      newValue: decode(r.new_value),
      ...(r.status ? { status: r.status } : {}),
      ...(r.base !== null ? { base: decode(r.base) } : {})
    })
  }
  return actions
}

/** Walks the log: a new edit clears the redo stack, undo moves the last edit to it, redo moves it back. */
export function replay(log: readonly Action[]): Replay {
  const done: Action[] = []
  let undone: Action[] = []
  for (const a of log) {
    if (a.kind === 'undo') {
      const top = done.pop()
      if (top) undone.push(top)
    } else if (a.kind === 'redo') {
      const top = undone.pop()
      if (top) done.push(top)
    } else if (a.kind !== 'review') {
      done.push(a)
      undone = []
    }
  }
  // done stays in log order: redo only ever restores the action undone last, on top.
  const edits = new Map<string, ActiveEdit>()
  for (const a of done) for (const e of a.edits) edits.set(e.key, { ...e, action: a })
  return { edits, undoTarget: done.at(-1) ?? null, redoTarget: undone.at(-1) ?? null }
}
