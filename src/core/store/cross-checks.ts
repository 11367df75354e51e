// Checks across the reports of one agency in consecutive years, shown on both reports:
// requests carried forward at the end of year N are the ones carried over into year N+1, and
// (2021 template) the documents in force at the end of N-1, plus issued, minus repealed in N,
// are the ones in force at the end of N.
import type { CrossCheck } from '../../shared/api'
import { TEMPLATES, cellKey, type CellKey, type TemplateId } from '../../shared/templates'
import { preparedFor, type Db } from './db'
import type { Metadata } from './effective'

type Values = Record<CellKey, number | null>

interface Neighbour {
  id: number
  year: number
  template: TemplateId | null
  values: Values
}

const stmts = preparedFor((db: Db) => ({
  neighbours: db.prepare<[string, number, number, number], { id: number; year: number; template: TemplateId | null; cells: string }>(
    `SELECT d.id, d.year, d.template, v.cells FROM documents d JOIN document_values v ON v.document_id = d.id
     WHERE d.agency = ? AND d.year IN (?, ?) AND d.id != ? ORDER BY d.year, d.id`
  )
}))

const differ = (a: number, b: number) => Math.abs(a - b) > 1e-9

const requestColumns = TEMPLATES['2021'].tables.find((t) => t.id === 'requests')!.columns
const item20_1Rows = TEMPLATES['2021'].tables.find((t) => t.id === 'item20_1')!.rows

/** Carry-forward of `earlier` against carried-over of `later`; cells named in `self`'s keys. */
function carryForward(earlier: Neighbour, later: Neighbour, self: 'earlier' | 'later'): CrossCheck[] {
  const other = self === 'earlier' ? later : earlier
  return requestColumns.flatMap((c) => {
    const out = earlier.values[cellKey('requests', 'carry_forward', c.id)]
    const into = later.values[cellKey('requests', 'carried_over', c.id)]
    if (out == null || into == null || !differ(out, into)) return []
    return [
      {
        rule: 'cross/carry_forward',
        message: `${earlier.year} 年结转下年度继续办理（${c.label}）为 ${out}，${later.year} 年上年结转政府信息公开申请（${c.label}）为 ${into}`,
        otherDocumentId: other.id,
        cells: [cellKey('requests', self === 'earlier' ? 'carry_forward' : 'carried_over', c.id)]
      }
    ]
  })
}

function inForce(earlier: Neighbour, later: Neighbour, self: 'earlier' | 'later'): CrossCheck[] {
  if (earlier.template !== '2021' || later.template !== '2021') return []
  const other = self === 'earlier' ? later : earlier
  return item20_1Rows.flatMap((r) => {
    const key = (col: string) => cellKey('item20_1', r.id, col)
    const before = earlier.values[key('in_force')]
    const issued = later.values[key('issued')]
    const repealed = later.values[key('repealed')]
    const after = later.values[key('in_force')]
    if (before == null || issued == null || repealed == null || after == null) return []
    if (!differ(before + issued - repealed, after)) return []
    return [
      {
        rule: 'cross/in_force',
        message: `${r.label}：${earlier.year} 年现行有效 ${before} + ${later.year} 年制发 ${issued} − 废止 ${repealed} = ${before + issued - repealed}，但 ${later.year} 年现行有效为 ${after}`,
        otherDocumentId: other.id,
        cells: self === 'earlier' ? [key('in_force')] : [key('issued'), key('repealed'), key('in_force')]
      }
    ]
  })
}

/** Failing cross-report checks of one report against its agency's reports of the years around it. */
export function crossChecks(db: Db, id: number, meta: Metadata, values: Values): CrossCheck[] {
  if (!meta.agency || meta.year === null) return []
  const self: Neighbour = { id, year: meta.year, template: meta.template, values }
  const rows = stmts(db).neighbours.all(meta.agency, meta.year - 1, meta.year + 1, id)
  return rows.flatMap((r) => {
    const other: Neighbour = { id: r.id, year: r.year, template: r.template, values: JSON.parse(r.cells) as Values }
    return other.year < self.year
      ? [...carryForward(other, self, 'later'), ...inForce(other, self, 'later')]
      : [...carryForward(self, other, 'earlier'), ...inForce(self, other, 'earlier')]
  })
}
