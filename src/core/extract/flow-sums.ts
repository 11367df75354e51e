// The identities over a table's cells as running sums, for the flow search (flows.ts): per side
// the sum of the cells decided, how many are not, and what those could still add at most (their
// ceilings). A cell is decided and undecided in place, so the search goes back without copying.

/** An identity over cells (row * cols + column): the sum of `lhs` equals the sum of `rhs`. */
export interface CellSum {
  lhs: number[]
  rhs: number[]
}

const EPS = 1e-6
/** A ceiling for cells no identity bounds. */
const BIG = 1e9

export class FlowSums {
  readonly count: number
  /** Per cell: the most it can hold (an identity with one side printed in full bounds the other's cells). */
  readonly ceil: Float64Array
  /** Per identity, left and right: the decided sum, the undecided cells, their ceilings summed. */
  readonly sl: Float64Array
  readonly sr: Float64Array
  readonly ul: Int32Array
  readonly ur: Int32Array
  readonly cl: Float64Array
  readonly cr: Float64Array
  /** Per identity, each side's cells still to fill. */
  readonly sides: (readonly [number[], number[]])[]
  /** Each cell's identities, s for the left side and ~s for the right, flat from ofStart. */
  readonly ofStart: Int32Array
  readonly ofCell: Int32Array
  /** Cells whose value is decided ahead of what fills them (NaN: none). */
  readonly wanted: Float64Array
  // What a cell may hold, worked out once per change of state (see room).
  private readonly spanLo: Float64Array
  private readonly spanHi: Float64Array
  private readonly spanAt: Int32Array
  private epoch = 0

  constructor(n: number, open: Uint8Array, fixed: (number | null | undefined)[], sums: CellSum[]) {
    const S = sums.length
    this.count = S
    this.ceil = new Float64Array(n).fill(BIG)
    for (const sum of sums)
      for (const [one, other] of [
        [sum.lhs, sum.rhs],
        [sum.rhs, sum.lhs]
      ] as const) {
        if (one.some((x) => open[x])) continue
        const total = one.reduce((a, x) => a + (fixed[x] ?? 0), 0) - other.reduce((a, x) => a + (open[x] ? 0 : (fixed[x] ?? 0)), 0)
        for (const x of other) if (open[x]) this.ceil[x] = Math.min(this.ceil[x] ?? BIG, total)
      }
    this.sl = new Float64Array(S)
    this.sr = new Float64Array(S)
    this.ul = new Int32Array(S)
    this.ur = new Int32Array(S)
    this.cl = new Float64Array(S)
    this.cr = new Float64Array(S)
    const lists: number[][] = Array.from({ length: n }, () => [])
    sums.forEach((sum, s) => {
      for (const [cells, left] of [
        [sum.lhs, true],
        [sum.rhs, false]
      ] as const)
        for (const x of cells) {
          const [u, c, d] = left ? [this.ul, this.cl, this.sl] : [this.ur, this.cr, this.sr]
          if (open[x]) {
            u[s] = (u[s] ?? 0) + 1
            c[s] = (c[s] ?? 0) + (this.ceil[x] ?? BIG)
            lists[x]?.push(left ? s : ~s)
          } else d[s] = (d[s] ?? 0) + (fixed[x] ?? 0)
        }
    })
    this.sides = sums.map((sum) => [sum.lhs.filter((x) => open[x]), sum.rhs.filter((x) => open[x])] as const)
    this.ofStart = new Int32Array(n + 1)
    lists.forEach((l, x) => (this.ofStart[x + 1] = (this.ofStart[x] ?? 0) + l.length))
    this.ofCell = Int32Array.from(lists.flat())
    this.wanted = new Float64Array(n).fill(NaN)
    this.spanLo = new Float64Array(n)
    this.spanHi = new Float64Array(n)
    this.spanAt = new Int32Array(n).fill(-1)
  }

  /** Identity s can still hold: undecided cells add at least zero and at most their ceilings. */
  feasible(s: number): boolean {
    const l = this.sl[s] ?? 0
    const r = this.sr[s] ?? 0
    if (!this.ul[s] && !this.ur[s]) return Math.abs(l - r) < EPS
    return r <= l + (this.cl[s] ?? 0) + EPS && l <= r + (this.cr[s] ?? 0) + EPS
  }

  /** The side of identity s still short of the other (0 left, 1 right; -1: none), the other side's cells all decided. */
  short(s: number): number {
    const a = this.ul[s] ?? 0
    const b = this.ur[s] ?? 0
    if (!a === !b) return -1
    const need = a ? (this.sr[s] ?? 0) - (this.sl[s] ?? 0) : (this.sl[s] ?? 0) - (this.sr[s] ?? 0)
    return need > EPS ? (a ? 0 : 1) : -1
  }

  /** Decides x as v, or undecides it (sign -1); whether every identity of x can still hold. */
  decide(x: number, v: number, sign: number): boolean {
    let ok = true
    const c = this.ceil[x] ?? 0
    for (let i = this.ofStart[x] ?? 0, e = this.ofStart[x + 1] ?? 0; i < e; i++) {
      const t = this.ofCell[i] ?? 0
      if (t >= 0) {
        this.sl[t] = (this.sl[t] ?? 0) + sign * v
        this.ul[t] = (this.ul[t] ?? 0) - sign
        this.cl[t] = (this.cl[t] ?? 0) - sign * c
        if (!this.feasible(t)) ok = false
      } else {
        this.sr[~t] = (this.sr[~t] ?? 0) + sign * v
        this.ur[~t] = (this.ur[~t] ?? 0) - sign
        this.cr[~t] = (this.cr[~t] ?? 0) - sign * c
        if (!this.feasible(~t)) ok = false
      }
    }
    return ok
  }

  /** Something was decided or undecided: what cells may hold is to be worked out again. */
  changed(): void {
    this.epoch++
  }

  /** Whether v could go at x as far as x's identities go (nothing changed). */
  room(x: number, v: number): boolean {
    if (this.spanAt[x] !== this.epoch) this.span(x)
    return v > (this.spanLo[x] ?? 0) - EPS && v < (this.spanHi[x] ?? 0) + EPS
  }

  /** Each identity leaves x an interval (the other undecided cells adding 0 up to their ceilings); x's is their meet. */
  private span(x: number): void {
    this.spanAt[x] = this.epoch
    const w = this.wanted[x] ?? NaN
    if (w === w) {
      this.spanLo[x] = this.spanHi[x] = w
      return
    }
    const c = this.ceil[x] ?? 0
    let lo = -Infinity
    let hi = Infinity
    for (let i = this.ofStart[x] ?? 0, e = this.ofStart[x + 1] ?? 0; i < e; i++) {
      const t = this.ofCell[i] ?? 0
      const s = t >= 0 ? t : ~t
      const left = t >= 0
      // x's side: its sum, undecided cells and their ceilings; the other side's sum and ceilings.
      const mine = (left ? this.sl[s] : this.sr[s]) ?? 0
      const theirs = (left ? this.sr[s] : this.sl[s]) ?? 0
      const u = (left ? this.ul[s] : this.ur[s]) ?? 0
      const ou = (left ? this.ur[s] : this.ul[s]) ?? 0
      const cu = (left ? this.cl[s] : this.cr[s]) ?? 0
      const co = (left ? this.cr[s] : this.cl[s]) ?? 0
      if (u === 1 && !ou) {
        lo = Math.max(lo, theirs - mine)
        hi = Math.min(hi, theirs - mine)
      } else {
        lo = Math.max(lo, theirs - mine - (cu - c))
        hi = Math.min(hi, theirs + co - mine)
      }
    }
    this.spanLo[x] = lo
    this.spanHi[x] = hi
  }
}
