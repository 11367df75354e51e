import { describe, expect, it } from 'vitest'
import { findAgency, yearFromName } from '../../../src/core/extract/metadata'

describe('report year from the file name (pages that print none)', () => {
  it('reads a year standing on its own or before 年', () => {
    expect(yearFromName('2023年度政府信息公开工作年度报告.pdf')).toBe(2023)
    expect(yearFromName('/data/青岛市水务局/r18_2024_water_item20_scan.png')).toBe(2024)
    expect(yearFromName('C:\\报告\\市水务局 2021.jpg')).toBe(2021)
  })

  it('ignores digits inside hashes, dates and other numbers', () => {
    expect(yearFromName('000_72bc36100511d77e.txt')).toBeNull()
    expect(yearFromName('scan_a2019b.png')).toBeNull()
    expect(yearFromName('扫描件20230115.png')).toBeNull()
    expect(yearFromName('2020/page-1.png')).toBeNull()
  })
})

describe('agency of an untitled report', () => {
  it('reads OCR noise in the first line as plain characters, never as a pattern', () => {
    expect(() => findAgency('[局(政府信息公开工作年度报告\n本年度无')).not.toThrow()
  })
})

describe('agency of a page that prints none', () => {
  it('is unknown, not the heading of the table on it', () => {
    expect(findAgency('三、收到和处理政府信息公开申请情况\n本年新收\t49')).toBeNull()
  })
})
