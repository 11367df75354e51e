// Chooses among a row's candidate placements or digit splits with the identities: a candidate
// that breaks an identity (or forces a negative count) goes; what the identities pin down is
// kept, what they do not is flagged `check` (or left missing when the values themselves differ).
import type { Identity } from '../check/identities'
import type { Ambiguous, Drafts } from './draft'

type Values = Map<string, number | null>

function violations(ids: Identity[], values: Values): number {
  let bad = 0
  for (const id of ids) {
    let ul = 0
    let ur = 0
    let lhs = 0
    let rhs = 0
    for (const t of id.lhs) {
      const v = values.get(t.key)
      if (v == null) ul++
      else lhs += v
    }
    for (const t of id.rhs) {
      const v = values.get(t.key)
      if (v == null) ur++
      else rhs += v
    }
    if (ul + ur === 0) {
      if (Math.abs(lhs - rhs) > 1e-6) bad++
    } else if (ul + ur === 1) {
      // The one unknown count must come out non-negative.
      if ((ul ? rhs - lhs : lhs - rhs) < -1e-6) bad++
    } else if ((ul === 0 && rhs > lhs + 1e-6) || (ur === 0 && lhs > rhs + 1e-6)) bad++
  }
  return bad
}

/** Violations with the candidate's values in place; `values` is restored before returning. */
function violationsWith(ids: Identity[], values: Values, keys: string[], cand: (number | null)[]): number {
  const saved = keys.map((k) => values.get(k))
  keys.forEach((k, i) => {
    const x = cand[i]
    if (x != null) values.set(k, x)
  })
  const bad = violations(ids, values)
  keys.forEach((k, i) => values.set(k, saved[i] ?? null))
  return bad
}

/**
 * Prefers splits with single zeros and a largest last column (cumulative totals are printed
 * last); then rows of table 三 and 四 whose first part is at least their other parts (自然人 among
 * applicants, 结果维持 among review outcomes are the bulk in practice).
 */
function plausibility(c: (number | null)[], keys: string[]): number {
  const vals = c.filter((x): x is number => x != null)
  const zeros = vals.filter((x) => x === 0).length
  const last = vals[vals.length - 1] ?? 0
  const rows = new Map<string, number[]>()
  keys.forEach((k, i) => {
    const x = c[i]
    const m = /^(requests|review)\/([^/]+)\//.exec(k)
    if (m && x != null) rows.set(m[2] ?? '', [...(rows.get(m[2] ?? '') ?? []), x])
  })
  const firstLargest = [...rows.values()].filter((r) => r.slice(1, -1).every((x) => x <= (r[0] ?? 0))).length
  return (rows.size + 1) * (zeros + (vals.every((x) => x <= last) ? 1 : 0)) + firstLargest
}

/**
 * An identity with one cell on its left (a total) substituted into those that use that cell:
 * e.g. （六） = its three sub-rows, put into 办理总计 = the results, ties the sub-rows to the
 * column totals even where （六） itself is not printed.
 */
function substituted(ids: Identity[]): Identity[] {
  const out: Identity[] = []
  for (const a of ids) {
    const x = a.lhs[0]
    if (a.lhs.length !== 1 || !x || /-row$/.test(a.rule)) continue
    for (const b of ids)
      if (b !== a && b.rhs.some((t) => t.key === x.key))
        out.push({ ...b, rhs: [...b.rhs.filter((t) => t.key !== x.key), ...a.rhs] })
  }
  return out
}

export function resolveAmbiguous(ambiguous: Ambiguous[], drafts: Drafts, given: Identity[]): void {
  const ids = [...given, ...substituted(given)]
  const values: Values = new Map([...drafts].map(([k, d]) => [k, d.value]))
  const touching = (keys: string[]): Identity[] => {
    const s = new Set(keys)
    return ids.filter((id) => id.lhs.some((t) => s.has(t.key)) || id.rhs.some((t) => s.has(t.key)))
  }
  const open = ambiguous.map((a) => ({ a, cands: a.candidates, ids: touching(a.keys), pinned: false }))
  for (let changed = true; changed; ) {
    changed = false
    for (const o of open) {
      if (o.pinned) continue
      const scored = o.cands.map((c) => ({ c, bad: violationsWith(o.ids, values, o.a.keys, c) }))
      const min = Math.min(...scored.map((s) => s.bad))
      const keep = scored.filter((s) => s.bad === min).map((s) => s.c)
      if (keep.length < o.cands.length) {
        o.cands = keep
        changed = true
      }
      if (keep.length === 1 && keep[0]) {
        o.pinned = min === 0
        o.a.keys.forEach((k, i) => {
          const x = keep[0]?.[i]
          if (x != null) values.set(k, x)
        })
        if (o.pinned) changed = true
      }
    }
  }
  for (const o of open) {
    const { a } = o
    const ranked = [...o.cands].sort((x, y) => plausibility(y, a.keys) - plausibility(x, a.keys))
    a.keys.forEach((k, i) => {
      const vals = o.cands.map((c) => c[i] ?? null)
      const agree = vals.every((v) => v === vals[0])
      let value: number | null = agree ? (vals[0] ?? null) : null
      if (!agree && a.kind === 'flat') value = ranked[0]?.[i] ?? null
      const unique = o.cands.length === 1 && o.pinned
      const base = { raw: a.raw, start: a.start, end: a.end }
      if (value == null) drafts.set(k, { value: null, status: 'missing', ...base, reason: '数值位置无法确定' })
      else if (a.kind === 'flat' && unique) drafts.set(k, { value, status: 'ok', ...base })
      else
        drafts.set(k, {
          value,
          status: 'check',
          ...base,
          reason: a.kind === 'flat' ? '数字连在一起，拆分不唯一' : '该行缺少数值，位置由勾稽关系推定'
        })
    })
  }
}
