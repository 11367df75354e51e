// Whether every identity still short can be made up by the values left, for the flow search
// (flows.ts): per identity side, the values each item not yet placed could put in its free
// cells, added as subset sums over bitsets (in a row one value per item, and no more values
// than free cells). Answers are remembered by need, free cells and items left.
import type { FlowSums } from './flow-sums'

/** Bitset words for the sums an identity may still need (up to 512; larger needs are not checked). */
const WORDS = 16

interface Option {
  item: number
  /** The value's place in its item. */
  q: number
  v: number
  /** The side's cells it may take, by their place in the side (bit i: the i-th cell). */
  mask: Uint32Array
}

/** What the search shares with the test: its free cells and placed items, read as they change. */
export interface ReachState {
  free: (x: number) => boolean
  /** Per identity side, its free cells by their place in it; null where a side has more than 32. */
  sideFree: Uint32Array | null
  placed: Uint8Array
  /** Whether value q of item j, being laid (`done` values, the last in row lastRow), can still take one of these cells. */
  near: (j: number, q: number, cells: readonly number[], done: number, lastRow: number) => boolean
  /** Counts a test worked out (the search's step budget). */
  tick: () => void
}

export class FlowReach {
  private readonly oneRow: boolean[][]
  private readonly options: Option[][][]
  private readonly relevant: Int32Array
  private readonly seen: Map<number, Map<number, boolean>>[]
  private readonly tests: Int32Array
  private readonly freeSide: Uint32Array
  private readonly reach: Uint32Array
  private readonly prior: Uint32Array

  /**
   * `values` per item; `may(j, q, x)`: value q of item j may ever sit at x. `memo`: the keys
   * hold what they need (at most 24 items, 7 values an item, 64 rows).
   */
  constructor(
    private readonly sums: FlowSums,
    cols: number,
    values: number[][],
    may: (j: number, q: number, x: number) => boolean,
    private readonly state: ReachState,
    private readonly memo: boolean
  ) {
    const S = sums.count
    this.oneRow = sums.sides.map((two) => two.map((cells) => cells.every((x) => Math.floor(x / cols) === Math.floor((cells[0] ?? 0) / cols))))
    this.options = sums.sides.map((two) =>
      two.map((cells) =>
        values.flatMap((vs, j) =>
          vs.flatMap((v, q) => {
            const mask = new Uint32Array((cells.length + 31) >> 5)
            cells.forEach((x, i) => {
              if (may(j, q, x)) mask[i >> 5] = ((mask[i >> 5] ?? 0) | (1 << (i & 31))) >>> 0
            })
            return mask.some((w) => w !== 0) ? [{ item: j, q, v: Math.round(v), mask }] : []
          })
        )
      )
    )
    this.relevant = Int32Array.from({ length: 2 * S }, (_, si) => {
      let m = 0
      if (memo) for (const o of this.options[si >> 1]?.[si & 1] ?? []) m |= 1 << o.item
      return m
    })
    this.seen = Array.from({ length: 2 * S }, () => new Map<number, Map<number, boolean>>())
    this.tests = Int32Array.from({ length: S }, (_, s) => s)
    this.freeSide = new Uint32Array((Math.max(0, ...sums.sides.flatMap((two) => two.map((c) => c.length))) + 31) >> 5 || 1)
    this.reach = new Uint32Array((cols + 1) * WORDS)
    this.prior = new Uint32Array((cols + 1) * WORDS)
  }

  /**
   * Every identity short on one side can be made up by the values left: of the items not
   * placed (`left`: a bit each), and of item `from` (being laid: its first `done` values are down
   * to row lastRow) the values after them.
   */
  hopeful(left: number, from: number, done: number, lastRow: number): boolean {
    const { sl, sr, sides } = this.sums
    const { freeSide, reach, prior, tests, state } = this
    for (let q = 0; q < tests.length; q++) {
      const t = tests[q] ?? 0
      const side = this.sums.short(t)
      if (side < 0) continue
      const need = Math.round(side ? (sl[t] ?? 0) - (sr[t] ?? 0) : (sr[t] ?? 0) - (sl[t] ?? 0))
      if (need <= 0 || need >= WORDS * 32) continue
      const row = !!this.oneRow[t]?.[side]
      const cells = sides[t]?.[side] ?? []
      let m = 0
      if (state.sideFree) {
        const mask = state.sideFree[2 * t + side] ?? 0
        freeSide[0] = mask
        for (let w = mask; w; w &= w - 1) m++
      } else {
        freeSide.fill(0)
        for (let c = 0; c < cells.length; c++)
          if (state.free(cells[c] ?? 0)) {
            m++
            freeSide[c >> 5] = ((freeSide[c >> 5] ?? 0) | (1 << (c & 31))) >>> 0
          }
      }
      const byCells = this.memo && cells.length <= 32 ? this.seen[2 * t + side] : undefined
      const outer = need * 2 ** 32 + (freeSide[0] ?? 0)
      // Only the items with values for this side count, the one being laid only if it has.
      const mine = this.relevant[2 * t + side] ?? 0
      const own = from >= 0 && (mine & (2 ** from)) !== 0
      const inner = ((((left & mine) >>> 0) * 32 + (own ? from + 1 : 0)) * 8 + (own ? done : 0)) * 64 + (own ? lastRow : 0)
      let memo = byCells?.get(outer)
      const known = memo?.get(inner)
      if (known === true) continue
      if (known === false) return false
      state.tick()
      if (!row) m = 0
      const words = (need >> 5) + 1
      for (let k = 0; k <= m; k++) reach.fill(0, k * WORDS, k * WORDS + words)
      reach[0] = 1
      let item = -1
      for (const o of this.options[t]?.[side] ?? []) {
        if (o.item === from ? o.q < done || (done > 0 && !state.near(o.item, o.q, cells, done, lastRow)) : state.placed[o.item] || !this.fits(o.mask)) continue
        if (!row) {
          shiftOr(reach, 0, reach, 0, o.v, words)
          continue
        }
        if (o.item !== item) {
          item = o.item
          for (let k = 0; k < m; k++) for (let w = 0; w < words; w++) prior[k * WORDS + w] = reach[k * WORDS + w] ?? 0
        }
        for (let k = m - 1; k >= 0; k--) shiftOr(reach, (k + 1) * WORDS, prior, k * WORDS, o.v, words)
      }
      let hit = false
      for (let k = 0; k <= m && !hit; k++) hit = !!(((reach[k * WORDS + (need >> 5)] ?? 0) >>> (need & 31)) & 1)
      if (byCells) {
        if (!memo) byCells.set(outer, (memo = new Map()))
        memo.set(inner, hit)
      }
      if (!hit) {
        // The identity that failed is tested first next time.
        tests[q] = tests[0] ?? 0
        tests[0] = t
        return false
      }
    }
    return true
  }

  private fits(mask: Uint32Array): boolean {
    for (let i = 0; i < mask.length; i++) if ((mask[i] ?? 0) & (this.freeSide[i] ?? 0)) return true
    return false
  }
}

/** dst[d..] |= src[o..] << v over the first `words` words (from the top down: each value once). */
function shiftOr(dst: Uint32Array, d: number, src: Uint32Array, o: number, v: number, words: number): void {
  const w = v >> 5
  const b = v & 31
  for (let i = words - 1; i >= w; i--) {
    const lo = src[o + i - w] ?? 0
    const hi = b && i - w > 0 ? (src[o + i - w - 1] ?? 0) >>> (32 - b) : 0
    dst[d + i] = ((dst[d + i] ?? 0) | (lo << b) | hi) >>> 0
  }
}
