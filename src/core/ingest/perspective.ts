import { apply, cross, inverse, mul, smallestEigenvector, type Mat3, type Vec3 } from './mat3'
import { bilinear, binarize, type Gray } from './raster'

/** A table rule fitted as a straight line: `across = slope * along + offset`, over [from, to] along. */
interface FittedRule {
  slope: number
  offset: number
  from: number
  to: number
}

/**
 * A phone photo of a page: the paper is seen at an angle, so its table rules are neither level
 * nor parallel (the horizontal ones meet far off to one side, the vertical ones above or below)
 * and the vertical rules lean against the horizontal ones. Cell crops cut along a slanted rule
 * keep a sliver of it, and a rule leaning across several pixels breaks into pieces the grid
 * finder cannot join. This fits each long rule as a line with its own angle, finds the two
 * points where each family meets (vanishing points), and warps the page by the homography that
 * makes both families level and upright again.
 *
 * Returns the image unchanged (and no homography) when the rules are parallel and square (flat
 * scans, rendered PDF pages: plain rotation is left to the deskew step). `ink` is `binarize(g)`,
 * passed in by a caller that has it. Output has the input's size, with the local
 * scale kept at the tables' centre so text keeps its size in pixels.
 */
export function rectify(g: Gray, ink: Uint8Array = binarize(g)): { image: Gray; homography?: Mat3 } {
  const h = homography(g, ink)
  return h ? { image: evenLight(warp(g, h)), homography: h } : { image: g }
}

/** Paper from which ink is measured: over this share of the local background is paper. */
const PAPER = 0.92

/**
 * A photo's gray levels made like a scan's: each pixel divided by the local paper tone (the
 * brightest pixel within a stroke's reach, so shading and vignetting go), then stretched so the
 * typical ink is black. Phone photos print digits in soft gray with blurred edges, which the
 * digits pass read as 4, 目 or nothing (a lone 0) and read right once so stretched.
 */
function evenLight(g: Gray): Gray {
  const { width: w, height: h, data } = g
  // Wider than a stroke (3-4 px at 150 dpi), narrower than the paper inside a 0.
  const reach = Math.max(4, Math.round(w / 200))
  const across = new Uint8Array(w * h)
  const paper = new Uint8Array(w * h)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let m = 0
      for (let k = Math.max(0, x - reach), end = Math.min(w - 1, x + reach); k <= end; k++) m = Math.max(m, data[y * w + k]!)
      across[y * w + x] = m
    }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let m = 0
      for (let k = Math.max(0, y - reach), end = Math.min(h - 1, y + reach); k <= end; k++) m = Math.max(m, across[k * w + x]!)
      paper[y * w + x] = Math.max(1, m)
    }
  const inks: number[] = []
  for (let i = 0; i < data.length; i += 7) {
    const r = data[i]! / paper[i]!
    if (r < 0.8) inks.push(r)
  }
  inks.sort((a, b) => a - b)
  const ink = Math.min(0.75, Math.max(0.2, inks[inks.length >> 1] ?? 0.5))
  const out = new Uint8Array(w * h)
  for (let i = 0; i < data.length; i++) out[i] = Math.max(0, Math.min(255, Math.round((255 * (data[i]! / paper[i]! - ink)) / (PAPER - ink))))
  return { width: w, height: h, data: out }
}

/** Below this many pixels of non-rigid displacement anywhere on the tables, a warp is not worth it. */
const MIN_SHIFT = 1.5

/** The pixel homography (source to output), or undefined when the page needs no warp. */
function homography(g: Gray, ink: Uint8Array): Mat3 | undefined {
  const { width: w, height: h } = g
  // Body text is about 1/65 of an A4 page's width high: runs over 1.5 em are rules, not strokes.
  const run = Math.round((1.5 * w) / 65)
  const families = (join: number): [FittedRule[], FittedRule[]] => {
    const allH = fitRules(g, ink, true, run, Math.round(w / 6), join)
    const allV = fitRules(g, ink, false, run, Math.round(h / 25), join)
    return [inTables(allH, allV, run), inTables(allV, allH, run)]
  }
  // A page turned more than ~4° steps its rules too often for runs on two scanlines: runs are
  // taken again over five (only then, as text near a rule can join it over five).
  let [hs, vs] = families(1)
  if (hs.length < 3 || vs.length < 3) [hs, vs] = families(4)
  if (hs.length < 3 || vs.length < 3) return undefined
  // Normalised coordinates (centre 0, half-diagonal 1) keep the eigen problems well conditioned.
  const s = Math.hypot(w, h) / 2
  const c: [number, number] = [w / 2, h / 2]
  const hl = hs.map((r) => normLine(r, true, s, c))
  const vl = vs.map((r) => normLine(r, false, s, c))
  const v1 = vanishing(hl)
  const v2 = vanishing(vl)
  if (!v1 || !v2) return undefined
  // The rectified frame maps the line through both vanishing points to infinity.
  const inf = cross(v1.point, v2.point)
  if (Math.abs(inf[2]) < 1e-9 || Math.hypot(inf[0], inf[1]) / Math.abs(inf[2]) > 0.8) return undefined
  const l: Vec3 = [inf[0] / inf[2], inf[1] / inf[2], 1]
  const d1 = orient([v1.point[0], v1.point[1]], 0)
  const d2 = orient([v2.point[0], v2.point[1]], 1)
  const det = d1[0] * d2[1] - d2[0] * d1[1]
  if (Math.abs(det) < 1e-6) return undefined
  const m = [
    [d2[1] / det, -d2[0] / det],
    [-d1[1] / det, d1[0] / det]
  ]
  // Keep the scale along each family at the tables' centre, and that centre where it was.
  const kept = [...v1.lines.map((i) => hs[i]!), ...v2.lines.map((i) => vs[i]!)]
  const keptHorizontal = kept.map((_, i) => i < v1.lines.length)
  const centre = tablesCentre(v1.lines.map((i) => hs[i]!), v2.lines.map((i) => vs[i]!), s, c)
  const f = (u: [number, number]): [number, number] => {
    const q = l[0] * u[0] + l[1] * u[1] + 1
    const x = u[0] / q, y = u[1] / q
    return [m[0]![0]! * x + m[0]![1]! * y, m[1]![0]! * x + m[1]![1]! * y]
  }
  const step = 1e-3
  const along = (v: Vec3): number => {
    const dir = normalise([v[0] - centre[0] * v[2], v[1] - centre[1] * v[2]])
    const a = f(centre)
    const b = f([centre[0] + step * dir[0], centre[1] + step * dir[1]])
    return Math.hypot(b[0] - a[0], b[1] - a[1]) / step
  }
  const sx = 1 / along(v1.point)
  const sy = 1 / along(v2.point)
  const fc = f(centre)
  const norm: Mat3 = [
    [sx * m[0]![0]!, sx * m[0]![1]!, centre[0] - sx * fc[0]],
    [sy * m[1]![0]!, sy * m[1]![1]!, centre[1] - sy * fc[1]],
    [0, 0, 1]
  ]
  const hn = mul(norm, [
    [1, 0, 0],
    [0, 1, 0],
    [l[0], l[1], 1]
  ])
  // Back to pixels: p = s·u + c.
  const toPx: Mat3 = [
    [s, 0, c[0]],
    [0, s, c[1]],
    [0, 0, 1]
  ]
  const fromPx: Mat3 = [
    [1 / s, 0, -c[0] / s],
    [0, 1 / s, -c[1] / s],
    [0, 0, 1]
  ]
  const hp = mul(toPx, mul(hn, fromPx))
  return nonRigidShift(hp, kept, keptHorizontal) >= MIN_SHIFT ? hp : undefined
}

/**
 * Rules as fitted lines, each with its own angle: `horizontal` gives y = slope·x + offset, else
 * x = slope·y + offset. A pixel is rule ink when it lies in a long run along the axis once each
 * scanline is joined with the `join` next ones (a slanted thin rule steps a scanline every few
 * dozen pixels); connected pieces of such ink are one rule each, fitted by least squares on their
 * column means.
 */
function fitRules(g: Gray, ink: Uint8Array, horizontal: boolean, minRun: number, minLen: number, join: number): FittedRule[] {
  const { width: w, height: h } = g
  const lines = horizontal ? h : w
  const len = horizontal ? w : h
  // Ink read in place along either axis: `line` steps by `ls`, a position along it by `ps`.
  const ls = horizontal ? w : 1
  const ps = horizontal ? 1 : w
  const at = (line: number, i: number): number => ink[line * ls + i * ps]!
  // Long runs, in scanline order; a run's own ink is what counts as the rule's.
  const runs: { line: number; from: number; to: number }[] = []
  const firstOfLine = new Int32Array(lines + 1)
  for (let line = 0; line < lines; line++) {
    firstOfLine[line] = runs.length
    const base = line * ls
    const span = Math.min(join, lines - 1 - line) * ls
    // A run of at least minRun covers the probe minRun - 1 ahead of where it may start: most
    // scanlines are passed over a probe at a time (position i - 1 is never ink here).
    for (let i = 0; i + minRun <= len; ) {
      const probe = i + minRun - 1
      if (!anyInk(ink, base + probe * ps, span, ls)) {
        i = probe + 1
        continue
      }
      let gap = probe - 1
      while (gap >= i && anyInk(ink, base + gap * ps, span, ls)) gap--
      if (gap >= i) {
        i = gap + 1
        continue
      }
      let end = probe + 1
      while (end < len && anyInk(ink, base + end * ps, span, ls)) end++
      runs.push({ line, from: i, to: end })
      i = end + 1
    }
  }
  firstOfLine[lines] = runs.length
  // Runs on neighbouring scanlines that touch (diagonals too) are one rule.
  const parent = runs.map((_, i) => i)
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!
    return i
  }
  for (let line = 1; line < lines; line++)
    for (let a = firstOfLine[line - 1]!; a < firstOfLine[line]!; a++)
      for (let b = firstOfLine[line]!; b < firstOfLine[line + 1]!; b++)
        if (runs[a]!.from <= runs[b]!.to && runs[b]!.from <= runs[a]!.to) parent[root(b)] = root(a)
  const groups = new Map<number, number[]>()
  runs.forEach((_, i) => {
    const r = root(i)
    const list = groups.get(r)
    if (list) list.push(i)
    else groups.set(r, [i])
  })
  const out: FittedRule[] = []
  const sums = new Float64Array(len)
  const counts = new Uint32Array(len)
  for (const group of groups.values()) {
    if (Math.max(...group.map((i) => runs[i]!.to)) - Math.min(...group.map((i) => runs[i]!.from)) <= minLen) continue
    let from = len, to = -1
    for (const k of group) {
      const { line, from: a, to: b } = runs[k]!
      for (let i = a; i < b; i++) {
        if (!at(line, i)) continue
        sums[i]! += line
        counts[i]!++
        if (i < from) from = i
        if (i > to) to = i
      }
    }
    // Column means of the rule's ink, fitted by least squares.
    const cols: [number, number][] = []
    for (let i = from; i <= to; i++) {
      if (!counts[i]) continue
      cols.push([i, sums[i]! / counts[i]!])
      sums[i] = 0
      counts[i] = 0
    }
    if (to - from < minLen || cols.length < 2) continue
    out.push({ ...refine(g, horizontal, lineFit(cols), cols.map((p) => p[0])), from, to })
  }
  return out
}

/** Whether position o of a scanline joined with the next span / step ones holds ink: any of them does. */
function anyInk(ink: Uint8Array, o: number, span: number, step: number): boolean {
  for (let end = o + span; o <= end; o += step) if (ink[o]) return true
  return false
}

/**
 * The rules that cross at least three of the other family within their extents (`slack` pixels
 * allowed past the ends): table rules do, the paper's edges in a photo (which need not follow the
 * page's own perspective) cross only each other.
 */
function inTables(rules: FittedRule[], others: FittedRule[], slack: number): FittedRule[] {
  return rules.filter((r) => {
    let n = 0
    for (const o of others) {
      // r: across = a·along + b; o (the other axis): along = c·across + d.
      const across = (r.slope * o.offset + r.offset) / (1 - r.slope * o.slope)
      const along = o.slope * across + o.offset
      if (along >= r.from - slack && along <= r.to + slack && across >= o.from - slack && across <= o.to + slack) n++
    }
    return n >= 3
  })
}

function lineFit(points: [number, number][]): { slope: number; offset: number } {
  let sx = 0, sy = 0, sxx = 0, sxy = 0
  for (const [x, y] of points) {
    sx += x
    sy += y
    sxx += x * x
    sxy += x * y
  }
  const n = points.length
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)
  return { slope, offset: (sy - slope * sx) / n }
}

/**
 * The rule's line again from the gray levels: the darkness centroid across the rule at each of
 * its scanlines places it to a fraction of a pixel, where the binarized ink is ±1 px (a short
 * table rule's angle from ink alone was off by up to 0.5°).
 */
function refine(g: Gray, horizontal: boolean, rough: { slope: number; offset: number }, along: number[]): { slope: number; offset: number } {
  const { width: w, height: h, data } = g
  const reach = 4
  const points: [number, number][] = []
  for (const t of along) {
    const mid = Math.round(rough.slope * t + rough.offset)
    if (mid - reach < 0 || mid + reach >= (horizontal ? h : w)) continue
    let paper = 0
    for (let k = mid - reach; k <= mid + reach; k++) paper = Math.max(paper, horizontal ? data[k * w + t]! : data[t * w + k]!)
    let sum = 0, at = 0
    for (let k = mid - reach; k <= mid + reach; k++) {
      const dark = paper - (horizontal ? data[k * w + t]! : data[t * w + k]!)
      sum += dark
      at += dark * k
    }
    if (sum > 0) points.push([t, at / sum])
  }
  return points.length >= 2 ? lineFit(points) : rough
}

/** A rule as a homogeneous line in normalised coordinates, scaled so l·p is a distance, plus its weight. */
interface NormLine {
  l: Vec3
  mid: [number, number]
  dir: [number, number]
  len: number
}

function normLine(r: FittedRule, horizontal: boolean, s: number, c: [number, number]): NormLine {
  const a = (t: number): [number, number] => {
    const across = r.slope * t + r.offset
    return horizontal ? [(t - c[0]) / s, (across - c[1]) / s] : [(across - c[0]) / s, (t - c[1]) / s]
  }
  const p = a(r.from)
  const q = a(r.to)
  const dir = normalise([q[0] - p[0], q[1] - p[1]])
  const l = cross([p[0], p[1], 1], [q[0], q[1], 1])
  const k = Math.hypot(l[0], l[1])
  return { l: [l[0] / k, l[1] / k, l[2] / k], mid: [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2], dir, len: Math.hypot(q[0] - p[0], q[1] - p[1]) }
}

/**
 * The point (homogeneous, unit length; at infinity when the lines are parallel) the lines meet
 * at, by weighted least squares, refitted without lines that miss it by more than a small angle
 * (a paper edge, a text underline, a rule bent by the paper's curl).
 */
function vanishing(lines: NormLine[]): { point: Vec3; lines: number[] } | undefined {
  let use = lines.map((_, i) => i)
  let point: Vec3 | undefined
  for (let pass = 0; pass < 3; pass++) {
    if (use.length < 3) return undefined
    const a: Mat3 = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0]
    ]
    for (const i of use) {
      const { l, len } = lines[i]!
      // Long rules pin the angle best (its error falls as length^-1.5).
      const wt = len * len
      for (let r = 0; r < 3; r++) for (let k = 0; k < 3; k++) a[r]![k]! += wt * l[r]! * l[k]!
    }
    point = smallestEigenvector(a)
    const p = point
    const miss = (i: number): number => {
      const { mid, dir } = lines[i]!
      const to = normalise([p[0] - mid[0] * p[2], p[1] - mid[1] * p[2]])
      return Math.abs(dir[0] * to[1] - dir[1] * to[0])
    }
    const kept = lines.map((_, i) => i).filter((i) => miss(i) < 0.004)
    if (kept.length === use.length && kept.every((i, k) => use[k] === i)) break
    use = kept
  }
  return point && use.length >= 3 ? { point, lines: use } : undefined
}

/** Centre of the tables: the middle of the kept rules' extent, in normalised coordinates. */
function tablesCentre(hs: FittedRule[], vs: FittedRule[], s: number, c: [number, number]): [number, number] {
  const x0 = Math.min(...hs.map((r) => r.from)), x1 = Math.max(...hs.map((r) => r.to))
  const y0 = Math.min(...vs.map((r) => r.from)), y1 = Math.max(...vs.map((r) => r.to))
  return [((x0 + x1) / 2 - c[0]) / s, ((y0 + y1) / 2 - c[1]) / s]
}

/**
 * How far the homography moves the rules' end points beyond what one rotation, shift and scale
 * would: a flat scan's rules need at most a rotation, which the deskew step does itself.
 */
function nonRigidShift(hp: Mat3, rules: FittedRule[], horizontal: boolean[]): number {
  const src: [number, number][] = rules.flatMap((r, i) =>
    [r.from, r.to].map((t): [number, number] => (horizontal[i] ? [t, r.slope * t + r.offset] : [r.slope * t + r.offset, t]))
  )
  const dst = src.map((p) => apply(hp, p))
  // Least-squares similarity q = [a -b; b a]·p + t, on centred points.
  const mean = (ps: [number, number][]): [number, number] => [ps.reduce((s, p) => s + p[0], 0) / ps.length, ps.reduce((s, p) => s + p[1], 0) / ps.length]
  const ms = mean(src), md = mean(dst)
  let sa = 0, sb = 0, ss = 0
  src.forEach((p, i) => {
    const x = p[0] - ms[0], y = p[1] - ms[1]
    const u = dst[i]![0] - md[0], v = dst[i]![1] - md[1]
    sa += x * u + y * v
    sb += x * v - y * u
    ss += x * x + y * y
  })
  const a = sa / ss, b = sb / ss
  return Math.max(
    ...src.map((p, i) => {
      const x = p[0] - ms[0], y = p[1] - ms[1]
      return Math.hypot(a * x - b * y + md[0] - dst[i]![0], b * x + a * y + md[1] - dst[i]![1])
    })
  )
}

/** The output image: each pixel sampled (bilinear) where the inverse homography puts it; off the source is white. */
function warp(g: Gray, hp: Mat3): Gray {
  const { width: w, height: h } = g
  const inv = inverse(hp)
  const out = new Uint8Array(w * h)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const z = inv[2][0] * x + inv[2][1] * y + inv[2][2]
      out[y * w + x] = bilinear(g, (inv[0][0] * x + inv[0][1] * y + inv[0][2]) / z, (inv[1][0] * x + inv[1][1] * y + inv[1][2]) / z)
    }
  }
  return { width: w, height: h, data: out }
}

function orient(d: [number, number], axis: 0 | 1): [number, number] {
  return d[axis] < 0 ? [-d[0], -d[1]] : d
}

function normalise(d: [number, number]): [number, number] {
  const k = Math.hypot(d[0], d[1]) || 1
  return [d[0] / k, d[1] / k]
}
