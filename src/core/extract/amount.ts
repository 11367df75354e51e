// A value printed with its money unit (元, 万元) is an amount. pdftotext of a LibreOffice PDF can
// read 采购总金额 before 采购项目数量 ("1046156 元" then "9", r20): where a count column got the
// unit and the amount column a bare number, the two swapped places.
import { TEMPLATES, cellKey, type TemplateId } from '../../shared/templates'
import type { Drafts } from './draft'

const MONEY = /元\s*$/

export function amountsInPlace(drafts: Drafts, template: TemplateId): void {
  for (const t of TEMPLATES[template].tables) {
    if (!t.columns.some((c) => c.id === 'amount')) continue
    for (const r of t.rows) {
      const amountKey = cellKey(t.id, r.id, 'amount')
      const amount = drafts.get(amountKey)
      if (!amount || amount.value === null || MONEY.test(amount.raw ?? '')) continue
      for (const c of t.columns) {
        const key = cellKey(t.id, r.id, c.id)
        const other = drafts.get(key)
        if (c.id === 'amount' || !other || other.value === null || !MONEY.test(other.raw ?? '')) continue
        drafts.set(amountKey, { ...amount, value: other.value, raw: other.raw, start: other.start, end: other.end })
        drafts.set(key, { ...other, value: amount.value, raw: amount.raw, start: amount.start, end: amount.end })
        break
      }
    }
  }
}
