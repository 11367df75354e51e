// Puts a group's slots into a row's cells: positionally when the counts agree, as candidate
// placements when cells were dropped without their separators.
import type { Field, Group } from './fields'
import type { Ambiguous, Drafts } from './draft'

const MAX_DROPPED = 2

function choose(n: number, k: number): number[][] {
  const out: number[][] = []
  const pick = (start: number, acc: number[]): void => {
    if (acc.length === k) {
      out.push([...acc])
      return
    }
    for (let i = start; i <= n - (k - acc.length); i++) pick(i + 1, [...acc, i])
  }
  pick(0, [])
  return out
}

/** Empty slots beyond the row's width are indentation or spanned label slots, not cells. */
export function trimSlots(slots: Field[], n: number): Field[] {
  const s = [...slots]
  while (s.length > n && s[0]?.kind === 'empty') s.shift()
  while (s.length > n && s[s.length - 1]?.kind === 'empty') s.pop()
  return s
}

export function placeGroup(
  keys: string[],
  group: Group,
  drafts: Drafts,
  ambiguous: Ambiguous[],
  doubt?: string
): void {
  const n = keys.length
  const slots = trimSlots(group.slots, n)
  const put = (key: string, f: Field, reason?: string): void => {
    if (f.kind === 'num') {
      const why = reason ?? doubt
      drafts.set(key, {
        value: f.value ?? null,
        status: why ? 'check' : 'ok',
        raw: f.text,
        start: f.start,
        end: f.end,
        ...(why ? { reason: why } : {})
      })
    } else drafts.set(key, { value: null, status: 'missing', raw: '', start: f.start, end: f.end })
  }
  // Far more values than cells is not this row at all (a dump's every value run together).
  if (slots.length > 2 * n) {
    for (const k of keys) drafts.set(k, { value: null, status: 'missing', reason: `列数不符：印有 ${slots.length} 个值，该行应有 ${n} 列` })
    return
  }
  if (slots.length >= n) {
    const reason = slots.length > n ? `列数不符：印有 ${slots.length} 个值，该行应有 ${n} 列` : undefined
    keys.forEach((k, i) => {
      const f = slots[i]
      if (f) put(k, f, reason)
    })
    return
  }
  const first = slots[0]
  const last = slots[slots.length - 1]
  if (!first || !last) return
  if (n - slots.length > MAX_DROPPED) {
    for (const k of keys) drafts.set(k, { value: null, status: 'missing', reason: '该行数值不全，无法定位' })
    return
  }
  const candidates = choose(n, slots.length).map((pos) => {
    const row: (number | null)[] = keys.map(() => null)
    pos.forEach((p, i) => (row[p] = slots[i]?.kind === 'num' ? (slots[i]?.value ?? null) : null))
    return row
  })
  ambiguous.push({
    keys,
    candidates,
    kind: 'dropped',
    raw: slots.map((s) => s.text).join(' '),
    start: first.start,
    end: last.end
  })
}
