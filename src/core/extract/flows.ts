// Where plain pdftotext put table 三's scattered values. poppler cuts a page into blocks (lines
// close below each other in one column: in a browser table, one column's values in consecutive
// rows) and prints them as flows, separated by a blank line: a flow is a block followed by the
// blocks that start just below the previous one (poppler's maxBlockSpacing, 2.5 font sizes: one
// skipped row at most) and fit in the free width around it and around the flow's first block (the
// width up to the nearest printed cell left and right in its rows: TextBlock::priMin/priMax).
// So each group of values is a walk down the table: runs down one column, a next run starting
// one or two rows below the last value, in a column no printed cell separates from the runs'.
// The search chooses the rows ahead (办理总计) from the values printed, then decides at each step
// what has the fewest choices: the group with the fewest cells left to begin in, or the first
// free cell of the identity still short with the fewest free cells (blank, or a value of a group
// walking through it). Identities are kept as running sums in typed arrays, undone on the way
// back (flow-sums.ts), and at each step every identity still short must be reachable from the
// values left (flow-reach.ts). It returns every distinct filling; past its step budget (a count
// of cells tried and sums tested, so the same on every machine) it says it did not finish.

import { FlowReach } from './flow-reach'
import { FlowSums, type CellSum } from './flow-sums'

export type { CellSum } from './flow-sums'

export interface FlowProblem {
  rows: number
  cols: number
  /** Per cell: a value already placed, null for a cell known blank, undefined for one to fill. */
  fixed: (number | null | undefined)[]
  /** Columns before this one are the labels' block: always printed, never a scattered cell. */
  open: number
  /** Per row: values printed on its label's line still to place in it, left to right. */
  bound: number[][]
  /** The groups' values in text order. */
  groups: number[][]
  /** Per group: it directly follows the previous group (no text between them). */
  follows: boolean[]
  sums: CellSum[]
  /**
   * Per row: the next row is close below it (the total column prints both in one block), so
   * values of two groups one row apart in one column would have been one block.
   */
  joined: boolean[]
  /** Rows printed below the rows they sum (办理总计), and the first row they sum: no group starts above it. */
  ahead: { rows: number[]; from: number }
}

export interface FlowPlacement {
  /** Cell of each group's values. */
  groups: number[][]
  /** Cell of each row's bound values. */
  bound: number[][]
  /** Rows skipped where a group's run ends and its next begins: poppler's own output has few. */
  breaks: number
}

export interface FlowResult {
  /** One placement per distinct filling of the table, the one breaking the flows least. */
  placements: FlowPlacement[]
  /** The search saw every placement (within its step budget and its cap on fillings). */
  complete: boolean
  /** Steps the search took (cells tried and sums tested): what its budget counts. */
  steps: number
}

const EPS = 1e-6
/** A next run starts at most this many rows below the last value. */
const STEP = 2

export function solveFlows(p: FlowProblem, budget: number, cap: number): FlowResult {
  const { rows: R, cols: C } = p
  const n = R * C
  const G = p.groups.length
  const open = new Uint8Array(n)
  const printed = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const f = p.fixed[i]
    if (f === undefined && i % C >= p.open) open[i] = 1
    else if (f != null || i % C < p.open) printed[i] = 1
  }
  const sums = new FlowSums(n, open, p.fixed, p.sums)
  const { ceil, sides, ofStart, ofCell, wanted } = sums
  const S = sums.count
  for (let s = 0; s < S; s++) if (!sums.feasible(s)) return { placements: [], complete: true, steps: 0 }

  const len = Int32Array.from(p.groups, (g) => g.length)
  /** Values of all groups, flat: group g's k-th value is base[g] + k. */
  const base = new Int32Array(G + 1)
  for (let g = 0; g < G; g++) base[g + 1] = (base[g] ?? 0) + (len[g] ?? 0)
  const V = base[G] ?? 0
  /** Per value and cell: the value fits there and the rest of its group fits below. */
  const can = new Uint8Array(V * n)
  for (let g = 0; g < G; g++) {
    const vs = p.groups[g] ?? []
    for (let k = vs.length - 1; k >= 0; k--) {
      const at = ((base[g] ?? 0) + k) * n
      for (let x = k ? 0 : p.ahead.from * C; x < n; x++) {
        if (!open[x] || (vs[k] ?? 0) > (ceil[x] ?? 0) + EPS) continue
        let next = k === vs.length - 1
        const r = Math.floor(x / C)
        for (let y = (r + 1) * C; !next && y < Math.min(n, (r + 1 + STEP) * C); y++) next = !!can[at + n + y]
        if (next) can[at + x] = 1
      }
    }
    // And the values before it fit above.
    for (let k = 1; k < vs.length; k++) {
      const at = ((base[g] ?? 0) + k) * n
      for (let x = 0; x < n; x++) {
        if (!can[at + x]) continue
        const r = Math.floor(x / C)
        let prev = false
        for (let y = Math.max(0, (r - STEP) * C); !prev && y < r * C; y++) prev = !!can[at - n + y]
        if (!prev) can[at + x] = 0
      }
    }
  }

  // The state: each value's cell, each group's current run and first run, each cell's holder
  // (-1 none, -2 a row's own value, -3 decided blank, else the group), and the cells a run's
  // width needs blank (counted).
  const cellOf = new Int32Array(V).fill(-1)
  const runFrom = new Int32Array(G)
  const firstCol = new Int32Array(G).fill(-1)
  const firstTo = new Int32Array(G)
  const owner = new Int32Array(n).fill(-1)
  const value = new Float64Array(n)
  const blankFor = new Int32Array(n)
  const boundAt = p.bound.map((b) => b.map(() => -1))
  /** Free cells as a bitset, for the reachability test. */
  const FW = (n + 31) >> 5
  const freeBits = new Uint32Array(FW)
  /** Each identity's open cells, per side; with at most 32 a side, each side's free cells are kept as a bitset too. */
  const narrow = sides.every((two) => two.every((cells) => cells.length <= 32))
  const sideFree = new Uint32Array(2 * S)
  const cellSides: number[][] = Array.from({ length: n }, () => [])
  if (narrow) sides.forEach((two, t) => two.forEach((cells, side) => cells.forEach((x, i) => cellSides[x]?.push((2 * t + side) * 32 + i))))
  const refresh = (x: number): void => {
    const bit = 1 << (x & 31)
    const on = open[x] && owner[x] === -1 && !blankFor[x]
    if (on) freeBits[x >> 5] = ((freeBits[x >> 5] ?? 0) | bit) >>> 0
    else freeBits[x >> 5] = ((freeBits[x >> 5] ?? 0) & ~bit) >>> 0
    for (const e of cellSides[x] ?? []) {
      const si = e >> 5
      const b = 1 << (e & 31)
      sideFree[si] = on ? ((sideFree[si] ?? 0) | b) >>> 0 : ((sideFree[si] ?? 0) & ~b) >>> 0
    }
  }
  for (let x = 0; x < n; x++) refresh(x)
  const free = (x: number): boolean => !!(((freeBits[x >> 5] ?? 0) >>> (x & 31)) & 1)
  /** How many of identity t's cells on one side are free. */
  const freeCount = (t: number, side: number): number => {
    if (!narrow) return (sides[t]?.[side] ?? []).reduce((m, x) => m + (free(x) ? 1 : 0), 0)
    let m = 0
    for (let w = sideFree[2 * t + side] ?? 0; w; w &= w - 1) m++
    return m
  }
  /** The first of them (-1: none). */
  const firstFree = (t: number, side: number): number => {
    const cells = sides[t]?.[side] ?? []
    if (!narrow) return cells.find(free) ?? -1
    const mask = sideFree[2 * t + side] ?? 0
    return mask ? (cells[31 - Math.clz32(mask & -mask)] ?? -1) : -1
  }
  const found = new Map<string, FlowPlacement>()
  let steps = 0
  let cost = 0
  let over = false
  /** Past the step budget or the cap on fillings: the search gives up. */
  const stopped = (): boolean => over || steps > budget

  /** Groups printing the same values are interchangeable: each is placed after its twin. */
  const printedAs = p.groups.map((g) => g.join())
  const twin = Int32Array.from(printedAs, (v, k) => (k ? printedAs.lastIndexOf(v, k - 1) : -1))
  // Items: the groups, and each row's own values (~row). Ties in the search go to the item with
  // the fewest cells to begin in at the outset, then text order: a fixed order, so the
  // placements come out in the same order every time.
  const items: number[] = []
  for (let g = 0; g < G; g++) items.push(g)
  p.bound.forEach((b, r) => b.length && items.push(~r))
  const valuesOf = (it: number): number[] => (it >= 0 ? (p.groups[it] ?? []) : (p.bound[~it] ?? []))
  /** Per group, the cells its first value can take. */
  const startsOf = p.groups.map((_, g) => Array.from({ length: n }, (_, x) => x).filter((x) => can[(base[g] ?? 0) * n + x]))
  const starts = (it: number): number => (it < 0 ? C - p.open : (startsOf[it]?.length ?? 0))
  const rank = (it: number): number => (it >= 0 ? it : G - it)
  items.sort((a, b) => starts(a) - starts(b) || rank(a) - rank(b))

  /** Items placed or being placed; `left` has a bit for each other item (for memo keys). */
  const placed = new Uint8Array(items.length)
  /** Items laid wherever they fitted (not through a given cell). */
  const anywhere = new Uint8Array(items.length)
  let left = 2 ** items.length - 1
  const reach = new FlowReach(
    sums,
    C,
    items.map(valuesOf),
    (j, q, x) => {
      const it = items[j] ?? 0
      return it >= 0 ? !!can[((base[it] ?? 0) + q) * n + x] : Math.floor(x / C) === ~it
    },
    {
      free,
      sideFree: narrow ? sideFree : null,
      placed,
      near: (j, q, cells, done, lastRow) => {
        const at = (base[items[j] ?? 0] ?? 0) + q
        const gap = q - done + 1
        for (const x of cells) {
          const r = Math.floor(x / C) - lastRow
          if (r >= gap && r <= STEP * gap && free(x) && can[at * n + x]) return true
        }
        return false
      },
      tick: () => void steps++
    },
    items.length <= 24 && p.groups.every((g) => g.length <= 7) && R <= 64
  )
  /** Every identity short on one side can be made up by the values left (item `from` being laid, `done` values so far). */
  const hopeful = (from: number, done: number): boolean => {
    const it = from >= 0 ? (items[from] ?? -1) : -1
    return reach.hopeful(left, from, done, done && it >= 0 ? Math.floor((cellOf[(base[it] ?? 0) + done - 1] ?? 0) / C) : 0)
  }

  /** Takes x with v for `who`; false (nothing changed) when an identity can no longer hold. */
  const take = (x: number, v: number, who: number): boolean => {
    steps++
    const w = wanted[x] ?? NaN
    if (w === w) {
      if (Math.abs(w - v) > EPS) return false
    } else if (!sums.decide(x, v, 1)) {
      sums.decide(x, v, -1)
      return false
    }
    owner[x] = who
    value[x] = v
    refresh(x)
    sums.changed()
    return true
  }
  const release = (x: number, v: number): void => {
    owner[x] = -1
    value[x] = 0
    refresh(x)
    const w = wanted[x] ?? NaN
    if (w !== w) sums.decide(x, v, -1)
    sums.changed()
  }
  /** The columns from a (excluded) to b (included), either way. */
  const between = (a: number, b: number): [number, number] => (b > a ? [a + 1, b] : [b, a - 1])
  /** No printed or held cell in rows r1..r2 from column a (excluded) to b (included). */
  const clear = (a: number, b: number, r1: number, r2: number): boolean => {
    const [lo, hi] = between(a, b)
    for (let r = r1; r <= r2; r++)
      for (let c = lo; c <= hi; c++) {
        const o = owner[r * C + c] ?? -1
        // Empty: nothing yet, or decided blank.
        if (printed[r * C + c] || (o !== -1 && o !== -3)) return false
      }
    return true
  }
  /** Those cells are kept blank (by 1) or no longer (by -1). */
  const widen = (a: number, b: number, r1: number, r2: number, by: number): void => {
    const [lo, hi] = between(a, b)
    for (let r = r1; r <= r2; r++)
      for (let c = lo; c <= hi; c++) {
        blankFor[r * C + c] = (blankFor[r * C + c] ?? 0) + by
        refresh(r * C + c)
      }
  }
  /** Two groups' values one row apart in one column, rows close, would have been one block. */
  const apart = (g: number, x: number): boolean => {
    const r = Math.floor(x / C)
    if (r > 0 && p.joined[r - 1] && (owner[x - C] ?? -1) >= 0 && owner[x - C] !== g) return false
    return !(r + 1 < R && p.joined[r] && (owner[x + C] ?? -1) >= 0)
  }

  /** Per item: the item of its twin (the group printed before with the same values), or -1. */
  const twinItem = items.map((it) => (it >= 0 && (twin[it] ?? -1) >= 0 ? items.indexOf(twin[it] ?? 0) : -1))
  /** A twin laid wherever it fitted comes first: this one begins after its first cell. */
  const afterOf = (j: number): number => {
    const t = twinItem[j] ?? -1
    return t >= 0 && anywhere[t] ? (cellOf[base[items[t] ?? 0] ?? 0] ?? -1) : -1
  }
  /** The cells where item j could begin now (into out). */
  const opening = (j: number, out: number[], limit = Infinity): number[] => {
    out.length = 0
    const it = items[j] ?? 0
    if (it < 0) {
      const r = ~it
      const v = p.bound[r]?.[0] ?? 0
      for (let x = r * C + p.open; x < (r + 1) * C && out.length < limit; x++) if (free(x) && sums.room(x, v)) out.push(x)
      return out
    }
    const after = afterOf(j)
    const v = p.groups[it]?.[0] ?? 0
    for (const x of startsOf[it] ?? []) {
      if (x > after && free(x) && apart(it, x) && sums.room(x, v)) out.push(x)
      if (out.length >= limit) break
    }
    return out
  }
  const scratch: number[] = []
  /**
   * Decides next what has the fewest choices: the item with the fewest cells to begin in, or
   * the first free cell of the identity still short with the fewest free cells (blank, or one
   * value of an item not placed, with each of that item's ways through it). All placed: closes.
   */
  const place = (): void => {
    if (stopped()) return
    if (!hopeful(-1, 0)) return
    // The cell first: where it is forced (one choice or none), no item needs counting.
    const x = tightest()
    let cell = Infinity
    const filled = x >= 0 && ((wanted[x] ?? 0) > EPS || cellNeed(x))
    if (x >= 0) {
      cell = filled ? 0 : 1
      for (let j = 0; j < items.length; j++) if (eligible(j)) cell += fitting(j, x)
    }
    let best = -1
    let fewest = cell <= 1 ? 0 : cell
    if (cell > 1)
      for (let j = 0; j < items.length; j++) {
        if (!eligible(j)) continue
        // Counting stops at the fewest so far: only which has fewest matters (and none).
        const m = opening(j, scratch, fewest).length
        if (!m) return
        if (m < fewest) {
          fewest = m
          best = j
        }
      }
    if (best >= 0) return lay(best, -1)
    // Nothing short and nothing left to place.
    if (x < 0) return close()
    if (!filled && take(x, 0, -3)) {
      place()
      release(x, 0)
    }
    for (let j = 0; j < items.length; j++) if (eligible(j)) lay(j, x)
  }
  /** Of twins only the first not placed: the others would only trade places with it. */
  const eligible = (j: number): boolean => !placed[j] && ((twinItem[j] ?? -1) < 0 || !!placed[twinItem[j] ?? 0])
  /** How many of item j's values could go at x now. */
  const fitting = (j: number, x: number): number => {
    const it = items[j] ?? 0
    let m = 0
    if (it < 0) {
      if (Math.floor(x / C) === ~it) for (const v of p.bound[~it] ?? []) if (sums.room(x, v)) m++
      return m
    }
    if (!apart(it, x)) return 0
    const vs = p.groups[it] ?? []
    for (let q = 0; q < vs.length; q++) if (can[((base[it] ?? 0) + q) * n + x] && sums.room(x, vs[q] ?? 0)) m++
    return m
  }
  /** The first free cell of the identity short by something with the fewest free cells (-1: none). */
  const tightest = (): number => {
    for (const x of ahead) if ((wanted[x] ?? 0) > EPS && owner[x] === -1) return x
    let best = -1
    let fewest = Infinity
    for (let t = 0; t < S; t++) {
      const side = sums.short(t)
      if (side < 0) continue
      const m = freeCount(t, side)
      if (m && m < fewest) {
        fewest = m
        best = firstFree(t, side)
      }
    }
    return best
  }
  /** Whether x is the last free cell of an identity still short: it cannot stay blank. */
  const cellNeed = (x: number): boolean => {
    for (let i = ofStart[x] ?? 0, e = ofStart[x + 1] ?? 0; i < e; i++) {
      const t = ofCell[i] ?? 0
      const s = t >= 0 ? t : ~t
      const side = t >= 0 ? 0 : 1
      if (sums.short(s) === side && freeCount(s, side) === 1) return true
    }
    return false
  }
  /** Lays item j, with one of its values at x when x >= 0, every way; then decides on. */
  const lay = (j: number, x: number): void => {
    const it = items[j] ?? 0
    placed[j] = 1
    anywhere[j] = x < 0 ? 1 : 0
    left -= 2 ** j
    if (it < 0) row(~it, 0, 0, x)
    else if (x < 0) for (const s0 of [...opening(j, scratch)]) walk(it, 0, s0, j, -1, 0)
    else {
      const after = afterOf(j)
      const xr = Math.floor(x / C)
      for (let q = 0; q < (len[it] ?? 0); q++) {
        if (!can[((base[it] ?? 0) + q) * n + x]) continue
        if (!q) {
          if (x > after) walk(it, 0, x, j, x, 0)
          continue
        }
        // Its first value q to 2q rows above x (walk checks the rest).
        const first = (base[it] ?? 0) * n
        for (let s0 = Math.max(after + 1, (xr - STEP * q) * C, 0); s0 < (xr - q + 1) * C; s0++) if (can[first + s0]) walk(it, 0, s0, j, x, q)
      }
    }
    left += 2 ** j
    placed[j] = 0
  }
  /** A row's own values, left to right in its free cells (one of them at x when x >= 0). */
  const row = (r: number, k: number, from: number, x: number): void => {
    const b = p.bound[r] ?? []
    if (k === b.length) {
      if (x < 0 || owner[x] === -2) place()
      return
    }
    for (let y = Math.max(from, r * C + p.open); y < (r + 1) * C; y++) {
      if (!free(y) || !take(y, b[k] ?? 0, -2)) continue
      ;(boundAt[r] as number[])[k] = y
      row(r, k + 1, y + 1, x)
      release(y, b[k] ?? 0)
    }
  }
  /** Group g's k-th value at y (its q-th at x when x >= 0), then its next values; then on. */
  const walk = (g: number, k: number, y: number, i: number, x: number, q: number): void => {
    if (stopped()) return
    const at = (base[g] ?? 0) + k
    const v = p.groups[g]?.[k] ?? 0
    if (!can[at * n + y] || !free(y) || !apart(g, y)) return
    const r = Math.floor(y / C)
    if (x >= 0) {
      const d = Math.floor(x / C) - r
      if (k === q ? y !== x : k < q && (d < q - k || d > STEP * (q - k))) return
    }
    const c = y % C
    const prev = k ? (cellOf[at - 1] ?? 0) : -1
    const oldRun = runFrom[g] ?? 0
    const oldCol = firstCol[g] ?? -1
    const oldTo = firstTo[g] ?? 0
    let added = 0
    const lr = Math.floor(prev / C)
    const pc = prev % C
    const fr = Math.floor((cellOf[base[g] ?? 0] ?? 0) / C)
    const fresh = k > 0 && y !== prev + C
    if (fresh) {
      // A new run: the cells between it and the run before, and the flow's first run, stay blank.
      if (!clear(pc, c, oldRun, lr) || (oldCol >= 0 && !clear(oldCol, c, fr, oldTo))) return
      if (!take(y, v, g)) return
      widen(pc, c, oldRun, lr, 1)
      if (oldCol >= 0) widen(oldCol, c, fr, oldTo, 1)
      else {
        firstCol[g] = pc
        firstTo[g] = lr
      }
      added = r - lr
      runFrom[g] = r
    } else {
      if (!take(y, v, g)) return
      if (!k) runFrom[g] = r
    }
    cellOf[at] = y
    cost += added
    if (k + 1 === len[g]) place()
    else if (hopeful(i, k + 1))
      for (let z = (r + 1) * C; z < Math.min(n, (r + 1 + STEP) * C); z++) if (can[(at + 1) * n + z]) walk(g, k + 1, z, i, x, q)
    cost -= added
    cellOf[at] = -1
    if (fresh) {
      widen(pc, c, oldRun, lr, -1)
      if (oldCol >= 0) widen(oldCol, c, fr, oldTo, -1)
    }
    runFrom[g] = oldRun
    firstCol[g] = oldCol
    firstTo[g] = oldTo
    release(y, v)
  }
  /** Every item placed: the cells left are blank, and every identity must hold exactly. */
  const close = (): void => {
    const blank: number[] = []
    let ok = true
    for (let x = 0; x < n && ok; x++) {
      if (!open[x] || owner[x] !== -1) continue
      ok = take(x, 0, -3)
      if (ok) blank.push(x)
    }
    if (ok) finish()
    for (const x of blank) release(x, 0)
  }
  /** Twin classes: groups printing the same values, first the one printed first. */
  const classes: number[][] = []
  for (let g = 0; g < G; g++) {
    if ((twin[g] ?? -1) < 0) continue
    const cls = classes.find((c) => c.includes(twin[g] ?? -1))
    if (cls) cls.push(g)
    else classes.push([twin[g] ?? 0, g])
  }
  const finish = (): void => {
    // A group starting right under the previous group's last value, in its column, would have
    // been printed as part of it; twins may trade places to avoid that.
    const order = Int32Array.from({ length: G }, (_, g) => g)
    const holds = (): boolean => {
      for (let g = 1; g < G; g++) {
        if (!p.follows[g]) continue
        const a = order[g - 1] ?? 0
        const b = order[g] ?? 0
        if ((cellOf[base[b] ?? 0] ?? 0) === (cellOf[(base[a] ?? 0) + (len[a] ?? 0) - 1] ?? 0) + C) return false
      }
      return true
    }
    const permute = (m: number): boolean => {
      const cls = classes[m]
      if (!cls) return holds()
      const paths = cls.map((g) => order[g] ?? g)
      const perms = (i: number, used: number): boolean => {
        if (i === cls.length) return permute(m + 1)
        for (let j = 0; j < paths.length; j++) {
          if (used & (1 << j)) continue
          order[cls[i] ?? 0] = paths[j] ?? 0
          if (perms(i + 1, used | (1 << j))) return true
        }
        return false
      }
      if (perms(0, 0)) return true
      cls.forEach((g, i) => (order[g] = paths[i] ?? g))
      return false
    }
    if (!permute(0)) return
    let sig = ''
    for (let x = 0; x < n; x++) if (open[x]) sig += (owner[x] ?? -1) < -2 ? ',' : `${value[x]},`
    const had = found.get(sig)
    if (had && had.breaks <= cost) return
    if (!had && found.size >= cap) {
      over = true
      return
    }
    found.set(sig, {
      groups: Array.from({ length: G }, (_, g) => {
        const at = order[g] ?? g
        return Array.from(cellOf.subarray(base[at] ?? 0, base[at + 1] ?? 0))
      }),
      bound: boundAt.map((b) => [...b]),
      breaks: cost
    })
  }

  // The rows ahead (办理总计) are chosen first, from the values printed: then every row they sum
  // is bounded by them, and the search fails early where they were chosen wrong.
  const ahead: number[] = []
  for (const r of p.ahead.rows) for (let c = 0; c < C; c++) if (open[r * C + c]) ahead.push(r * C + c)
  const choices = [...new Set([0, ...p.groups.flat(), ...p.bound.flat()])].sort((a, b) => a - b)
  const guess = (j: number): void => {
    const x = ahead[j]
    if (x === undefined) return place()
    for (const v of choices) {
      if (stopped()) return
      steps++
      if (sums.decide(x, v, 1)) {
        wanted[x] = v
        sums.changed()
        guess(j + 1)
        wanted[x] = NaN
      }
      sums.decide(x, v, -1)
      sums.changed()
    }
  }
  guess(0)
  return { placements: [...found.values()], complete: !stopped(), steps }
}
