// How well a group of values fits a template row: its label among the text fields around it
// (before it in grids and cell-per-line dumps, around it where pdftotext wraps labels).
import type { Field, FieldStream, Group } from './fields'
import { normLabel, similarity } from './normalize'
import type { RowSpec } from './rows'

export interface GroupContext {
  /** Normalised candidate label strings built from the text fields around the group. */
  texts: string[]
}

const BEFORE = 4
const AFTER = 3

function textsAround(fields: Field[], g: Group, prevLast: number, nextFirst: number): string[] {
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
  const out = new Set<string>()
  for (let k = 1; k <= before.length; k++) {
    const s = before.slice(before.length - k).join('')
    for (let j = 0; j <= after.length; j++) out.add(s + after.slice(0, j).join(''))
  }
  for (let j = 1; j <= after.length; j++) out.add(after.slice(0, j).join(''))
  out.delete('')
  return [...out]
}

export function groupContexts(stream: FieldStream): GroupContext[] {
  const { fields, groups } = stream
  return groups.map((g, i) => ({
    texts: textsAround(fields, g, groups[i - 1]?.last ?? -1, groups[i + 1]?.first ?? fields.length)
  }))
}

export function labelSimilarity(row: RowSpec, ctx: GroupContext): number {
  let best = 0
  for (const label of row.labels) for (const t of ctx.texts) best = Math.max(best, similarity(label, t))
  return best
}
