import { describe, expect, it } from 'vitest'
import { cellKeys, TEMPLATE_IDS } from '../../../src/shared/templates'
import { cellLabels, wideColumns } from '../../../src/core/export/columns'

describe('wide columns', () => {
  const both = wideColumns(['2019', '2021'])
  const ids = both.map((c) => c.id)

  it('gives every cell of each template exactly one column, with unique names', () => {
    expect(new Set(ids).size).toBe(ids.length)
    for (const t of TEMPLATE_IDS) {
      const mine = both.filter((c) => c.templates.includes(t))
      expect(mine.map((c) => c.key).sort()).toEqual([...cellKeys(t)].sort())
    }
  })

  it('shares a column only where both templates label the cell the same', () => {
    const shared = both.find((c) => c.id === 'requests/denied_secret/commercial')!
    expect(shared.templates).toEqual(['2019', '2021'])
    expect(shared).toMatchObject({ rowGroup: '（三）不予公开', rowLabel: '1.属于国家秘密', columnGroup: '法人或其他组织' })
    // 处理决定数量 (2019) and 本年处理决定数量 (2021) under one key: two columns.
    expect(ids).toContain('2019:item20_5/licensing/decisions')
    expect(ids).toContain('2021:item20_5/licensing/decisions')
    expect(ids).not.toContain('item20_5/licensing/decisions')
    expect(ids).toContain('2019:item20_1/normative_docs/new_made')
    for (const c of both.filter((c) => c.templates.length === 2)) {
      expect(cellLabels('2019').get(c.key)).toEqual(cellLabels('2021').get(c.key))
    }
  })

  it('names columns the same whatever templates the dataset holds', () => {
    const only2021 = wideColumns(['2021'])
    expect(only2021.every((c) => ids.includes(c.id))).toBe(true)
    expect(only2021.every((c) => c.templates.includes('2021'))).toBe(true)
    expect(only2021.length).toBe(cellKeys('2021').length)
  })

  it('keeps template order, with 2021-only rows next to their neighbours', () => {
    const at = (id: string) => ids.indexOf(id)
    expect(at('2021:requests/other_overdue_supplement/natural')).toBeGreaterThan(at('requests/other/total'))
    expect(at('2021:requests/other_misc/total')).toBeLessThan(at('requests/total/natural'))
    expect(at('2019:item20_1/regulations/new_made')).toBeLessThan(at('2021:item20_1/regulations/issued'))
    expect(at('review/litigation_after_reconsideration/total')).toBe(ids.length - 1)
    expect(both.find((c) => c.key === 'item20_9/procurement/amount')!.columnLabel).toBe('采购总金额（万元）')
    expect(both.find((c) => c.key === 'item20_8/fees/amount')!.columnLabel).toBe('本年收费金额（单位：万元）')
  })
})
