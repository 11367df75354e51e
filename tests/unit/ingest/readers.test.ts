// Readers on real fixture bytes: encodings detected (not assumed), HTML and Word tables in the
// shared grid style, bad input refused with its code.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeText } from '../../../src/core/ingest/decode'
import { detectForm } from '../../../src/core/ingest/detect'
import { readSource } from '../../../src/core/ingest'
import { NianbaoError } from '../../../src/core/errors'

const DIR = join(__dirname, '../../fixtures/extract')
const bytes = (f: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, f)))

describe('decodeText', () => {
  it.each([
    ['r02_2019_urban_grid.txt', 'utf-8-sig'],
    ['r05_2020_gov_tab.txt', 'gb18030'],
    ['r04_2021_env_cellline.txt', 'utf-16le'],
    ['r18_2024_water_pipe.txt', 'big5'],
    ['000_72bc36100511d77e.txt', 'utf-8']
  ])('%s is %s', (file, encoding) => {
    const d = decodeText(bytes(file), file)
    expect(d.encoding).toBe(encoding)
    expect(d.text).toMatch(/政府信息公[开開]/)
  })

  it('reads UTF-16 big-endian without a BOM', () => {
    const text = decodeText(bytes('002_e0b93d3b4b16b156.txt'), 'x').text
    const be = new Uint8Array(text.length * 2)
    for (let i = 0; i < text.length; i++) {
      be[2 * i] = text.charCodeAt(i) >> 8
      be[2 * i + 1] = text.charCodeAt(i) & 0xff
    }
    expect(decodeText(be, 'x')).toEqual({ text, encoding: 'utf-16be' })
  })

  it('refuses empty and binary files with their codes', () => {
    expect(() => decodeText(bytes('bad_empty.txt'), 'bad_empty.txt')).toThrow(
      expect.objectContaining({ code: 'empty-file', file: 'bad_empty.txt' })
    )
    expect(() => decodeText(bytes('bad_garbage.txt'), 'bad_garbage.txt')).toThrow(
      expect.objectContaining({ code: 'undecodable' })
    )
  })
})

describe('readSource', () => {
  it('detects forms by their bytes', () => {
    expect(detectForm(bytes('r24_2022_stats.docx'))).toBe('docx')
    expect(detectForm(bytes('r14_2022_health.html'))).toBe('html')
    expect(detectForm(bytes('003_7f3569336a1c441f.txt'))).toBe('txt')
    expect(detectForm(new TextEncoder().encode('%PDF-1.7\n'))).toBe('pdf')
  })

  it('reads a GB18030 page declaring gb2312, tables as grid lines with merged cells expanded', async () => {
    const src = await readSource(bytes('r14_2022_health.html'), 'r14.html')
    expect(src.form).toBe('html')
    expect(src.text).toContain('思明区卫生健康委员会')
    const lines = src.text.split('\n')
    const first = lines.find((l) => l.includes('属于国家秘密'))
    const second = lines.find((l) => l.includes('其他法律行政法规禁止公开'))
    // （三）不予公开 spans eight rows: its text in the top-left slot, empty slots below it.
    expect(first?.split('\t').slice(0, 3)).toEqual(['', '（三）不予公开', '1.属于国家秘密'])
    expect(second?.split('\t').slice(0, 3)).toEqual(['', '', '2.其他法律行政法规禁止公开'])
  })

  it('reads Word tables with gridSpan and vMerge into the same grid', async () => {
    const src = await readSource(bytes('r24_2022_stats.docx'), 'r24.docx')
    expect(src.form).toBe('docx')
    const lines = src.text.split('\n')
    const first = lines.find((l) => l.startsWith('三、本年度办理结果'))
    expect(first?.split('\t').length).toBe(lines.find((l) => l.includes('属于国家秘密'))?.split('\t').length)
  })

  it('names the file when it refuses one', async () => {
    await expect(readSource(new Uint8Array(0), 'x.txt')).rejects.toBeInstanceOf(NianbaoError)
  })
})
