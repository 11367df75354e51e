import { describe, expect, it } from 'vitest'
import { composeStrip, wordsBySlot } from '../../../src/core/ingest/ocr/strip'
import type { OcrWord } from '../../../src/core/ingest/ocr/pool'
import type { Gray } from '../../../src/core/ingest/raster'

/** A crop `w`×`h` of one gray level. */
const flat = (w: number, h: number, level: number): Gray => ({ width: w, height: h, data: new Uint8Array(w * h).fill(level) })

const word = (text: string, x0: number, x1: number, confidence = 90): OcrWord => ({ text, confidence, box: [x0, 2, x1, 20] })

describe('a strip of cell crops', () => {
  it('puts the crops side by side with white gaps, each centred on the strip middle', () => {
    const strip = composeStrip([flat(10, 20, 0), flat(6, 10, 100)], 5)
    expect(strip.slots).toEqual([[0, 10], [15, 21]])
    const head = new TextDecoder().decode(strip.image.subarray(0, 13))
    expect(head).toBe('P5\n21 20\n255\n')
    const px = (x: number, y: number): number => strip.image[13 + y * 21 + x]!
    expect(px(9, 19)).toBe(0)
    expect(px(12, 10)).toBe(255)
    // The short crop sits 5 rows down: white above and below it.
    expect(px(15, 4)).toBe(255)
    expect(px(15, 5)).toBe(100)
    expect(px(20, 14)).toBe(100)
    expect(px(20, 15)).toBe(255)
  })

  it('maps each word to the slot holding it, and tells an empty slot from an unclear one', () => {
    const slots: [number, number][] = [[0, 30], [60, 90], [120, 150], [180, 210], [240, 270]]
    // Slot 0 clean; slot 1 two words; a word straddling slots 2 and 3; nothing in slot 4.
    const got = wordsBySlot([word('12', 5, 25), word('1', 62, 70), word('0', 75, 88), word(' ', 92, 100), word('40', 140, 190)], slots)
    expect(got.map((w) => (typeof w === 'string' ? w : w.text))).toEqual(['12', 'unclear', 'unclear', 'unclear', 'empty'])
  })
})
