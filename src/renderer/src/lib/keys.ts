// The table's keyboard, spreadsheet style, as a pure mapping from a key press to an action.
// While an edit started by typing is open, arrows finish it and move (as in a spreadsheet's entry
// mode); in an F2 edit they stay in the text.
export type EditMode = 'replace' | 'edit'

export type KeyAction =
  | { type: 'move'; dRow: number; dCol: number }
  | { type: 'step'; delta: 1 | -1 }
  | { type: 'edit' }
  | { type: 'type'; text: string }
  | { type: 'clear' }
  | { type: 'cancel' }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'next-check' }
  | { type: 'confirm' }

export interface KeyPress {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey: boolean
}

const ARROWS: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }

export function keyAction(e: KeyPress, editing: EditMode | null): KeyAction | null {
  const mod = e.ctrlKey || e.metaKey
  const key = e.key
  if (mod && !e.altKey && (key === 'z' || key === 'Z')) return e.shiftKey ? { type: 'redo' } : editing ? null : { type: 'undo' }
  if (mod && !e.altKey && (key === 'y' || key === 'Y')) return { type: 'redo' }
  if (mod && key === 'Enter') return { type: 'confirm' }
  if (key === 'Tab') return { type: 'step', delta: e.shiftKey ? -1 : 1 }
  if (key === 'Enter') return { type: 'move', dRow: e.shiftKey ? -1 : 1, dCol: 0 }
  if (key === 'Escape') return editing ? { type: 'cancel' } : null
  const arrow = ARROWS[key]
  if (arrow && !mod && (!editing || editing === 'replace')) return { type: 'move', dRow: arrow[0], dCol: arrow[1] }
  if (editing) return null
  if (key === 'F2') return { type: 'edit' }
  if (key === 'F8' || ((key === 'n' || key === 'N') && !mod && !e.altKey)) return { type: 'next-check' }
  if (key === ' ' && !mod) return { type: 'confirm' }
  if ((key === 'Delete' || key === 'Backspace') && !mod) return { type: 'clear' }
  // Any other printable key starts an edit that replaces the value, letters too: the edit then
  // refuses them with a message instead of ignoring the key silently.
  if (key.length === 1 && !mod && !e.altKey) return { type: 'type', text: key }
  return null
}
