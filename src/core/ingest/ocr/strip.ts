import { pgm, type Gray } from '../raster'
import { DIGITS, type OcrPass, type OcrWord } from './pool'

/** The digits pass over a strip: each word with its box, to map it back to its cell; the gaps read as spaces only where spaces are allowed. */
export const DIGITS_STRIP: OcrPass = { ...DIGITS, whitelist: `${DIGITS.whitelist} `, words: true }
/**
 * Paper between two cells, in em. On the number rows of the test scans and photos (885 cells),
 * at one em rows of zeros read with little confidence: 490 cells read with trust; at three em
 * 844, as many as read one by one (845).
 */
export const STRIP_GAP = 3

/**
 * Several cell crops side by side in one image, white gaps between, read in one call: a digit
 * read has a fixed cost whatever the crop (about half of a lone number's read). Each crop
 * keeps its own pixels; the strip is as tall as the tallest, the others centred on its middle.
 */
export interface Strip {
  /** P5 image of the strip. */
  image: Uint8Array
  /** Each crop's columns in the strip, [from, to). */
  slots: [number, number][]
}

export function composeStrip(images: Gray[], gap: number): Strip {
  const height = Math.max(...images.map((i) => i.height))
  const width = images.reduce((w, i) => w + i.width, 0) + gap * (images.length - 1)
  const out = new Uint8Array(width * height).fill(255)
  const slots: [number, number][] = []
  let x = 0
  for (const img of images) {
    const top = Math.floor((height - img.height) / 2)
    for (let y = 0; y < img.height; y++) out.set(img.data.subarray(y * img.width, (y + 1) * img.width), (top + y) * width + x)
    slots.push([x, x + img.width])
    x += img.width + gap
  }
  return { image: pgm({ width, height, data: out }), slots }
}

/** What a strip read holds in one slot: its one word, nothing at all, or an unclear reading. */
export type SlotRead = OcrWord | 'empty' | 'unclear'

/**
 * The one word read inside each slot; 'unclear' where two words are, or a word reaching into the
 * gap beside its slot (ink of two cells read as one).
 */
export function wordsBySlot(words: OcrWord[], slots: [number, number][]): SlotRead[] {
  const found: SlotRead[] = slots.map(() => 'empty')
  for (const w of words) {
    if (!w.text.trim()) continue
    const i = slots.findIndex(([a, b]) => w.box[0] >= a && w.box[2] <= b)
    if (i < 0) {
      // Straddling: every slot it touches is in doubt.
      slots.forEach(([a, b], j) => {
        if (w.box[0] < b && w.box[2] > a) found[j] = 'unclear'
      })
      continue
    }
    found[i] = found[i] === 'empty' ? w : 'unclear'
  }
  return found
}
