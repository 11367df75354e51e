import { describe, expect, it } from 'vitest'
import { holdsTitle, isClosingDate } from '../../../src/core/extract/metadata'

// Lines as OCR reads them from the generated scans (r04, r13, r19): a scan's first page is read
// up to its title only, its last page up to the closing date and the signature above it.
describe('prose a scanned report needs read', () => {
  it('knows a title naming agency and year, also one wrapped over two lines', () => {
    expect(holdsTitle(['长沙市生态环境局2021年度政府信息公开工作年'])).toBe(true)
    expect(holdsTitle(['芜潮市科学技术局2024年政府信息公开工作年'])).toBe(true)
    expect(holdsTitle(['合肥市人民政府办公室2021年度政府信', '息公开工作年度报告'])).toBe(true)
  })

  it('reads on past lines naming no agency or no year', () => {
    expect(holdsTitle(['海安科技局政府信息公开工作年度报告'])).toBe(false)
    expect(holdsTitle(['三、收到和处理政府信息公开申请情况'])).toBe(false)
    expect(holdsTitle(['|画|'])).toBe(false)
  })

  it('knows the closing date under the signature, not a page number or prose', () => {
    expect(isClosingDate('2022年1月22日')).toBe(true)
    expect(isClosingDate('2021 年 1 月 9 日')).toBe(true)
    expect(isClosingDate('一一')).toBe(false)
    expect(isClosingDate('布2023年度企业积分情况，确保资金流向、使用公开透明。')).toBe(false)
  })
})
