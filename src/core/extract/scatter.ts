// Table 三 as plain pdftotext prints a browser PDF: the cells next to a row's label stay on its
// line, the others come after the last label as blocks, each a run down one column (rows in
// order, a few blank cells skipped), the blocks in no useful order. The totals are placed first
// (a row's total is at least its printed parts), then every other value, the largest first, so
// that each row's parts add up to its total and the column identities hold. Cells every
// solution agrees on are sure; the others stay `check`.
import type { CellKey } from '../../shared/templates'
import type { Identity } from '../check/identities'
import type { Draft, Drafts } from './draft'
import type { Field, FieldStream } from './fields'
import type { RowSpec } from './rows'

/** Rows a block may skip between two of its values (blank cells inside its run). */
const MAX_SKIP = 3
const BUDGET = 200000
const MAX_SOLUTIONS = 16
const EPS = 1e-6

type Cell = [number, number]
interface Sum {
  lhs: Cell[]
  rhs: Cell[]
}
type Grid = (Field | null)[][]

const val = (f: Field | null | undefined): number => f?.value ?? 0

interface Problem {
  segments: Field[][]
  blocks: Field[][]
  cols: number
  sums: Sum[]
}

class Budget {
  nodes = 0
  spent = false
  tick(): boolean {
    if (++this.nodes > BUDGET) this.spent = true
    return !this.spent
  }
}

interface Totals {
  total: (Field | null)[]
  /** Whether the row's total is the last value beside its label. */
  fromSegment: boolean[]
  used: Set<number>
}

/** Every way to fill the total column: last value beside the label, or runs of blocks. */
function totalColumns(p: Problem, budget: Budget): Totals[] {
  const R = p.segments.length
  const out: Totals[] = []
  const total: (Field | null)[] = new Array<Field | null>(R).fill(null)
  const fromSegment = new Array<boolean>(R).fill(false)
  const used = new Set<number>()
  const kind = p.blocks.map((b) => b.map((f) => f.value).join(','))
  const walk = (r: number, active: number, next: number, last: number): void => {
    if (!budget.tick() || out.length >= MAX_SOLUTIONS) return
    const open = active >= 0 && next < (p.blocks[active]?.length ?? 0)
    if (r === R) {
      if (!open) out.push({ total: [...total], fromSegment: [...fromSegment], used: new Set(used) })
      return
    }
    const seg = p.segments[r] ?? []
    const segSum = seg.reduce((s, f) => s + val(f), 0)
    const lastSeg = seg[seg.length - 1]
    const mustContinue = open && r - last > MAX_SKIP
    if (open) {
      const f = p.blocks[active]?.[next]
      if (f && val(f) + EPS >= segSum) {
        total[r] = f
        walk(r + 1, active, next + 1, r)
        total[r] = null
      }
    }
    if (mustContinue) return
    if (lastSeg && val(lastSeg) + EPS >= segSum - val(lastSeg)) {
      total[r] = lastSeg
      fromSegment[r] = true
      walk(r + 1, active, next, last)
      fromSegment[r] = false
      total[r] = null
    }
    if (!seg.length) walk(r + 1, active, next, last)
    if (open) return
    for (let b = 0; b < p.blocks.length; b++) {
      const f = p.blocks[b]?.[0]
      if (!f || used.has(b) || val(f) + EPS < segSum) continue
      if (p.blocks.some((_, a) => a < b && !used.has(a) && kind[a] === kind[b])) continue
      used.add(b)
      total[r] = f
      walk(r + 1, b, 1, r)
      total[r] = null
      used.delete(b)
    }
  }
  walk(0, -1, 0, -1)
  return out
}

interface Item {
  values: Field[]
  /** The row of a label's values; blocks have none. */
  row?: number
}

/** Every placement of the parts given the totals; each solution is a full grid. */
function placeParts(p: Problem, t: Totals, budget: Budget): Grid[] {
  const R = p.segments.length
  const C = p.cols
  const T = C - 1
  const grid: Grid = Array.from({ length: R }, (_, r) => {
    const row = new Array<Field | null>(C).fill(null)
    row[T] = t.total[r] ?? null
    return row
  })
  const parts = p.segments.map((seg, r) => (t.fromSegment[r] ? seg.slice(0, -1) : seg))
  const deficit = parts.map((seg, r) => val(t.total[r]) - seg.reduce((s, f) => s + val(f), 0))
  const segPlaced = parts.map((seg) => seg.length === 0)
  const spans: [number, number][][] = Array.from({ length: C }, () => [])
  const blocks = p.blocks.map((values, i) => ({ values, i })).filter(({ i }) => !t.used.has(i))
  const whole = (r: number): boolean => Math.abs(deficit[r] ?? 0) < EPS
  // Rows already whole first (they settle the column identities), then the blocks, largest first
  // (the row totals leave them few places), then the values beside the other labels.
  const items: Item[] = [
    ...parts.flatMap((seg, r) => (seg.length && whole(r) ? [{ values: seg, row: r }] : [])),
    ...blocks.map(({ values }) => ({ values })).sort((a, b) => Math.max(...b.values.map(val)) - Math.max(...a.values.map(val))),
    ...parts.flatMap((seg, r) => (seg.length && !whole(r) ? [{ values: seg, row: r }] : []))
  ]
  const closed = (r: number): boolean => !!segPlaced[r] && Math.abs(deficit[r] ?? 0) < EPS
  const sideSum = (side: Cell[]): number => side.reduce((s, [r, c]) => s + val(grid[r]?.[c]), 0)
  const consistent = (): boolean =>
    p.sums.every((x) => {
      const l = sideSum(x.lhs)
      const r = sideSum(x.rhs)
      const lDone = x.lhs.every(([row]) => closed(row))
      const rDone = x.rhs.every(([row]) => closed(row))
      if (lDone && rDone) return Math.abs(l - r) < EPS
      if (lDone) return r <= l + EPS
      if (rDone) return l <= r + EPS
      return true
    })
  const solutions = new Map<string, Grid>()
  const kinds = items.map((it) => (it.row === undefined ? it.values.map((f) => f.value).join(',') : `row${it.row}`))
  const startOf = new Array<number>(items.length).fill(-1)
  const placed = new Array<boolean>(items.length).fill(false)
  /** The same-kind block placed before this one (identical blocks go in increasing order). */
  const sibling = items.map((_, k) => {
    for (let j = k - 1; j >= 0; j--) if (kinds[j] === kinds[k]) return j
    return -1
  })

  /** Where an item can go now: cells [row, col] per placement, at most `cap` of them. */
  const placements = (k: number, cap: number): Cell[][] => {
    const item = items[k] as Item
    const out: Cell[][] = []
    const cells: Cell[] = []
    if (item.row !== undefined) {
      const r = item.row
      const row = grid[r] as (Field | null)[]
      const put = (i: number, from: number): void => {
        if (out.length >= cap) return
        if (i === item.values.length) return void out.push([...cells])
        for (let c = from; c <= T - (item.values.length - i); c++) {
          if (row[c]) continue
          cells.push([r, c])
          put(i + 1, c + 1)
          cells.pop()
        }
      }
      put(0, 0)
      return out
    }
    const sib = sibling[k] ?? -1
    const after = sib >= 0 ? (startOf[sib] ?? -1) : -1
    for (let c = 0; c < T; c++) {
      const run = (i: number, from: number): void => {
        if (out.length >= cap) return
        const f = item.values[i]
        if (!f) {
          const lo = cells[0]?.[0] ?? 0
          const hi = cells[cells.length - 1]?.[0] ?? 0
          if (!(spans[c] ?? []).some(([a, b]) => a <= hi && lo <= b)) out.push([...cells])
          return
        }
        const to = i === 0 ? R - item.values.length : Math.min(R - (item.values.length - i), from + MAX_SKIP)
        for (let r = from; r <= to; r++) {
          if (i === 0 && c * 1000 + r <= after) continue
          if (grid[r]?.[c] || val(f) > (deficit[r] ?? 0) + EPS) continue
          cells.push([r, c])
          run(i + 1, r + 1)
          cells.pop()
        }
      }
      run(0, 0)
    }
    return out
  }

  const CAP = 200
  const step = (): void => {
    if (!budget.tick() || solutions.size >= MAX_SOLUTIONS) return
    if (!consistent()) return
    // The item with the fewest places goes next; one with none ends this branch.
    let best = -1
    let bestPlaces: Cell[][] = []
    for (let k = 0; k < items.length; k++) {
      const sib = sibling[k] ?? -1
      if (placed[k] || (items[k]?.row === undefined && sib >= 0 && !placed[sib])) continue
      const places = placements(k, best < 0 ? CAP : bestPlaces.length)
      if (!places.length) return
      if (best < 0 || places.length < bestPlaces.length) {
        best = k
        bestPlaces = places
        if (places.length === 1) break
      }
    }
    const item = items[best]
    if (!item) {
      if (deficit.every((d) => Math.abs(d) < EPS)) {
        const sig = grid.map((row) => row.map((f) => f?.value ?? '').join(',')).join(';')
        if (!solutions.has(sig)) solutions.set(sig, grid.map((row) => [...row]))
      }
      return
    }
    placed[best] = true
    for (const cells of bestPlaces) {
      cells.forEach(([r, c], i) => {
        const f = item.values[i] ?? null
        ;(grid[r] as (Field | null)[])[c] = f
        if (item.row === undefined) deficit[r] = (deficit[r] ?? 0) - val(f)
      })
      const c0 = cells[0]?.[1] ?? 0
      const lo = cells[0]?.[0] ?? 0
      if (item.row === undefined) {
        spans[c0]?.push([lo, cells[cells.length - 1]?.[0] ?? 0])
        startOf[best] = c0 * 1000 + lo
      } else segPlaced[item.row] = true
      step()
      if (item.row === undefined) spans[c0]?.pop()
      else segPlaced[item.row] = false
      cells.forEach(([r, c], i) => {
        ;(grid[r] as (Field | null)[])[c] = null
        if (item.row === undefined) deficit[r] = (deficit[r] ?? 0) + val(item.values[i])
      })
    }
    placed[best] = false
  }
  step()
  return [...solutions.values()]
}

export function solveScatter(p: Problem): { solutions: Grid[]; complete: boolean } {
  const budget = new Budget()
  const solutions = new Map<string, Grid>()
  const ts = totalColumns(p, budget)
  for (const t of ts)
    for (const g of placeParts(p, t, budget)) solutions.set(g.map((row) => row.map((f) => f?.value ?? '').join(',')).join(';'), g)
  return { solutions: [...solutions.values()], complete: !budget.spent && solutions.size < MAX_SOLUTIONS }
}

const BLANK_LINE = /\n[ \t\u3000]*\n/

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
  const keys = req.map((x) => x.row.keys)
  const pos = new Map<CellKey, Cell>()
  keys.forEach((ks, r) => ks.forEach((k, c) => pos.set(k, [r, c])))
  const own = ids.filter((id) => id.rule !== 'requests-row' && [...id.lhs, ...id.rhs].every((t) => pos.has(t.key)))
  const at = (ts: Identity['lhs']): Cell[] => ts.map((t) => pos.get(t.key) ?? [0, 0])
  const sums: Sum[] = own.map((id) => ({ lhs: at(id.lhs), rhs: at(id.rhs) }))
  // A column total is its results: put into new + carried = total + carry forward, it bounds
  // the results from the first rows on.
  for (const a of own)
    for (const b of own) {
      const x = a.lhs[0]
      if (a === b || a.lhs.length !== 1 || !x || !b.rhs.some((t) => t.key === x.key)) continue
      sums.push({ lhs: at(b.lhs), rhs: at([...b.rhs.filter((t) => t.key !== x.key), ...a.rhs]) })
    }
  const { solutions, complete } = solveScatter({ segments, blocks, cols, sums })
  const first = solutions[0]
  if (!first) return null
  const drafts: Drafts = new Map()
  keys.forEach((ks, r) =>
    ks.forEach((k, c) => {
      const f = first[r]?.[c] ?? null
      const agreed = complete && solutions.every((s) => (s[r]?.[c]?.value ?? null) === (f?.value ?? null))
      const d: Draft = f
        ? { value: f.value ?? null, status: agreed ? 'ok' : 'check', raw: f.text, start: f.start, end: f.end }
        : { value: null, status: 'missing' }
      if (!agreed) d.reason = '数值按列散印，位置不能唯一确定'
      drafts.set(k, d)
    })
  )
  return drafts
}
