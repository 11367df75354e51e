import { describe, expect, it } from 'vitest'
import { cellKeys, TEMPLATE_IDS } from '../../../src/shared/templates'
import { officialLayout, type LayoutCell } from '../../../src/core/export/layout'

const span = (c: LayoutCell) => ({ rows: c.rowEnd - c.row + 1, cols: c.colEnd - c.col + 1 })

describe.each(TEMPLATE_IDS)('official layout of template %s', (template) => {
  const layout = officialLayout(template)
  const find = (text: string) => layout.cells.find((c) => c.text === text)!

  it('places every cell key exactly once and no two cells overlap', () => {
    const keys = layout.cells.flatMap((c) => (c.key ? [c.key] : []))
    expect(keys.sort()).toEqual([...cellKeys(template)].sort())
    const taken = new Set<string>()
    for (const c of layout.cells)
      for (let r = c.row; r <= c.rowEnd; r++)
        for (let k = c.col; k <= c.colEnd; k++) {
          expect(taken.has(`${r},${k}`), `${c.text ?? c.key} at ${r},${k}`).toBe(false)
          taken.add(`${r},${k}`)
        }
    expect(layout.heights.length).toBe(layout.rows)
  })

  it('merges the request table headers as the form prints them', () => {
    const applicants = find('申请人情况')
    expect(span(applicants)).toEqual({ rows: 1, cols: 7 })
    const legal = find('法人或其他组织')
    expect(span(legal)).toEqual({ rows: 1, cols: 5 })
    expect(legal.row).toBe(applicants.row + 1)
    expect(span(find('自然人'))).toEqual({ rows: 2, cols: 1 })
    const commercial = find('商业企业')
    expect([commercial.row, commercial.col]).toEqual([legal.row + 1, legal.col])
  })

  it('nests the request rows: section, group, item', () => {
    const section = find('三、本年度办理结果')
    const denied = find('（三）不予公开')
    expect(span(denied)).toEqual({ rows: 8, cols: 1 })
    expect(denied.col).toBe(section.col + 1)
    expect(section.row).toBe(find('（一）予以公开').row)
    expect(section.rowEnd).toBe(find('（七）总计').row)
    expect(span(find('一、本年新收政府信息公开申请数量')).cols).toBe(3)
    const secret = layout.cells.find((c) => c.key === 'requests/denied_secret/natural')!
    expect(secret.row).toBe(denied.row)
  })

  it('prints review and litigation as one row under 行政复议 / 行政诉讼 › 未经复议直接起诉 / 复议后起诉', () => {
    expect(span(find('行政复议'))).toEqual({ rows: 1, cols: 5 })
    const litigation = find('行政诉讼')
    expect(span(litigation)).toEqual({ rows: 1, cols: 10 })
    const direct = find('未经复议直接起诉')
    expect(direct).toMatchObject({ row: litigation.row + 1, col: litigation.col, colEnd: litigation.col + 4 })
    expect(find('复议后起诉').col).toBe(litigation.col + 5)
    const values = layout.cells.filter((c) => c.key?.startsWith('review/'))
    expect(new Set(values.map((c) => c.row)).size).toBe(1)
    expect(values.map((c) => c.key)).toEqual(cellKeys(template).filter((k) => k.startsWith('review/')))
  })
})

describe('template differences', () => {
  it('2021 lists （六）其他处理 items under their subtotal; 2019 has one row', () => {
    const l21 = officialLayout('2021')
    const other = l21.cells.find((c) => c.text === '（六）其他处理')!
    expect(span(other)).toEqual({ rows: 4, cols: 1 })
    expect(l21.cells.find((c) => c.key === 'requests/other/total')!.row).toBe(other.row)
    const l19 = officialLayout('2019')
    expect(span(l19.cells.find((c) => c.text === '（六）其他处理')!)).toEqual({ rows: 1, cols: 2 })
    expect(l19.cells.some((c) => c.text === '第二十条第（九）项')).toBe(true)
    expect(l21.cells.some((c) => c.text === '第二十条第（九）项')).toBe(false)
  })
})
