// Checks: evaluate every identity on a report's cells, mark the cells of failing ones `check`,
// and say what fails in words. Pure and fast: the store calls it after every correction.
import type { CellStatus, CheckResult } from '../../shared/cells'
import type { CellKey, TemplateId } from '../../shared/templates'
import { identities, REQUEST_COLUMNS, SUB_ROWS, type Identity } from './identities'

export { identities, countKeys } from './identities'
export { inferValues } from './infer'

export const IDENTITY_REASON = '勾稽关系不成立'

function fmt(v: number): string {
  return String(Math.round(v * 1e6) / 1e6)
}

function side(terms: Identity['lhs'], values: (k: CellKey) => number): string {
  return terms.map((t) => `${t.name} ${fmt(values(t.key))}`).join(' + ')
}

/** Whether the （六） sub-rows are printed: only then does other = their sum apply. */
export function subRowsPrinted(values: (k: CellKey) => number | null | undefined): boolean {
  return SUB_ROWS.some((r) =>
    REQUEST_COLUMNS.some((c) => values(`requests/${r}/${c}`) != null)
  )
}

/** The identities that apply to this report's values. */
export function applicable(template: TemplateId, value: (k: CellKey) => number | null | undefined): Identity[] {
  const sub = subRowsPrinted(value)
  return identities(template).filter((i) => !i.needsSubRows || sub)
}

export function failingChecks(
  template: TemplateId,
  value: (k: CellKey) => number | null | undefined
): CheckResult[] {
  const out: CheckResult[] = []
  for (const id of applicable(template, value)) {
    const terms = [...id.lhs, ...id.rhs]
    if (terms.some((t) => value(t.key) == null)) continue
    const v = (k: CellKey): number => value(k) ?? 0
    const lhs = id.lhs.reduce((s, t) => s + v(t.key), 0)
    const rhs = id.rhs.reduce((s, t) => s + v(t.key), 0)
    if (Math.abs(lhs - rhs) < 1e-6) continue
    // Long sums list only their non-zero terms, so the message stays readable.
    const shown = (ts: Identity['lhs']): Identity['lhs'] => (ts.length > 4 ? ts.filter((t) => v(t.key) !== 0) : ts)
    const r = shown(id.rhs)
    out.push({
      rule: id.rule,
      cells: terms.map((t) => t.key),
      message: `${id.scope}：${side(shown(id.lhs), v) || '0'} ≠ ${r.length ? side(r, v) : '0'}${id.rhs.length > 4 ? `（合计 ${fmt(rhs)}）` : ''}`,
      lhs,
      rhs
    })
  }
  return out
}

export interface EvaluatedCell {
  value: number | null
  status: CellStatus
  reason?: string
}

/**
 * Re-runs the identities on given (e.g. reviewer-corrected) values: cells of failing identities
 * become `check`, cells flagged only for an identity that now holds become `ok` again;
 * `corrected`, `confirmed`, `missing` and `inferred` are never touched.
 */
export function evaluateCells<C extends EvaluatedCell>(
  template: TemplateId,
  cells: Record<CellKey, C>
): { cells: Record<CellKey, C>; checks: CheckResult[] } {
  const checks = failingChecks(template, (k) => cells[k]?.value)
  const failing = new Set(checks.flatMap((c) => c.cells))
  const out: Record<CellKey, C> = {}
  for (const [k, cell] of Object.entries(cells)) {
    let next = cell
    if (cell.value != null && failing.has(k) && cell.status === 'ok') {
      next = { ...cell, status: 'check', reason: IDENTITY_REASON }
    } else if (!failing.has(k) && cell.status === 'check' && cell.reason === IDENTITY_REASON) {
      next = { ...cell, status: 'ok' }
      delete next.reason
    }
    out[k] = next
  }
  return { cells: out, checks }
}
