import { describe, expect, it } from 'vitest'
import type { Run } from '../../../src/core/ingest/pdf-grid'
import { layoutPages } from '../../../src/core/ingest/pdf-layout'

// A line of text at a given top and size, as positioned readers hand it over.
const line = (text: string, top: number, size: number, left = 60): Run => ({
  text,
  box: [left, top, left + text.length * size, top + size],
  size
})

const textOf = (runs: Run[]): string[] =>
  layoutPages([{ page: 1, width: 595, height: 842, runs, segments: [], images: 1 }], 'pdf-scan')
    .text.split('\n')
    .filter(Boolean)

describe('prose lines of a page', () => {
  const body = [100, 120, 140, 160, 180].map((top, i) => line(`正文第${i + 1}行内容`, top, 10))

  it('joins a title wrapped over two lines', () => {
    const lines = textOf([line('某市科学技术局2024年政府信息公开工作年', 40, 16), line('度报告', 58, 16), ...body])
    expect(lines[0]).toBe('某市科学技术局2024年政府信息公开工作年度报告')
  })

  it('keeps a finished sentence, the signature and the date apart, however large OCR finds them', () => {
    const lines = textOf([
      ...body,
      line('确保资金流向、使用公开透明。', 400, 14),
      line('芜湖市科学技术局', 418, 14, 400),
      line('2025年3月2日', 436, 14, 400)
    ])
    expect(lines.slice(-3)).toEqual(['确保资金流向、使用公开透明。', '芜湖市科学技术局', '2025年3月2日'])
  })
})
