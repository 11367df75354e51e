// How well a group of values fits a template row: its label among the text fields around it
// (before it in grids and cell-per-line dumps, around it where pdftotext wraps labels).
import type { Field, FieldStream, Group } from './fields'
import { bag, bagSimilarity, normLabel, type Bag } from './normalize'
import type { RowSpec } from './rows'

export interface GroupContext {
  /** Normalised strings made of whole text fields around the group. */
  texts: Bag[]
  /** Label read after the values only (pdftotext wraps labels): slightly less trusted. */
  afterOnly: Bag[]
  /** All the text just before the group, for labels glued to the previous text (flat dumps). */
  tail: string
}

const BEFORE = 4
const AFTER = 3

function contextOf(fields: Field[], g: Group, prevLast: number, nextFirst: number): GroupContext {
  const before: string[] = []
  for (let i = g.first - 1; i > prevLast && before.length < BEFORE; i--) {
    const f = fields[i]
    if (f?.kind === 'text') before.unshift(normLabel(f.text))
  }
  const after: string[] = []
  for (let i = g.last + 1; i < nextFirst && after.length < AFTER; i++) {
    const f = fields[i]
    if (f?.kind === 'text') after.push(normLabel(f.text))
  }
  const texts = new Set<string>()
  for (let k = 1; k <= before.length; k++) {
    const s = before.slice(before.length - k).join('')
    for (let j = 0; j <= after.length; j++) texts.add(s + after.slice(0, j).join(''))
  }
  texts.delete('')
  const afterOnly = after.map((_, j) => after.slice(0, j + 1).join('')).filter(Boolean)
  return { texts: [...texts].map(bag), afterOnly: afterOnly.map(bag), tail: before.join('').slice(-60) }
}

export function groupContexts(stream: FieldStream): GroupContext[] {
  const { fields, groups } = stream
  return groups.map((g, i) => contextOf(fields, g, groups[i - 1]?.last ?? -1, groups[i + 1]?.first ?? fields.length))
}

export function labelSimilarity(row: RowSpec, ctx: GroupContext): number {
  let best = 0
  for (const label of row.labels) {
    const lb = bag(label)
    for (const t of ctx.texts) best = Math.max(best, bagSimilarity(lb, t))
    for (const t of ctx.afterOnly) best = Math.max(best, 0.9 * bagSimilarity(lb, t))
    for (const w of [label.length, label.length + 2]) {
      if (ctx.tail.length > w) best = Math.max(best, 0.95 * bagSimilarity(lb, bag(ctx.tail.slice(-w))))
    }
  }
  return best
}
