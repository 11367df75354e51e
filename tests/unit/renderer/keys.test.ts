import { describe, expect, it } from 'vitest'
import { keyAction, type KeyPress } from '../../../src/renderer/src/lib/keys'

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods })

describe('keyAction', () => {
  it('moves with arrows, Tab and Enter', () => {
    expect(keyAction(press('ArrowDown'), null)).toEqual({ type: 'move', dRow: 1, dCol: 0 })
    expect(keyAction(press('ArrowLeft'), null)).toEqual({ type: 'move', dRow: 0, dCol: -1 })
    expect(keyAction(press('Tab', { shiftKey: true }), null)).toEqual({ type: 'step', delta: -1 })
    expect(keyAction(press('Enter'), null)).toEqual({ type: 'move', dRow: 1, dCol: 0 })
  })

  it('starts a replacing edit on any printable key, an in-place edit on F2', () => {
    expect(keyAction(press('7'), null)).toEqual({ type: 'type', text: '7' })
    expect(keyAction(press('x'), null)).toEqual({ type: 'type', text: 'x' })
    expect(keyAction(press('F2'), null)).toEqual({ type: 'edit' })
  })

  it('leaves arrows to the text in an F2 edit, but not in a replacing one', () => {
    expect(keyAction(press('ArrowLeft'), 'edit')).toBeNull()
    expect(keyAction(press('ArrowLeft'), 'replace')).toEqual({ type: 'move', dRow: 0, dCol: -1 })
    expect(keyAction(press('5'), 'replace')).toBeNull()
    expect(keyAction(press('Escape'), 'edit')).toEqual({ type: 'cancel' })
  })

  it('undoes, redoes, jumps to the next cell to check and confirms', () => {
    expect(keyAction(press('z', { ctrlKey: true }), null)).toEqual({ type: 'undo' })
    expect(keyAction(press('Z', { ctrlKey: true, shiftKey: true }), null)).toEqual({ type: 'redo' })
    expect(keyAction(press('z', { ctrlKey: true }), 'edit')).toBeNull()
    expect(keyAction(press('n'), null)).toEqual({ type: 'next-check' })
    expect(keyAction(press('F8'), null)).toEqual({ type: 'next-check' })
    expect(keyAction(press(' '), null)).toEqual({ type: 'confirm' })
    expect(keyAction(press('Enter', { ctrlKey: true }), 'replace')).toEqual({ type: 'confirm' })
  })
})
