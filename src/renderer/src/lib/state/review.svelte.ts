// The report under review: its cells (one immutable map, replaced whole on every server answer),
// the selected cell, the edit in progress, and every action the keyboard and buttons trigger.
import type { ApiOutputs, CellView, DocumentDetail } from '../../../../shared/api'
import type { Result } from '../../../../shared/result'
import type { CellKey } from '../../../../shared/templates'
import { api } from '../api-client'
import { parseCellInput } from '../cell-input'
import { t } from '../i18n/index.svelte'
import type { EditMode } from '../keys'
import { templateLayout } from '../table-layout'

export interface Edit {
  key: CellKey
  text: string
  mode: EditMode
}

class Review {
  id = $state<number | null>(null)
  doc = $state.raw<DocumentDetail | null>(null)
  loadError = $state<string | null>(null)
  selected = $state<CellKey | null>(null)
  editing = $state<Edit | null>(null)
  /** A refusal or error to show beside the tables; cleared by the next successful action. */
  message = $state<string | null>(null)
  /** The message only informs (nothing left to check) rather than refuses. */
  messageIsInfo = $state(false)
  pending = $state(0)
  savedAt = $state<Date | null>(null)
  /** Cells lit by the checks panel. */
  lit = $state.raw<ReadonlySet<CellKey>>(new Set())

  layout = $derived(this.doc?.template ? templateLayout(this.doc.template) : null)
  order = $derived(this.layout ? this.layout.grid.flat() : [])
  /** Each cell's table, row and column in words, for the cell detail. */
  labels = $derived(
    new Map(this.layout?.sections.flatMap((s) => s.body.flat().flatMap((c) => (c.kind === 'value' ? [[c.key, c.label] as const] : []))) ?? [])
  )
  failingCells = $derived(new Set(this.doc?.checks.flatMap((c) => c.cells) ?? []))
  selectedCell = $derived<CellView | null>(this.selected && this.doc ? (this.doc.cells[this.selected] ?? null) : null)

  /** `detail` is the report's cells, asked for by the caller (perhaps read ahead already). */
  async open(id: number, detail: Promise<Result<DocumentDetail>>): Promise<void> {
    this.id = id
    this.doc = null
    this.loadError = null
    this.selected = null
    this.editing = null
    this.message = null
    this.lit = new Set()
    this.savedAt = null
    const res = await detail
    if (this.id !== id) return
    if (res.ok) {
      this.doc = res.value
      this.selected = openingCell(res.value)
    } else this.loadError = res.error.message
  }

  /** Another process (extraction, another window) changed documents; reload ours unless the reviewer is mid-edit. */
  documentsChanged(ids: number[]): void {
    if (this.id === null || !ids.includes(this.id) || this.pending > 0 || this.editing) return
    const id = this.id
    void api.getDocument({ id }).then((res) => {
      if (!res.ok || this.id !== id || this.pending > 0) return
      this.doc = res.value
      // Opened before its extraction finished: start on the first cell to check now that there are cells.
      this.selected ??= openingCell(res.value)
    })
  }

  select(key: CellKey): void {
    if (this.editing && this.editing.key !== key) this.commitEdit()
    this.selected = key
  }

  /** Arrow keys: rows of the printed grid, columns clamped when rows differ in width. */
  move(dRow: number, dCol: number): void {
    const grid = this.layout?.grid
    if (!grid || grid.length === 0) return
    const at = this.position()
    if (!at) return this.select(grid[0]![0]!)
    let { row, col } = at
    if (dCol !== 0) {
      col += dCol
      if (col < 0 && row > 0) col = grid[--row]!.length - 1
      else if (col >= grid[row]!.length && row < grid.length - 1) {
        row++
        col = 0
      }
    }
    if (dRow !== 0) row = Math.min(grid.length - 1, Math.max(0, row + dRow))
    const line = grid[row]!
    this.select(line[Math.min(line.length - 1, Math.max(0, col))]!)
  }

  /** Tab: the flattened grid, in reading order. */
  step(delta: 1 | -1): void {
    const i = this.selected ? this.order.indexOf(this.selected) : -1
    const next = this.order[Math.min(this.order.length - 1, Math.max(0, i + delta))]
    if (next) this.select(next)
  }

  nextToCheck(): void {
    if (!this.doc) return
    const start = this.selected ? this.order.indexOf(this.selected) : -1
    const n = this.order.length
    for (let k = 1; k <= n; k++) {
      const key = this.order[(start + k + n) % n]!
      if (needsLook(this.doc.cells[key])) {
        this.select(key)
        return
      }
    }
    this.tell(t('review.noMoreChecks'), true)
  }

  /** F2 (no text): edit the current value; typing: replace it with what was typed. */
  startEdit(text?: string): void {
    if (!this.selected || !this.doc) return
    const value = this.doc.cells[this.selected]?.value
    this.editing =
      text === undefined
        ? { key: this.selected, text: value === null || value === undefined ? '' : String(value), mode: 'edit' }
        : { key: this.selected, text, mode: 'replace' }
    this.message = null
  }

  cancelEdit(): void {
    this.editing = null
  }

  tell(message: string, info = false): void {
    this.message = message
    this.messageIsInfo = info
  }

  /** Commit the edit; false (and a message) when the input cannot be right, so the edit stays open. */
  commitEdit(): boolean {
    const edit = this.editing
    if (!edit) return true
    const parsed = parseCellInput(edit.key, edit.text)
    if (!parsed.ok) {
      this.tell(t(parsed.message))
      return false
    }
    this.editing = null
    const current = this.doc?.cells[edit.key]
    if (current && current.value === parsed.value) return true
    void this.correct(edit.key, parsed.value)
    return true
  }

  async correct(key: CellKey, value: number | null): Promise<void> {
    const doc = this.doc
    if (!doc) return
    const cell = doc.cells[key]
    // Show the new value at once; the server's answer (with the checks recomputed) replaces it.
    if (cell) this.doc = { ...doc, cells: { ...doc.cells, [key]: { ...cell, value, status: 'corrected' } } }
    await this.apply(api.correctCell({ documentId: doc.id, key, value }))
  }

  async confirm(): Promise<void> {
    if (!this.doc || !this.selected) return
    await this.apply(api.confirmCells({ documentId: this.doc.id, keys: [this.selected] }))
  }

  /** 确认本表: every cell of the given tables the reviewer has looked at and found right. */
  async confirmTables(tables: string[]): Promise<void> {
    for (const table of tables) {
      if (!this.doc) return
      if (!(await this.apply(api.confirmTable({ documentId: this.doc.id, table })))) return
    }
  }

  async undo(): Promise<void> {
    if (this.doc?.canUndo) await this.apply(api.undo({ documentId: this.doc.id }))
  }

  async redo(): Promise<void> {
    if (this.doc?.canRedo) await this.apply(api.redo({ documentId: this.doc.id }))
  }

  async setMetadata(field: 'agency' | 'year' | 'template' | 'published', value: string | number | null): Promise<void> {
    if (this.doc) await this.apply(api.setMetadata({ documentId: this.doc.id, field, value }))
  }

  async markReviewed(overrideNote?: string): Promise<boolean> {
    if (!this.doc) return false
    return this.apply(api.markReviewed({ documentId: this.doc.id, ...(overrideNote ? { overrideNote } : {}) }))
  }

  light(cells: CellKey[]): void {
    this.lit = new Set(cells)
    if (cells[0]) this.select(cells[0])
    this.focusGrid()
  }

  /** The tables' element, so a click in the source or the checks hands the keyboard back to the grid. */
  grid: HTMLElement | null = null

  focusGrid(): void {
    this.grid?.focus({ preventScroll: true })
  }

  /** A cell chosen from outside the grid (source pane): select it and give the grid the keyboard. */
  pick(key: CellKey): void {
    this.select(key)
    this.focusGrid()
  }

  private async apply(call: Promise<Result<ApiOutputs['correctCell']>>): Promise<boolean> {
    const id = this.id
    this.pending++
    try {
      const res = await call
      if (this.id !== id) return false
      if (res.ok) {
        this.doc = res.value
        this.savedAt = new Date()
        this.message = null
        return true
      }
      this.tell(res.error.message)
      // The optimistic value was wrong to show: fetch what is really stored.
      const fresh = id === null ? null : await api.getDocument({ id })
      if (fresh?.ok && this.id === id) this.doc = fresh.value
      return false
    } finally {
      this.pending--
    }
  }

  private position(): { row: number; col: number } | null {
    const grid = this.layout?.grid ?? []
    for (let row = 0; row < grid.length; row++) {
      const col = grid[row]!.indexOf(this.selected ?? '')
      if (col >= 0) return { row, col }
    }
    return null
  }
}

export function needsLook(cell: CellView | undefined): boolean {
  return !!cell && (cell.status === 'check' || !!cell.secondLook)
}

/** The cell a report opens on: the first in the printed order that needs a look, else the first. */
export function openingCell(doc: DocumentDetail): CellKey | null {
  if (!doc.template || Object.keys(doc.cells).length === 0) return null
  const order = templateLayout(doc.template).grid.flat()
  return order.find((k) => needsLook(doc.cells[k])) ?? order[0] ?? null
}

export const review = new Review()
