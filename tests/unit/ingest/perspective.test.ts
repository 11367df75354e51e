import { readFileSync } from 'node:fs'
import path from 'node:path'
import { createCanvas, loadImage } from '@napi-rs/canvas'
import { describe, expect, it } from 'vitest'
import { readImage } from '../../../src/core/ingest/image'
import { TRUSTED_CONFIDENCE } from '../../../src/core/ingest/ocr/page'
import { rectify } from '../../../src/core/ingest/perspective'
import { binarize, findRules, grayFromRgba, type Gray } from '../../../src/core/ingest/raster'
import type { SourceText } from '../../../src/core/ingest/types'

const fixtures = path.join(import.meta.dirname, '../../fixtures')
const photo = path.join(fixtures, 'photo/r27_2019_emergency_item20_photo.jpg')
const truth: Record<string, number | null> = JSON.parse(readFileSync(path.join(fixtures, 'photo/r27_2019_emergency_item20_photo.truth.json'), 'utf8')).cells

async function gray(file: string): Promise<Gray> {
  const image = await loadImage(readFileSync(file))
  const ctx = createCanvas(image.width, image.height).getContext('2d')
  ctx.drawImage(image, 0, 0)
  return grayFromRgba(image.width, image.height, ctx.getImageData(0, 0, image.width, image.height).data)
}

/** Horizontal rules found whole on one band of scanlines, at least half the page wide. */
function levelRules(g: Gray): number {
  return findRules(binarize(g), g.width, g.height, true, Math.round(g.width / 2)).length
}

/** Numeric fields of the grid row labelled `label`, each with its OCR confidence. */
function row(src: SourceText, label: string): { value: number; confidence: number }[] {
  const lines = src.text.split('\n')
  const at = lines.findIndex((l) => l.split('\t').some((f) => f.includes(label)))
  if (at < 0) throw new Error(`no row ${label} in\n${src.text}`)
  let offset = lines.slice(0, at).reduce((n, l) => n + l.length + 1, 0)
  const out: { value: number; confidence: number }[] = []
  for (const field of lines[at]!.split('\t')) {
    const span = src.spans?.find((s) => s.start === offset)
    if (/^-?[\d.]+$/.test(field)) out.push({ value: Number(field), confidence: span?.confidence ?? 0 })
    offset += field.length + 1
  }
  return out
}

describe('perspective correction of phone photos', () => {
  it('levels the slanted rules of a photographed page and leaves a flat scan as it is', async () => {
    const scan = await gray(path.join(fixtures, 'pdf/r18_2024_water_item20_scan.png'))
    expect(rectify(scan)).toEqual({ image: scan })
    // Photographed at an angle, the page's rules slant a few pixels every hundred: hardly any
    // is found whole on one band of scanlines.
    const page = await gray(photo)
    expect(levelRules(page)).toBeLessThan(8)
    // Corrected, all 23 rules of its five tables are.
    const fixed = rectify(page).image
    expect([fixed.width, fixed.height]).toEqual([page.width, page.height])
    expect(levelRules(fixed)).toBeGreaterThanOrEqual(23)
  })

  it('reads the photographed 第二十条 tables right, a misread digit never trusted', async () => {
    const src = await readImage(new Uint8Array(readFileSync(photo)), 'photo.jpg')
    const made = ['new_made', 'new_published', 'total_published']
    const flow = ['prev_count', 'change', 'decisions']
    const rows: [string, string, string[]][] = [
      ['规章', 'item20_1/regulations', made],
      ['规范性文件', 'item20_1/normative_docs', made],
      ['行政许可', 'item20_5/licensing', flow],
      ['其他对外管理服务事项', 'item20_5/other_services', flow],
      ['行政处罚', 'item20_6/penalty', flow],
      ['行政强制', 'item20_6/enforcement', flow],
      ['行政事业性收费', 'item20_8/fees', ['prev_count', 'change']],
      ['政府集中采购', 'item20_9/procurement', ['projects']]
    ]
    let wrong = 0
    for (const [label, prefix, cols] of rows) {
      const read = row(src, label)
      expect(read.length, label).toBe(cols.length)
      cols.forEach((c, i) => {
        if (read[i]!.value === truth[`${prefix}/${c}`]) return
        wrong++
        expect(read[i]!.confidence, `${prefix}/${c}`).toBeLessThan(TRUSTED_CONFIDENCE)
      })
    }
    // The JPEG's faint minus of -9 (read right from the PNG) is the one digit tesseract drops.
    expect(wrong).toBeLessThanOrEqual(1)
  })
})
