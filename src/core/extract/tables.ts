// Table reconstruction: align the template's rows, in order, with the value groups of the text
// (a monotone alignment scored by label similarity and column fit), then place each group's
// values; table 四 is found after table 三 as one wide row of fifteen values.
import type { TemplateId } from '../../shared/templates'
import type { Identity } from '../check/identities'
import type { Ambiguous, Drafts } from './draft'
import type { FieldStream, Group } from './fields'
import { groupContexts, labelSimilarity } from './label-match'
import { normLabel } from './normalize'
import { placeGroup, trimSlots } from './placement'
import { reviewKeys, rowSpecs, type RowSpec } from './rows'
import { digitSplits } from './split'

const MIN_SIM = 0.5
const SURE_SIM = 0.75

function fit(row: RowSpec, g: Group): number {
  const n = row.keys.length
  const l = trimSlots(g.slots, n).length
  if (g.slots.length === 1 && g.slots[0]?.run) return 0.1
  if (l === n) return 0.2
  if (l > n) return -0.25
  return n - l <= 2 ? -0.1 * (n - l) : -0.45
}

export interface Reconstruction {
  drafts: Drafts
  ambiguous: Ambiguous[]
  /** Template rows (tables 一 to 三) matched to printed values. */
  matchedRows: number
  requestRows: number
  /** The group each template row (rowSpecs order) was matched to. */
  match: (number | undefined)[]
}

// Orders that hold inside a row whatever the report: the published total includes this year's.
const AT_LEAST: [string, string][] = [['item20_1', 'total_published>=new_published']]

/** Identities (and orders) whose every term lies in the row: used to prune digit splits early. */
function internalCheck(keys: string[], ids: Identity[]): (vals: number[]) => boolean {
  const pos = new Map(keys.map((k, i) => [k, i]))
  const own = ids.filter((id) => [...id.lhs, ...id.rhs].every((t) => pos.has(t.key)))
  const col = (suffix: string): number => keys.findIndex((k) => k.endsWith(`/${suffix}`))
  const orders = AT_LEAST.filter(([table]) => keys[0]?.startsWith(`${table}/`))
    .map(([, rule]) => rule.split('>=').map(col))
    .filter(([a = -1, b = -1]) => a >= 0 && b >= 0)
  return (vals) =>
    own.every((id) => {
      const sum = (ts: typeof id.lhs): number => ts.reduce((s, t) => s + (vals[pos.get(t.key) ?? 0] ?? 0), 0)
      return sum(id.lhs) === sum(id.rhs)
    }) && orders.every(([a = 0, b = 0]) => (vals[a] ?? 0) >= (vals[b] ?? 0))
}

function place(keys: string[], g: Group, ids: Identity[], drafts: Drafts, amb: Ambiguous[], doubt?: string): void {
  const only = g.slots[0]
  if (g.slots.length === 1 && only?.run && keys.length > 1) {
    const signed = new Set(keys.flatMap((k, i) => (/\/change$/.test(k) ? [i] : [])))
    const candidates = digitSplits(only.text, keys.length, internalCheck(keys, ids), signed)
    if (candidates.length)
      amb.push({ keys, candidates, kind: 'flat', raw: only.text, start: only.start, end: only.end })
    else for (const k of keys) drafts.set(k, { value: null, status: 'missing', raw: only.text, start: only.start, end: only.end, reason: '连写数字无法拆分' })
    return
  }
  placeGroup(keys, g, drafts, amb, doubt)
}

export function reconstruct(stream: FieldStream, template: TemplateId, ids: Identity[]): Reconstruction {
  const rows = rowSpecs(template)
  const groups = stream.groups
  const ctx = groupContexts(stream)
  const n = rows.length
  const m = groups.length
  const sims: number[][] = rows.map((row) => ctx.map((c) => labelSimilarity(row, c)))
  const score: number[][] = rows.map((row, i) =>
    groups.map((g, j) => {
      const sim = sims[i]?.[j] ?? 0
      return sim < MIN_SIM ? -1 : sim + fit(row, g)
    })
  )
  // A row printed as a short group on its label's line and the rest one value per line just
  // below (pdftotext of a browser PDF: "一、本年新收… 29 4" / 1 / 1 / 1 / 3 / 39) can take both.
  const pairScore = (i: number, j: number): number => {
    const row = rows[i]
    const a = groups[j]
    const b = groups[j + 1]
    const sim = sims[i]?.[j] ?? 0
    if (!row || !a || !b || sim < MIN_SIM || a.slots.length >= row.keys.length) return -1
    return a.slots.length + b.slots.length === row.keys.length && !a.slots[0]?.run ? sim + 0.2 : -1
  }
  // best[i][j]: best total aligning the first i rows with the first j groups; how[i][j]: the
  // step taken there (0 skip the row, 1 skip the group, 2 one group, 3 two groups).
  const best: Float64Array[] = Array.from({ length: n + 1 }, () => new Float64Array(m + 1))
  const how: Uint8Array[] = Array.from({ length: n + 1 }, () => new Uint8Array(m + 1))
  for (let i = 1; i <= n; i++) {
    const bi = best[i] as Float64Array
    const hi = how[i] as Uint8Array
    const prev = best[i - 1] as Float64Array
    const si = score[i - 1] as number[]
    for (let j = 1; j <= m; j++) {
      const s = si[j - 1] ?? -1
      const pair = j >= 2 ? pairScore(i - 1, j - 2) : -1
      const steps = [
        prev[j] ?? 0,
        bi[j - 1] ?? 0,
        s > 0.3 ? (prev[j - 1] ?? 0) + s : -Infinity,
        pair > 0.3 ? (prev[j - 2] ?? 0) + pair : -Infinity
      ]
      let k = 0
      for (let t = 1; t < steps.length; t++) if ((steps[t] ?? -Infinity) > (steps[k] ?? -Infinity)) k = t
      bi[j] = steps[k] ?? 0
      hi[j] = k
    }
  }
  const match: (number | undefined)[] = new Array(n)
  const paired = new Set<number>()
  for (let i = n, j = m; i > 0 && j > 0; ) {
    const k = how[i]?.[j] ?? 0
    if (k === 0) i--
    else if (k === 1) j--
    else {
      match[i - 1] = j - k + 1
      if (k === 3) paired.add(i - 1)
      i--
      j -= k - 1
    }
  }
  const drafts: Drafts = new Map()
  const ambiguous: Ambiguous[] = []
  let matchedRows = 0
  let requestRows = 0
  let lastGroup = -1
  const used = new Set(match.flatMap((j, i) => (j === undefined ? [] : paired.has(i) ? [j, j + 1] : [j])))
  rows.forEach((row, i) => {
    const j = match[i]
    let g = j === undefined ? undefined : groups[j]
    if (j === undefined || !g) return
    // pdftotext wraps a row whose label wraps: "1.本机关不掌握相关政 1" / "理结  0 0 0 0 0 1".
    const next = groups[j + 1]
    const n = row.keys.length
    if (next && (paired.has(i) || !used.has(j + 1)) && g.slots.length < n && g.slots.length + next.slots.length === n) {
      g = { slots: [...g.slots, ...next.slots], first: g.first, last: next.last }
      used.add(j + 1)
    }
    matchedRows++
    if (row.table === 'requests') requestRows++
    lastGroup = Math.max(lastGroup, j)
    const sim = sims[i]?.[j] ?? 0
    place(row.keys, g, ids, drafts, ambiguous, sim < SURE_SIM ? '行标签与模板不完全一致' : undefined)
  })
  placeReview(template, stream, lastGroup, ids, drafts, ambiguous)
  return { drafts, ambiguous, matchedRows, requestRows, match }
}

const REVIEW_WORDS = /复议|诉讼|审结|维持|纠正/

function placeReview(
  template: TemplateId,
  stream: FieldStream,
  after: number,
  ids: Identity[],
  drafts: Drafts,
  amb: Ambiguous[]
): void {
  const keys = reviewKeys(template)
  const { fields, groups } = stream
  for (let j = after + 1; j < groups.length; j++) {
    const g = groups[j]
    if (!g) continue
    let header = ''
    for (let i = g.first - 1, seen = 0; i >= 0 && seen < 12; i--) {
      const f = fields[i]
      if (!f || f.kind !== 'text') break
      header = normLabel(f.text) + header
      seen++
    }
    const isRun = g.slots.length === 1 && g.slots[0]?.run
    if (!REVIEW_WORDS.test(header) || (!isRun && g.slots.length < keys.length - 2)) continue
    place(keys, g, ids, drafts, amb)
    return
  }
}
