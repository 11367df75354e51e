// The identities (勾稽关系) of ../shared/schema/templates.json, as sums over cell keys.
import { TEMPLATES, cellKey, type CellKey, type TemplateId } from '../../shared/templates'

export interface Term {
  key: CellKey
  name: string
}

export interface Identity {
  rule: string
  /** Which column or row the identity is about, for the message ("自然人"). */
  scope: string
  lhs: Term[]
  rhs: Term[]
  /** Holds only when the report prints the three （六） sub-rows (2021). */
  needsSubRows?: boolean
}

const ROW_NAMES: Record<string, string> = {
  new: '新收',
  carried_over: '上年结转',
  total: '办理总计',
  carry_forward: '结转下年',
  other: '其他处理'
}

function shortLabel(label: string): string {
  return label
    .replace(/^[（(]?[一二三四五六七八九十]+[）)、]\s*/, '')
    .replace(/^\d+[.．、]\s*/, '')
    .replace(/（.*$/, '')
}

export const SUB_ROWS = ['other_overdue_supplement', 'other_overdue_fee', 'other_misc']
/** Table 三's requester columns by id, the total last. */
export const REQUEST_COLUMNS = ['natural', 'commercial', 'research', 'social', 'legal', 'other', 'total']

const cache = new Map<TemplateId, Identity[]>()

export function identities(template: TemplateId): Identity[] {
  const cached = cache.get(template)
  if (cached) return cached
  const out: Identity[] = []
  const tables = TEMPLATES[template].tables
  const req = tables.find((t) => t.id === 'requests')
  const rev = tables.find((t) => t.id === 'review')
  if (req) {
    const rowName = (id: string): string => {
      const r = req.rows.find((x) => x.id === id)
      return ROW_NAMES[id] ?? (r ? shortLabel(r.label) : id)
    }
    const term = (row: string, col: string): Term => ({ key: cellKey('requests', row, col), name: rowName(row) })
    const resultRows = req.rows
      .map((r) => r.id)
      .filter((id) => /^(granted|partial|denied_|unable_|rejected_)/.test(id) || id === 'other')
    const hasSub = req.rows.some((r) => r.id === SUB_ROWS[0])
    for (const c of req.columns) {
      out.push({
        rule: 'requests-balance',
        scope: c.label,
        lhs: [term('new', c.id), term('carried_over', c.id)],
        rhs: [term('total', c.id), term('carry_forward', c.id)]
      })
      out.push({
        rule: 'requests-results',
        scope: c.label,
        lhs: [term('total', c.id)],
        rhs: resultRows.map((r) => term(r, c.id))
      })
      if (hasSub)
        out.push({
          rule: 'requests-other',
          scope: c.label,
          lhs: [term('other', c.id)],
          rhs: SUB_ROWS.map((r) => term(r, c.id)),
          needsSubRows: true
        })
    }
    const parts = req.columns.filter((c) => c.id !== 'total')
    for (const r of req.rows) {
      out.push({
        rule: 'requests-row',
        scope: rowName(r.id),
        lhs: [{ key: cellKey('requests', r.id, 'total'), name: '总计' }],
        rhs: parts.map((c) => ({ key: cellKey('requests', r.id, c.id), name: c.label }))
      })
    }
  }
  if (rev) {
    const parts = rev.columns.filter((c) => c.id !== 'total')
    for (const r of rev.rows) {
      out.push({
        rule: 'review-row',
        scope: r.label,
        lhs: [{ key: cellKey('review', r.id, 'total'), name: '总计' }],
        rhs: parts.map((c) => ({ key: cellKey('review', r.id, c.id), name: c.label }))
      })
    }
  }
  cache.set(template, out)
  return out
}

/** Every key some identity involves: counts, never negative. */
export function countKeys(template: TemplateId): Set<CellKey> {
  return new Set(identities(template).flatMap((i) => [...i.lhs, ...i.rhs].map((t) => t.key)))
}
