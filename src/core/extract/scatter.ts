// Table 三 as plain pdftotext prints a browser PDF: the cells next to a row's label stay on its
// line, the others come after the last label as blocks, each a run down one column (rows in
// order, blank cells skipped), the blocks in no useful order. Where a part block goes is rarely
// unique (equal small values swap between columns without breaking a sum), and a search over all
// of them costs seconds. So only what is cheap and sure is read: the total column (blocks that run
// down it without gaps, or a label's last value), checked against its own identities and sure when
// only one filling passes, and each label's own values from the left, sure for a column whose
// identities they satisfy (自然人, 商业企业 in practice), `check` otherwise. The values of the other
// blocks are left `missing` for the reviewer.
import type { CellKey } from '../../shared/templates'
import type { Identity } from '../check/identities'
import type { Draft, Drafts } from './draft'
import type { Field, FieldStream } from './fields'
import type { RowSpec } from './rows'

/** Search steps for the total column (a few ms); past it the totals stay `check`. */
const BUDGET = 20000
const EPS = 1e-6

const val = (f: Field | null | undefined): number => f?.value ?? 0

/** Identities over the total column: `cells` are row indices. */
interface Sum {
  lhs: number[]
  rhs: number[]
}

/** A sum to test once row `at` is filled: both sides, or one side bounding the other. */
interface Test {
  sum: Sum
  mode: 'equal' | 'lhs-bounds' | 'rhs-bounds'
}

function testsByRow(sums: Sum[], rows: number): Test[][] {
  const out: Test[][] = Array.from({ length: rows }, () => [])
  for (const sum of sums) {
    const l = Math.max(...sum.lhs)
    const r = Math.max(...sum.rhs)
    out[Math.max(l, r)]?.push({ sum, mode: 'equal' })
    for (let at = Math.min(l, r); at < Math.max(l, r); at++) out[at]?.push({ sum, mode: l < r ? 'lhs-bounds' : 'rhs-bounds' })
  }
  return out
}

interface TotalColumn {
  /** Each row's total and whether it is the last of the label's own values. */
  total: (Field | null)[]
  fromLabel: boolean[]
  sure: boolean
}

/**
 * Fills the total column: each row's total is its label's last value (when that is at least the
 * rest), or the next value of a block running down the column without gaps (at least the label's
 * values), or blank when the row prints nothing. Returns the first filling; sure when it is the
 * only one.
 */
export function totalColumn(segments: Field[][], blocks: Field[][], sums: Sum[]): TotalColumn | null {
  const R = segments.length
  const tests = testsByRow(sums, R)
  const total: (Field | null)[] = new Array<Field | null>(R).fill(null)
  const fromLabel = new Array<boolean>(R).fill(false)
  const kinds = blocks.map((b) => b.map((f) => f.value).join(','))
  /** The identical block before each: identical blocks are interchangeable, so they go in order. */
  const sibling = kinds.map((k, b) => (b ? kinds.lastIndexOf(k, b - 1) : -1))
  const used = new Array<boolean>(blocks.length).fill(false)
  const found: TotalColumn[] = []
  const seen = new Set<string>()
  let steps = 0
  const side = (rows: number[]): number => rows.reduce((s, r) => s + val(total[r]), 0)
  const holds = (r: number): boolean =>
    (tests[r] ?? []).every(({ sum, mode }) => {
      const l = side(sum.lhs)
      const rr = side(sum.rhs)
      if (mode === 'equal') return Math.abs(l - rr) < EPS
      return mode === 'lhs-bounds' ? rr <= l + EPS : l <= rr + EPS
    })
  const walk = (r: number, b: number, i: number): void => {
    if (++steps > BUDGET || found.length > 1) return
    const block = blocks[b]
    const open = !!block && i < block.length
    if (r === R) {
      const sig = total.map((f) => f?.value ?? '').join(',')
      if (!open && !seen.has(sig)) {
        seen.add(sig)
        found.push({ total: [...total], fromLabel: [...fromLabel], sure: false })
      }
      return
    }
    const seg = segments[r] ?? []
    const segSum = seg.reduce((s, f) => s + val(f), 0)
    const put = (f: Field | null, label: boolean, nb: number, ni: number): void => {
      total[r] = f
      fromLabel[r] = label
      if (holds(r)) walk(r + 1, nb, ni)
      total[r] = null
      fromLabel[r] = false
    }
    if (open) {
      const f = block[i] ?? null
      if (val(f) + EPS >= segSum) put(f, false, b, i + 1)
      return
    }
    const last = seg[seg.length - 1]
    if (last && 2 * val(last) + EPS >= segSum) put(last, true, -1, 0)
    blocks.forEach((nb, k) => {
      const sib = sibling[k] ?? -1
      if (used[k] || (sib >= 0 && !used[sib]) || val(nb[0]) + EPS < segSum) return
      used[k] = true
      put(nb[0] ?? null, false, k, 1)
      used[k] = false
    })
    if (segSum < EPS) put(null, false, -1, 0)
  }
  walk(0, -1, 0)
  const first = found[0]
  if (!first) return null
  first.sure = found.length === 1 && steps <= BUDGET
  return first
}

const BLANK_LINE = /\n[ \t\u3000]*\n/
const REASON = '数值按列散印，位置不能唯一确定'

/**
 * Reads table 三 from scattered values when its rows came out short: `match` gives each row's
 * label group, the values after the last row's group (up to `end`) are the column blocks.
 */
export function scatteredRows(
  text: string,
  stream: FieldStream,
  rows: RowSpec[],
  match: (number | undefined)[],
  end: number,
  ids: Identity[]
): Drafts | null {
  const req = rows
    .map((row, i) => ({ row, j: match[i] }))
    .filter((x): x is { row: RowSpec; j: number } => x.row.table === 'requests' && x.j !== undefined)
  const cols = req[0]?.row.keys.length ?? 0
  if (req.length < 10 || cols < 3) return null
  const { fields, groups } = stream
  const short = req.filter((x) => (groups[x.j]?.slots.length ?? 0) < cols).length
  if (short * 3 < req.length) return null
  const segments = req.map((x, i) => {
    const from = groups[x.j]?.first ?? 0
    const nextGroup = req[i + 1] ? groups[req[i + 1]?.j ?? 0] : undefined
    const to = nextGroup ? nextGroup.first - 1 : (groups[x.j]?.last ?? from)
    return fields.slice(from, to + 1).filter((f) => f.kind === 'num')
  })
  const lastField = groups[req[req.length - 1]?.j ?? 0]?.last ?? 0
  const blocks: Field[][] = []
  let prev: Field | null = null
  for (let i = lastField + 1; i < fields.length; i++) {
    const f = fields[i]
    if (!f || f.start >= end) break
    if (f.kind !== 'num') {
      if (f.kind === 'text') prev = null
      continue
    }
    const cur = blocks[blocks.length - 1]
    if (prev && cur && !BLANK_LINE.test(text.slice(prev.end, f.start))) cur.push(f)
    else blocks.push([f])
    prev = f
  }
  if (!blocks.length) return null
  const totalKeys = new Map<CellKey, number>(req.map((x, r) => [x.row.keys[cols - 1] ?? '', r]))
  const sums: Sum[] = ids
    .filter((id) => [...id.lhs, ...id.rhs].every((t) => totalKeys.has(t.key)))
    .map((id) => ({ lhs: id.lhs.map((t) => totalKeys.get(t.key) ?? 0), rhs: id.rhs.map((t) => totalKeys.get(t.key) ?? 0) }))
  const column = totalColumn(segments, blocks, sums)
  if (!column) return null
  const parts = req.map((_, r) => (column.fromLabel[r] ? (segments[r] ?? []).slice(0, -1) : (segments[r] ?? [])))
  const leftmost = confirmedColumns(req, parts, ids)
  const drafts: Drafts = new Map()
  req.forEach((x, r) => {
    const ps = parts[r] ?? []
    // A label printing its whole row leaves nothing to doubt; otherwise its values are the
    // leftmost printed cells, which need not be the leftmost columns unless the column's
    // identities say so.
    const whole = ps.length === cols - 1
    x.row.keys.forEach((k, c) => {
      const f = c === cols - 1 ? (column.total[r] ?? null) : (ps[c] ?? null)
      if (!f) return void drafts.set(k, { value: null, status: 'missing' })
      const sure = c === cols - 1 ? column.sure : whole || !!leftmost[c]
      const d: Draft = { value: f.value ?? null, status: sure ? 'ok' : 'check', raw: f.text, start: f.start, end: f.end }
      if (!sure) d.reason = REASON
      drafts.set(k, d)
    })
  })
  return drafts
}

/**
 * Columns where every row's n-th own value makes the column's identities hold (新收 + 结转 =
 * 总计 + 结转下年, 总计 = the results; not all zero): those values are that column's cells.
 */
function confirmedColumns(req: { row: RowSpec }[], parts: Field[][], ids: Identity[]): boolean[] {
  const cols = req[0]?.row.keys.length ?? 0
  const at = new Map<CellKey, number>()
  req.forEach((x, r) => x.row.keys.forEach((k, c) => at.set(k, val(parts[r]?.[c]))))
  return Array.from({ length: cols - 1 }, (_, c) => {
    const own = ids.filter((id) => {
      const terms = [...id.lhs, ...id.rhs]
      return id.rule !== 'requests-row' && terms.every((t) => at.has(t.key) && req.some((x) => x.row.keys[c] === t.key))
    })
    const sum = (ts: Identity['lhs']): number => ts.reduce((s, t) => s + (at.get(t.key) ?? 0), 0)
    const holding = own.filter((id) => Math.abs(sum(id.lhs) - sum(id.rhs)) < EPS)
    return own.length >= 2 && holding.length === own.length && own.filter((id) => sum(id.lhs) > EPS).length >= 2
  })
}
