// The template's value rows in print order, each with the label variants reports use.
import { TEMPLATES, cellKey, type CellKey, type TemplateId } from '../../shared/templates'
import { normLabel } from './normalize'

export interface RowSpec {
  table: string
  row: string
  /** Cell keys in print order. */
  keys: CellKey[]
  /** Normalised label variants. */
  labels: string[]
  /** Counts cannot be negative; 本年增/减 and amounts are not counts. */
  amountKeys: Set<CellKey>
}

// Wording reports print instead of the template's (合计 for 总计, 只记 for 只计 are caught by similarity).
const EXTRA: Record<string, string[]> = {
  'requests/total': ['合计', '总计'],
  'requests/other': ['其他处理'],
  'item20_1/normative_docs': ['规范性文件', '行政规范性文件']
}

const cache = new Map<TemplateId, RowSpec[]>()

/** Every value row except table 四 (printed as one wide row under a header, see review.ts). */
export function rowSpecs(template: TemplateId): RowSpec[] {
  let specs = cache.get(template)
  if (specs) return specs
  specs = []
  for (const t of TEMPLATES[template].tables) {
    if (t.id === 'review') continue
    for (const r of t.rows) {
      const variants = [r.label, ...(r.aliases ?? []), ...(EXTRA[`${t.id}/${r.id}`] ?? [])]
      specs.push({
        table: t.id,
        row: r.id,
        keys: t.columns.map((c) => cellKey(t.id, r.id, c.id)),
        labels: [...new Set(variants.map(normLabel).filter(Boolean))],
        amountKeys: new Set(
          t.columns.filter((c) => c.id === 'amount' || c.id === 'change').map((c) => cellKey(t.id, r.id, c.id))
        )
      })
    }
  }
  cache.set(template, specs)
  return specs
}

/** Table 四's fifteen cells in print order: 行政复议, 直接起诉, 复议后起诉, five columns each. */
export function reviewKeys(template: TemplateId): CellKey[] {
  const t = TEMPLATES[template].tables.find((x) => x.id === 'review')
  if (!t) return []
  return t.rows.flatMap((r) => t.columns.map((c) => cellKey(t.id, r.id, c.id)))
}
