// Inference: a cell the report does not print but the identities force. Two rules only:
// the one unknown term of an identity whose other terms are known, and zeros forced by
// non-negativity (a total of 0, or a total already reached by its known parts). Nothing else.
import type { CellKey } from '../../shared/templates'
import type { Identity } from './identities'

export type Values = Map<CellKey, number | null>

/** Fills `values` in place; returns the keys it inferred. */
export function inferValues(ids: Identity[], values: Values): Set<CellKey> {
  const inferred = new Set<CellKey>()
  const set = (k: CellKey, v: number): void => {
    values.set(k, Math.round(v * 1e6) / 1e6)
    inferred.add(k)
  }
  for (let pass = 0, changed = true; changed && pass < 20; pass++) {
    changed = false
    for (const id of ids) {
      const sides = [id.lhs, id.rhs]
      const sums = sides.map((side) => side.reduce((s, t) => s + (values.get(t.key) ?? 0), 0))
      const unknown = sides.map((side) => side.filter((t) => values.get(t.key) == null))
      const [ul = [], ur = []] = unknown
      const [sl = 0, sr = 0] = sums
      if (ul.length + ur.length === 0) continue
      if (ul.length + ur.length === 1) {
        const t = ul[0] ?? ur[0]
        if (!t) continue
        const v = ul.length ? sr - sl : sl - sr
        if (v >= 0 && Number.isInteger(Math.round(v * 1e6) / 1e6)) {
          set(t.key, v)
          changed = true
        }
        continue
      }
      // Non-negative parts: a fully known side already matched by the other's known terms.
      for (const [known, open, ks, os] of [
        [ur, ul, sr, sl],
        [ul, ur, sl, sr]
      ] as const) {
        if (known.length === 0 && open.length > 0 && ks === os) {
          for (const t of open) set(t.key, 0)
          changed = true
        }
      }
    }
  }
  return inferred
}
