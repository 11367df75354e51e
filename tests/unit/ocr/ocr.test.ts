import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readImage } from '../../../src/core/ingest/image'
import type { SourceText } from '../../../src/core/ingest/types'

const dir = path.join(import.meta.dirname, '../../fixtures/pdf')
const bytes = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(dir, name)))
const cells = (name: string): Record<string, number | null> => JSON.parse(readFileSync(path.join(dir, name), 'utf8')).cells

/** Boxes of the numeric fields of the grid row labelled `label`, in its order. */
function rowBoxes(src: SourceText, label: string): [number, number, number, number][] {
  const lines = src.text.split('\n')
  const at = lines.findIndex((l) => l.split('\t').some((f) => f.includes(label)))
  let offset = lines.slice(0, at).reduce((n, l) => n + l.length + 1, 0)
  const boxes: [number, number, number, number][] = []
  for (const field of lines[at]!.split('\t')) {
    const span = src.spans?.find((s) => s.start === offset)
    if (span && /^-?[\d.]+$/.test(field)) boxes.push(span.bbox)
    offset += field.length + 1
  }
  return boxes
}

/** Numeric fields of the grid row labelled `label` (OCR may drop or alter punctuation in labels). */
function row(src: SourceText, label: string): number[] {
  const line = src.text.split('\n').find((l) => l.split('\t').some((f) => f.includes(label)))
  if (!line) throw new Error(`no row ${label} in\n${src.text}`)
  return line.split('\t').filter((f) => /^-?[\d.]+$/.test(f)).map(Number)
}

describe('OCR of scanned tables', () => {
  it('reads an office scan of the 第二十条 tables, lone zeros included, with boxes and confidences', async () => {
    const src = await readImage(bytes('r18_2024_water_item20_scan.png'), 'scan.png')
    const truth = cells('r18_2024_water_item20_scan.truth.json')
    expect(src.form).toBe('image')
    expect(row(src, '规章')).toEqual(['issued', 'repealed', 'in_force'].map((c) => truth[`item20_1/regulations/${c}`]))
    expect(row(src, '规范性文件')).toEqual(['issued', 'repealed', 'in_force'].map((c) => truth[`item20_1/normative_docs/${c}`]))
    expect(row(src, '行政许可')).toEqual([truth['item20_5/licensing/decisions']])
    expect(row(src, '行政强制')).toEqual([truth['item20_6/enforcement/decisions']])
    const at = src.text.indexOf('\t21\n') + 1
    const span = src.spans?.find((s) => s.start === at)
    expect(span?.page).toBe(1)
    expect(span?.confidence).toBeGreaterThanOrEqual(80)
    expect(span!.bbox[2]).toBeGreaterThan(span!.bbox[0])
  })

  it('reads a multi-page TIFF page by page (Deflate, as scanners write it)', async () => {
    // The office scan above as page 1, a blank page 2.
    const src = await readImage(bytes('r18_2024_water_item20_scan.tif'), 'scan.tif')
    const truth = cells('r18_2024_water_item20_scan.truth.json')
    expect(src.form).toBe('image')
    expect(src.pages).toBe(2)
    expect(row(src, '规范性文件')).toEqual(['issued', 'repealed', 'in_force'].map((c) => truth[`item20_1/normative_docs/${c}`]))
  })

  it('refuses a damaged TIFF or one whose page chain loops, at once', async () => {
    const tif = bytes('r18_2024_water_item20_scan.tif')
    await expect(readImage(tif.slice(0, 4000), 'cut.tif')).rejects.toMatchObject({ code: 'corrupt' })
    const loop = tif.slice()
    // Point the first page's next-page link back at itself.
    const view = new DataView(loop.buffer)
    const first = view.getUint32(4, true)
    view.setUint32(first + 2 + view.getUint16(first, true) * 12, first, true)
    await expect(readImage(loop, 'loop.tif')).rejects.toMatchObject({ code: 'corrupt' })
  })

  it('turns an upside-down page the right way before reading it', async () => {
    const src = await readImage(bytes('r19_2024_science_scan_p4_upside_down.jpg'), 'page4.jpg')
    const truth = cells('r19_2024_science_scan.truth.json')
    const cols = ['natural', 'commercial', 'research', 'social', 'legal', 'other', 'total']
    expect(row(src, '总计')).toEqual(cols.map((c) => truth[`requests/total/${c}`]))
    expect(row(src, '不掌握')).toEqual(cols.map((c) => truth[`requests/unable_no_info/${c}`]))
    // 150 dpi lone zeros (line mode read some as nothing): read with confidence, hardly any of
    // the page's 100-odd numbers left to the reviewer as doubtful.
    const numbers = (src.spans ?? []).filter((s) => /^\d+$/.test(src.text.slice(s.start, s.end)))
    expect(numbers.length).toBeGreaterThan(100)
    expect(numbers.filter((s) => (s.confidence ?? 0) < 80).length).toBeLessThanOrEqual(2)
    // Boxes are where the numbers show on the page as stored (upside down): 总计 above 不掌握,
    // the first column (自然人) on the right.
    const total = rowBoxes(src, '总计')
    const unable = rowBoxes(src, '不掌握')
    expect(total[0]![1]).toBeLessThan(unable[0]![1])
    expect(total[0]![0]).toBeGreaterThan(total[total.length - 1]![0])
  })

  it('cancelling one import drops its reads; another import reads on the shared workers', async () => {
    const png = bytes('r18_2024_water_item20_scan.png')
    const truth = cells('r18_2024_water_item20_scan.truth.json')
    const abort = new AbortController()
    const cancelled = readImage(png, 'a.png', { signal: abort.signal })
    const other = readImage(png, 'b.png')
    setTimeout(() => abort.abort(), 200)
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' })
    const src = await other
    expect(row(src, '规范性文件')).toEqual(['issued', 'repealed', 'in_force'].map((c) => truth[`item20_1/normative_docs/${c}`]))
  })

  it('keeps the minus sign of a lone negative change, also beside a merged cell border', async () => {
    const src = await readImage(bytes('r25_2019_police_scan_p3_item20.jpg'), 'item20.jpg')
    const truth = cells('r25_2019_police_scan.truth.json')
    expect(row(src, '行政强制')).toEqual(['prev_count', 'change', 'decisions'].map((c) => truth[`item20_6/enforcement/${c}`]))
    expect(row(src, '行政事业性收费')).toEqual(['prev_count', 'change'].map((c) => truth[`item20_8/fees/${c}`]))
    const minus = (src.spans ?? []).filter((s) => src.text.slice(s.start, s.end) === '-3')
    expect(minus).toHaveLength(2)
    for (const s of minus) expect(s.confidence).toBeGreaterThanOrEqual(80)
  })
})
