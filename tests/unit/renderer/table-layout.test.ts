import { describe, expect, it } from 'vitest'
import { templateLayout, type GridCell } from '../../../src/renderer/src/lib/table-layout'
import { cellKeys, TEMPLATE_IDS } from '../../../src/shared/templates'

/** Lays the rows out as a browser would (rowspans occupy later rows) and returns each row's width. */
function widths(rows: GridCell[][]): number[] {
  const carry: number[] = []
  return rows.map((row, r) => {
    let w = carry[r] ?? 0
    for (const c of row) {
      w += c.colspan
      const rowspan = c.kind === 'value' ? 1 : c.rowspan
      for (let k = 1; k < rowspan; k++) carry[r + k] = (carry[r + k] ?? 0) + c.colspan
    }
    return w
  })
}

describe.each(TEMPLATE_IDS)('template %s layout', (id) => {
  const layout = templateLayout(id)

  it('has the report headings 二、三、四 in order', () => {
    expect(layout.sections.map((s) => s.heading.slice(0, 2))).toEqual(['二、', '三、', '四、'])
  })

  it('shows every cell of the template exactly once', () => {
    const shown = layout.sections.flatMap((s) => s.body.flat().flatMap((c) => (c.kind === 'value' ? [c.key] : [])))
    expect(shown.length).toBe(cellKeys(id).length)
    expect(new Set(shown)).toEqual(new Set(cellKeys(id)))
    expect(layout.grid.flat().sort()).toEqual([...shown].sort())
  })

  it('draws every table as a rectangle', () => {
    for (const s of layout.sections) {
      const all = widths([...s.head, ...s.body])
      expect(new Set(all).size, s.id).toBe(1)
    }
  })

  it('heads table 三 with 申请人情况 over 自然人, 法人或其他组织 (five kinds) and 总计', () => {
    const requests = layout.sections.find((s) => s.id === 'requests')!
    const [top, mid, low] = requests.head
    expect(top!.map((c) => c.kind === 'head' && c.text)).toEqual(['', '申请人情况'])
    expect(mid!.map((c) => c.kind === 'head' && [c.text, c.colspan])).toEqual([
      ['自然人', 1],
      ['法人或其他组织', 5],
      ['总计', 1]
    ])
    expect(low!.map((c) => c.kind === 'head' && c.text)).toEqual(['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'])
  })

  it('spans 三、本年度办理结果 from （一）予以公开 to （七）总计, with （三）不予公开 nested over its eight reasons', () => {
    const requests = layout.sections.find((s) => s.id === 'requests')!
    const labels = requests.body.flat().filter((c) => c.kind === 'label')
    const outer = labels.find((c) => c.kind === 'label' && c.text === '三、本年度办理结果')!
    const rows = requests.body.map((r) => r.find((c) => c.kind === 'value')!).map((c) => c.kind === 'value' && c.key.split('/')[1])
    expect(outer.kind === 'label' && outer.rowspan).toBe(rows.indexOf('total') - rows.indexOf('granted') + 1)
    const denied = labels.find((c) => c.kind === 'label' && c.text === '（三）不予公开')!
    expect(denied.kind === 'label' && denied.rowspan).toBe(8)
  })

  it('lays table 四 across: 行政复议 and 行政诉讼 (two kinds), five results each, one line of values', () => {
    const review = layout.sections.find((s) => s.id === 'review')!
    expect(review.head[0]!.map((c) => c.kind === 'head' && [c.text, c.colspan])).toEqual([
      ['行政复议', 5],
      ['行政诉讼', 10]
    ])
    expect(review.head[1]!.map((c) => c.kind === 'head' && c.text)).toEqual(['未经复议直接起诉', '复议后起诉'])
    expect(review.body).toHaveLength(1)
    expect(review.body[0]).toHaveLength(15)
  })
})
