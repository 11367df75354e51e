// The item-20 tables as plain pdftotext prints a browser PDF: the row labels flow apart, and each
// run of values follows the column headings it fills, row by row (a page break can split a table
// into two runs: 本年新制作数量 本年新公开数量 / 0 0 17 16 / … 对外公开总数量 / 0 390). A run
// whose length is the table's row count times its headings fills those columns; the next
// unfilled table having all of those columns takes it. Nothing confirms such a reading (the
// item-20 tables have no identities), so its cells are `check`.
import { TEMPLATES, cellKey, type TemplateId } from '../../shared/templates'
import type { Drafts } from './draft'
import type { Field } from './fields'
import { normLabel } from './normalize'
import { UNCONFIRMED } from './stream'

export function headedRuns(fields: Field[], template: TemplateId): Drafts {
  const drafts: Drafts = new Map()
  const tables = TEMPLATES[template].tables.filter((t) => /^item20_\d+$/.test(t.id))
  const labels = new Set(tables.flatMap((t) => t.columns.map((c) => normLabel(c.label))))
  const filled = new Set<string>()
  let current = 0
  let heads: string[] = []
  let run: Field[] = []
  const take = (): void => {
    const n = run.length
    for (let i = current; n && heads.length && i < tables.length; i++) {
      const t = tables[i]
      if (!t) continue
      const cols = heads.map((h) => t.columns.find((c) => normLabel(c.label) === h))
      if (cols.some((c) => !c || filled.has(`${t.id}/${c.id}`))) continue
      if (n !== t.rows.length * cols.length) break
      t.rows.forEach((r, ri) =>
        cols.forEach((c, ci) => {
          const f = run[ri * cols.length + ci]
          if (!c || !f) return
          filled.add(`${t.id}/${c.id}`)
          const key = cellKey(t.id, r.id, c.id)
          drafts.set(key, { value: f.value ?? null, status: 'check', reason: UNCONFIRMED, raw: f.text, start: f.start, end: f.end })
        })
      )
      current = i
      break
    }
    heads = []
    run = []
  }
  for (const f of fields) {
    if (f.kind === 'num') {
      run.push(f)
      continue
    }
    if (run.length) take()
    if (f.kind !== 'text') continue
    // The table 三 heading ends the item-20 tables.
    if (/收到和处理政府信息公开申请/.test(f.text)) break
    const words = f.text.split(/\s+/).map(normLabel)
    if (words.every((w) => labels.has(w))) heads.push(...words)
  }
  return drafts
}
