// Tables whose cells pdftotext prints one per line in row order, with the row labels elsewhere
// (LibreOffice PDFs: every cell, zeros included, but the label column flows apart from the
// values). When the count of values between a table's heading and the next one is exactly the
// table's cell count, they fill it row by row; the identities then confirm the reading.
import { TEMPLATES, cellKey, type CellKey, type TemplateId } from '../../shared/templates'
import { SUB_ROWS, type Identity } from '../check/identities'
import type { Drafts } from './draft'
import type { Field } from './fields'

interface Zone {
  table: string
  start: RegExp
  end: RegExp
}

const NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

function zones(template: TemplateId): Zone[] {
  const item20 = TEMPLATES[template].tables
    .map((t) => ({ t, n: Number(/^item20_(\d+)$/.exec(t.id)?.[1]) }))
    .filter(({ n }) => n > 0)
    .map(({ t, n }) => ({
      table: t.id,
      start: new RegExp(`第二十条第[（(]${NUMERALS[n] ?? ''}[)）]项`),
      end: /第二十条第|收到和处理政府信息公开申请/
    }))
  return [
    ...item20,
    { table: 'requests', start: /收到和处理政府信息公开申请/, end: /行政复议、行政诉讼/ },
    { table: 'review', start: /行政复议、行政诉讼/, end: /存在的主要问题|[五六]、/ }
  ]
}

export const UNCONFIRMED = '数值按行序读出，无勾稽关系可核'

/** Row orders the table may be printed in: 2021 reports print either （六） or its sub-rows. */
function rowOrders(template: TemplateId, table: string): CellKey[][] {
  const t = TEMPLATES[template].tables.find((x) => x.id === table)
  if (!t) return []
  const keysOf = (rows: string[]): CellKey[] => rows.flatMap((r) => t.columns.map((c) => cellKey(table, r, c.id)))
  const all = t.rows.map((r) => r.id)
  const orders = [all]
  if (all.includes(SUB_ROWS[0] ?? '')) {
    orders.push(all.filter((r) => r !== 'other'))
    orders.push(all.filter((r) => !SUB_ROWS.includes(r)))
  }
  return orders.map(keysOf)
}

/** Identities over `keys` only that fail with `values` in place (unknown terms make none fail). */
function failing(ids: Identity[], values: Map<CellKey, number>): number {
  let bad = 0
  for (const id of ids) {
    const terms = [...id.lhs, ...id.rhs]
    if (terms.some((t) => !values.has(t.key))) continue
    const sum = (ts: typeof id.lhs): number => ts.reduce((s, t) => s + (values.get(t.key) ?? 0), 0)
    if (Math.abs(sum(id.lhs) - sum(id.rhs)) > 1e-6) bad++
  }
  return bad
}

/**
 * Row-order fills for the tables whose value count matches exactly and whose identities hold
 * but for at most one (a report's own arithmetic error stays possible and gets reported); tables
 * without identities come back `check`.
 */
export function rowOrderFills(text: string, fields: Field[], template: TemplateId, ids: Identity[]): Drafts {
  const drafts: Drafts = new Map()
  let from = 0
  for (const zone of zones(template)) {
    const s = zone.start.exec(text.slice(from))
    if (!s) continue
    let start = from + s.index
    const e = zone.end.exec(text.slice(start + s[0].length))
    const end = e ? start + s[0].length + e.index : text.length
    // The heading is the last mention before the next table (prose names it too).
    const last = text.slice(0, end).lastIndexOf(s[0])
    if (last > start) start = last
    from = end
    const nums = fields.filter((f) => f.kind === 'num' && f.start >= start && f.end <= end && f.value !== undefined)
    for (const keys of rowOrders(template, zone.table)) {
      if (keys.length !== nums.length) continue
      const values = new Map(keys.map((k, i) => [k, nums[i]?.value ?? 0]))
      const own = ids.filter((id) => id.lhs.some((t) => values.has(t.key)))
      if (own.length && failing(own, values) > 1) continue
      keys.forEach((k, i) => {
        const f = nums[i]
        if (!f) return
        const base = { value: f.value ?? null, raw: f.text, start: f.start, end: f.end }
        // Without identities nothing confirms the order: the reviewer looks.
        drafts.set(k, own.length ? { ...base, status: 'ok' } : { ...base, status: 'check', reason: UNCONFIRMED })
      })
      break
    }
  }
  return drafts
}
