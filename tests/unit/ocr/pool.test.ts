import { readFileSync } from 'node:fs'
import path from 'node:path'
import { createCanvas, loadImage } from '@napi-rs/canvas'
import { afterAll, describe, expect, it } from 'vitest'
import { readImage } from '../../../src/core/ingest/image'
import { DIGITS, LABEL, OcrPool, stopOcrWorkers } from '../../../src/core/ingest/ocr/pool'
import { grayFromRgba, toPgm, type Gray } from '../../../src/core/ingest/raster'

const png = readFileSync(path.join(import.meta.dirname, '../../fixtures/pdf/r18_2024_water_item20_scan.png'))

async function gray(): Promise<Gray> {
  const img = await loadImage(png)
  const canvas = createCanvas(img.width, img.height)
  const ctx = canvas.getContext('2d')
  ctx.drawImage(img, 0, 0)
  return grayFromRgba(img.width, img.height, ctx.getImageData(0, 0, img.width, img.height).data)
}

/** The scan as the page reader reads it, and a cutter of its cells. */
async function scan(): Promise<{ src: Awaited<ReturnType<typeof readImage>>; crop: (box: [number, number, number, number]) => Uint8Array }> {
  const src = await readImage(new Uint8Array(png), 'scan.png')
  const g = await gray()
  // Span boxes are cells, ruling lines included: the crop keeps the inside.
  const crop = ([x0, y0, x1, y1]: [number, number, number, number]): Uint8Array => toPgm(g, [x0 + 8, y0 + 8, x1 - 8, y1 - 8].map(Math.round) as [number, number, number, number], 6)
  return { src, crop }
}

afterAll(() => stopOcrWorkers())

describe('OCR pool', () => {
  it('reads crops of either language on the same readers, a bad crop failing alone, and starts again after a stop', async () => {
    const { src, crop } = await scan()
    // Cells of the scan as the page reader found them: a number and a label, cut again here.
    const number = src.spans!.find((s) => /^\d{2,}$/.test(src.text.slice(s.start, s.end)))!
    const label = src.spans!.find((s) => src.text.slice(s.start, s.end).includes('规范性文件'))!
    const pool = new OcrPool()
    await expect(pool.read(DIGITS, new TextEncoder().encode('not an image'))).rejects.toThrow()
    const [digits, words] = await Promise.all([pool.read(DIGITS, crop(number.bbox)), pool.read({ ...LABEL, words: true }, crop(label.bbox))])
    expect(digits.text).toBe(src.text.slice(number.start, number.end))
    expect(words.text.replace(/\s/g, '')).toContain('规范性文件')
    expect(words.words!.map((w) => w.text).join('')).toBe(words.text.replace(/\s/g, ''))
    await stopOcrWorkers()
    expect((await pool.read(DIGITS, crop(number.bbox))).text).toBe(digits.text)
  })

  it('drops a cancelled import\'s reads, queued or running, and keeps reading for the others', async () => {
    const { src, crop } = await scan()
    const number = src.spans!.find((s) => /^\d{2,}$/.test(src.text.slice(s.start, s.end)))!
    const image = crop(number.bbox)
    const cancel = new AbortController()
    const cancelled = new OcrPool(cancel.signal)
    const other = new OcrPool()
    const dropped = Array.from({ length: 12 }, () => cancelled.read(DIGITS, image).then(() => 'read', (e: { code?: string }) => e.code))
    const kept = other.read(DIGITS, image)
    cancel.abort()
    expect(await Promise.all(dropped)).toEqual(Array(12).fill('cancelled'))
    await expect(cancelled.read(DIGITS, image)).rejects.toMatchObject({ code: 'cancelled' })
    expect((await kept).text).toBe(src.text.slice(number.start, number.end))
  })
})
