// Table 三 as plain pdftotext prints a browser PDF: the cells next to a row's label stay on its
// line, the others come after the last label as blocks, each a run down one column (rows in
// order, blank cells skipped), the blocks in no useful order. First the total column is read
// (blocks that run down it without gaps, or a label's last value), sure when only one filling
// passes its identities, and each label's own values from the left, sure for a column whose
// identities they satisfy (自然人, 商业企业 in practice). Then, with a sure total column, the
// other blocks are placed as poppler's flows (flows.ts): a cell every placement consistent with
// the identities fills alike is `ok`. Where that search finds nothing or runs out of steps, the
// totals and the labels' values are kept as read and the other blocks are left `missing` for
// the reviewer.
import type { CellKey } from '../../shared/templates'
import type { Identity } from '../check/identities'
import type { Draft, Drafts } from './draft'
import type { Field, FieldStream } from './fields'
import { solveFlows, type CellSum, type FlowPlacement } from './flows'
import type { RowSpec } from './rows'

/** Search steps for the total column (a few ms); past it the totals stay `check`. */
const BUDGET = 20000
const EPS = 1e-6

const val = (f: Field | null | undefined): number => f?.value ?? 0

/** A printed value's draft: `ok` where sure, `check` for the reason given otherwise. */
function fieldDraft(f: Field, sure: boolean, reason: string): Draft {
  const d: Draft = { value: f.value ?? null, status: sure ? 'ok' : 'check', raw: f.text, start: f.start, end: f.end }
  if (!sure) d.reason = reason
  return d
}

/** Identities over the total column: the cells are row indices. */
type Sum = CellSum

/** A sum to test once row `at` is filled: both sides, or one side bounding the other. */
interface Test {
  sum: Sum
  mode: 'equal' | 'lhs-bounds' | 'rhs-bounds'
}

/** The identities all of whose cells `at` numbers, as sums over those numbers. */
function sumsOver(ids: Identity[], at: Map<CellKey, number>): CellSum[] {
  return ids
    .filter((id) => [...id.lhs, ...id.rhs].every((t) => at.has(t.key)))
    .map((id) => ({ lhs: id.lhs.map((t) => at.get(t.key) ?? 0), rhs: id.rhs.map((t) => at.get(t.key) ?? 0) }))
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
  /** The blocks it took. */
  blocks: number[]
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
        found.push({ total: [...total], fromLabel: [...fromLabel], blocks: used.flatMap((u, k) => (u ? [k] : [])), sure: false })
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
const FLOW_REASON = '数值按列散印，另有摆法也满足全部勾稽关系'

/** Search steps for the flow placement (r08 takes ~14,000, a few tens of ms); past it the scattered values stay unplaced. */
const FLOW_BUDGET = 40000
/** Placements kept at most: more say too little to fill anything. */
const FLOW_CAP = 64

/**
 * Places the scattered blocks as poppler's flows (see flows.ts) around the cells already read:
 * the total column, each label's values in the columns the identities confirm. The search sees
 * every placement, so a cell every placement fills alike is pinned down by the identities
 * (`ok`); one they fill differently is `check`, with the value of the placement whose flows
 * break the fewest times (poppler prints a column run as one block; among equals the first the
 * search finds), 0 where that placement leaves it blank; one they all leave blank stays
 * `missing`. Null when the search finds nothing, runs out of budget or finds more than FLOW_CAP.
 */
function placeFlows(
  keys: CellKey[][],
  column: TotalColumn,
  parts: Field[][],
  leftmost: boolean[],
  scattered: { blocks: Field[][]; follows: boolean[] },
  ids: Identity[]
): Drafts | null {
  const R = keys.length
  const C = keys[0]?.length ?? 0
  let open = 0
  while (open < C - 1 && leftmost[open]) open++
  const fixed: (number | null | undefined)[] = new Array<number | null | undefined>(R * C)
  const read: (Field | null)[] = new Array<Field | null>(R * C).fill(null)
  const bound: Field[][] = parts.map((ps, r) => {
    const whole = ps.length === C - 1
    for (let c = 0; c < C; c++) {
      const f = c === C - 1 ? (column.total[r] ?? null) : whole || c < open ? (ps[c] ?? null) : undefined
      if (f === undefined) continue
      fixed[r * C + c] = f?.value ?? null
      read[r * C + c] = f
    }
    return whole ? [] : ps.slice(open)
  })
  const kept = scattered.blocks.flatMap((b, k) => (column.blocks.includes(k) ? [] : [{ b, follows: !!scattered.follows[k] && !column.blocks.includes(k - 1) }]))
  const sums = sumsOver(ids, new Map(keys.flatMap((row, r) => row.map((k, c): [CellKey, number] => [k, r * C + c]))))
  const groups = kept.map((x) => x.b)
  const joined = keys.map((_, r) => {
    const a = column.total[r]
    const b = column.total[r + 1]
    return !!a && !!b && scattered.blocks.some((blk) => blk.indexOf(a) >= 0 && blk[blk.indexOf(a) + 1] === b)
  })
  // 办理总计 sums the rows above it: chosen before them, it bounds each of them.
  const below = sums.filter((x) => x.lhs.length === 1 && x.rhs.length > 1 && x.rhs.every((cell) => Math.floor(cell / C) < Math.floor((x.lhs[0] ?? 0) / C)))
  const ahead = { rows: [...new Set(below.map((x) => Math.floor((x.lhs[0] ?? 0) / C)))], from: Math.min(R, ...below.flatMap((x) => x.rhs.map((cell) => Math.floor(cell / C)))) }
  const found = solveFlows(
    {
      rows: R,
      cols: C,
      fixed,
      open,
      bound: bound.map((b) => b.map(val)),
      groups: groups.map((g) => g.map(val)),
      follows: kept.map((x) => x.follows),
      sums,
      joined,
      ahead
    },
    FLOW_BUDGET,
    FLOW_CAP
  )
  if (!found.complete || !found.placements.length) return null
  const fill = (pl: FlowPlacement): (Field | null)[] => {
    const out = [...read]
    pl.groups.forEach((cells, g) => cells.forEach((cell, i) => (out[cell] = groups[g]?.[i] ?? null)))
    pl.bound.forEach((cells, r) => cells.forEach((cell, j) => (out[cell] = bound[r]?.[j] ?? null)))
    return out
  }
  const filled = found.placements.map(fill)
  const fewest = Math.min(...found.placements.map((pl) => pl.breaks))
  const best = filled[found.placements.findIndex((pl) => pl.breaks === fewest)] ?? []
  const drafts: Drafts = new Map()
  keys.forEach((row, r) =>
    row.forEach((k, c) => {
      const i = r * C + c
      const f = best[i] ?? null
      const agree = filled.every((x) => (x[i]?.value ?? null) === (f?.value ?? null))
      // Blank in every placement: not printed. Blank in the likeliest only: 0 there, to look at.
      if (!f) return void drafts.set(k, agree ? { value: null, status: 'missing' } : { value: 0, status: 'check', reason: FLOW_REASON })
      drafts.set(k, fieldDraft(f, agree, FLOW_REASON))
    })
  )
  return drafts
}

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
  /** Per block: nothing but blank lines since the previous one. */
  const follows: boolean[] = []
  let prev: Field | null = null
  let apart = true
  for (let i = lastField + 1; i < fields.length; i++) {
    const f = fields[i]
    if (!f || f.start >= end) break
    if (f.kind !== 'num') {
      if (f.kind === 'text') {
        prev = null
        apart = true
      }
      continue
    }
    const cur = blocks[blocks.length - 1]
    if (prev && cur && !BLANK_LINE.test(text.slice(prev.end, f.start))) cur.push(f)
    else {
      blocks.push([f])
      follows.push(!apart)
    }
    apart = false
    prev = f
  }
  if (!blocks.length) return null
  const totalKeys = new Map<CellKey, number>(req.map((x, r) => [x.row.keys[cols - 1] ?? '', r]))
  const column = totalColumn(segments, blocks, sumsOver(ids, totalKeys))
  if (!column) return null
  const parts = req.map((_, r) => (column.fromLabel[r] ? (segments[r] ?? []).slice(0, -1) : (segments[r] ?? [])))
  const leftmost = confirmedColumns(req, parts, ids)
  if (column.sure) {
    const placed = placeFlows(req.map((x) => x.row.keys), column, parts, leftmost, { blocks, follows }, ids)
    if (placed) return placed
  }
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
      drafts.set(k, fieldDraft(f, c === cols - 1 ? column.sure : whole || !!leftmost[c], REASON))
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
