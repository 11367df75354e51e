import type { Box, Run } from '../pdf-grid'
import { crop, toPgm, type Gray } from '../raster'
import { DIGITS, DIGITS_WORD, LABEL, LABEL_LINE, type OcrPass, type OcrPool, type OcrRead } from './pool'
import { composeStrip, DIGITS_STRIP, STRIP_GAP, wordsBySlot } from './strip'

// One table cell of a scanned page read: its ink found inside the rules, numbers with the
// digits-only pass (a row's numbers in one strip), labels with chi_sim.

/** Body text of an A4 report is about 1/65 of the page width high at any resolution. */
export const pageEm = (g: Gray): number => g.width / 65

/** A number as printed in a cell, after the digits-only pass. */
const NUMBER = /^-?\d{1,3}(,\d{3})+(\.\d+)?$|^-?\d+(\.\d+)?$/
/** Below this a read is shown to the reviewer (status check) instead of trusted. */
export const TRUSTED_CONFIDENCE = 80

/** A label cell's ink under 1.8 em high is one line. The orientation test reads its samples so too: their reads are reused. */
export const cellLabelPass = (h: number, em: number): OcrPass => (h < 1.8 * em ? LABEL_LINE : LABEL)

/**
 * Ink bounding box inside a cell with its rules cut away: scanlines near the cell's edges that
 * are mostly ink are a rule or its leftover (a 1-px border left in a crop ruins a digit read).
 */
export function cellInk(ink: Uint8Array, w: number, box: Box, em: number): Box | undefined {
  const [x0, y0, x1, y1] = [Math.round(box[0]) + 2, Math.round(box[1]) + 2, Math.round(box[2]) - 2, Math.round(box[3]) - 2]
  if (x1 - x0 < 6 || y1 - y0 < 6) return undefined
  // Rule leftovers lie within a few pixels of the grid line; text can come closer than 10 px.
  const edge = 6
  const cols = new Uint8Array(x1 - x0)
  const rows = new Uint8Array(y1 - y0)
  // Edge scanlines: 2 = a rule (mostly ink), 1 = some ink (beside a rule, the fringe of a
  // photo's blurred rule, which joined to the text made a crop read 0 as 目 or miss a minus).
  for (let x = x0; x < x1; x++) {
    if (x - x0 >= edge && x1 - x > edge) continue
    let n = 0
    for (let y = y0; y < y1; y++) n += ink[y * w + x]!
    cols[x - x0] = n > 0.4 * (y1 - y0) ? 2 : n > 0.05 * (y1 - y0) ? 1 : 0
  }
  for (let y = y0; y < y1; y++) {
    if (y - y0 >= edge && y1 - y > edge) continue
    let n = 0
    for (let x = x0; x < x1; x++) n += ink[y * w + x]!
    rows[y - y0] = n > 0.6 * (x1 - x0) ? 2 : n > 0.05 * (x1 - x0) ? 1 : 0
  }
  const cx0 = x0 + ruleCut(cols, edge, false), cx1 = x1 - ruleCut(cols, edge, true)
  const cy0 = y0 + ruleCut(rows, edge, false), cy1 = y1 - ruleCut(rows, edge, true)
  // A cell all rules (a sliver between two near rules) holds nothing.
  if (cx1 - cx0 < 4 || cy1 - cy0 < 4) return undefined
  const colInk = new Float64Array(cx1 - cx0)
  const rowInk = new Float64Array(cy1 - cy0)
  for (let y = cy0; y < cy1; y++)
    for (let x = cx0; x < cx1; x++)
      if (ink[y * w + x]) {
        colInk[x - cx0]!++
        rowInk[y - cy0]!++
      }
  // Across, a rule leftover is a thin run far from the text; down, a short second line of a
  // label (定”) is little ink but real.
  const xs = mainSpan(colInk, 1.5 * em, 0.2, 0, 0.25 * em)
  const ys = mainSpan(rowInk, 0.6 * em, 0.05, Math.max(3, 0.2 * em), 0)
  // Specks of scan noise are not a value.
  if (!xs || !ys || xs[2] < 12 || ys[1] - ys[0] < 5) return undefined
  return [cx0 + xs[0], cy0 + ys[0], cx0 + xs[1], cy0 + ys[1]]
}

/** Scanlines to cut from one side of a cell: up to its last rule scanline near the edge, and that rule's fringe. */
function ruleCut(lines: Uint8Array, edge: number, fromEnd: boolean): number {
  const at = (i: number): number => lines[fromEnd ? lines.length - 1 - i : i]!
  let cut = 0
  for (let i = 0; i < edge && i < lines.length; i++) if (at(i) === 2) cut = i + 1
  while (cut > 0 && cut < edge && cut < lines.length && at(cut) === 1) cut++
  return cut
}

/**
 * The span of a projection holding the real ink: runs of inked scanlines joined over gaps up to
 * `gap`, keeping the runs with a fair share of the ink and more than `thin` long (drops specks
 * and rule leftovers). Beside wider runs, one narrower than `narrow` is a rule piece off the grid
 * (a merged cell's stray border), never a digit: digits sit within `gap` of each other.
 */
function mainSpan(profile: Float64Array, gap: number, share: number, thin: number, narrow: number): [number, number, number] | undefined {
  const runs: [number, number, number][] = []
  for (let i = 0; i < profile.length; i++) {
    // A lone dark pixel in a scanline is JPEG noise on paper tone.
    if (profile[i]! < 2) continue
    const last = runs[runs.length - 1]
    if (last && i - last[1] <= gap) {
      last[1] = i + 1
      last[2] += profile[i]!
    } else runs.push([i, i + 1, profile[i]!])
  }
  const most = Math.max(0, ...runs.map((r) => r[2]))
  // A thin band on its own is a rule's leftover, not a line of text.
  const all = runs.filter((r) => r[2] >= Math.max(12, share * most) && r[1] - r[0] > thin)
  const wide = all.filter((r) => r[1] - r[0] >= narrow)
  const kept = wide.length ? wide : all
  if (!kept.length) return undefined
  return [kept[0]![0], kept[kept.length - 1]![1], kept.reduce((s, r) => s + r[2], 0)]
}

/**
 * Small print (150 dpi scans) is enlarged towards the glyph height tesseract reads best: by 1.5
 * line mode read 150 dpi lone zeros that it read as nothing doubled, for 40% less CPU. Enlarging
 * 170 dpi digits by a small fraction blurred them into misreads.
 */
const digitScale = (em: number): number => (em < 20 ? 1.5 : 1)
export const boxKey = (b: Box): string => b.join(',')

/**
 * Reads the cells of one table (each row's cell boxes on the grid): each row's number-shaped
 * cells first in one strip (readStrip), then each cell on its own crop as it needs. `labels`
 * holds reads already made by ink box (the orientation test's samples).
 * Table 三's column headings (自然人, 商业企业…: above its first row of five numbers or more, over
 * the values) are not read: its rows are found by their labels and values placed by position.
 * Still read: narrow tables' headings, which name the template (本年制发件数); a table's label
 * columns (a row label cut by a page break); of table 四, which prints no row labels, the
 * headings right above its values (结果维持…: how a photo of that table alone is known).
 */
export async function readTable(g: Gray, ink: Uint8Array, rows: Box[][], pool: OcrPool, labels: Map<string, Promise<OcrRead>>): Promise<Run[]> {
  const em = pageEm(g)
  const inks = rows.map((row) =>
    row.flatMap((c) => {
      const b = cellInk(ink, g.width, c, em)
      return b ? [b] : []
    })
  )
  const strips = inks.map((row) => readStrip(g, ink, row.filter((b) => numberShaped(b, em)), pool))
  // Each row's cells its strip read a number in.
  const numbers = await Promise.all(
    strips.map(async (m) => {
      const read = await Promise.all(m.values())
      return [...m.keys()].filter((_, i) => typeof read[i] === 'object')
    })
  )
  const first = numbers.findIndex((n) => n.length >= 5)
  const values = first < 0 ? Infinity : Math.min(...numbers[first]!.map((b) => b[0])) - em
  const labelled = first >= 0 && inks[first]!.some((b) => b[0] < values)
  const read = (i: number, b: Box): boolean => i >= first || (labelled ? b[0] < values : i === first - 1)
  const reads = inks.flatMap((row, i) => row.filter((b) => read(i, b)).map((b) => readCell(g, ink, b, pool, labels, strips[i]!.get(b))))
  return (await Promise.all(reads)).filter((r): r is Run => r !== undefined)
}

/** Short and single-line: probably a number; anything else is a label. */
const numberShaped = (b: Box, em: number): boolean => b[2] - b[0] < 5.5 * (b[3] - b[1]) && b[3] - b[1] < 1.8 * em

/** A number-shaped cell's read in its row's strip: kept, nothing read there, or to be read alone. */
type StripRead = OcrRead | 'empty' | undefined

/** Reads one cell, its ink box `b`; a number-shaped cell's digits may already be read in its row's strip (`batched`). */
async function readCell(g: Gray, ink: Uint8Array, b: Box, pool: OcrPool, labels: Map<string, Promise<OcrRead>>, batched?: Promise<StripRead>): Promise<Run | undefined> {
  const em = pageEm(g)
  const h = b[3] - b[1]
  const scale = digitScale(em)
  let digits: OcrRead | undefined
  if (numberShaped(b, em)) {
    const strip = await batched
    // Nothing at all read where the strip held it: a short label (规章, 其他), no number. The ink
    // of a lone digit (a faint 0 the strip can miss) is still read alone.
    if (strip !== 'empty' || b[2] - b[0] < 1.5 * h) digits = strip && strip !== 'empty' ? strip : await readNumber(g, ink, b, toPgm(g, b, 6, scale), scale, pool)
  }
  // Chinese forced through the digits whitelist still comes out as digits, at low confidence.
  let read = digits && digits.confidence >= 60 ? digits : undefined
  if (!read) {
    // Labels are read as printed: 150 dpi Chinese reads as well as doubled (better: 不予, not 不子)
    // for 40% less CPU. Scaled below 20 px, a label lost its numbering dot (2 重复申请, r22).
    const l = await readLabel(toPgm(g, b, 6), cellLabelPass(h, em), pool, labels.get(boxKey(b)))
    const text = l.text.replace(/\s+/g, '').replace(/[|｜]/g, '')
    const chinese = /[\u4e00-\u9fff]/.test(text)
    // In a number-shaped cell, Chinese read with doubt (属胃 for a smudged 0) or mixed with digits
    // (记0) is a number gone wrong: it falls to the digits read below, never trusted. A label's
    // own numbering (1.属于国家秘密) is not such a digit.
    const doubtful = digits !== undefined && (l.confidence < 70 || /\d/.test(text.replace(/^\d{1,2}[.．、]/, '')))
    // An amount printed with its unit (1046156 元): the digits pass turned 元 into a digit; the
    // label read is trusted when both reads agree on the number.
    const amount = /^(-?[\d,.]+)(万?元)$/.exec(text)
    if (amount && digits?.text.replace(/,/g, '').startsWith(amount[1]!.replace(/,/g, '')) && l.confidence >= 70) read = { text, confidence: l.confidence }
    else if (chinese && !doubtful) read = { text, confidence: l.confidence }
    else if (digits) read = { text: digits.text, confidence: Math.min(digits.confidence, 30) }
    else if (text) read = { text, confidence: Math.min(l.confidence, 30) }
    else return undefined
  }
  return { text: read.text, box: b, size: h, confidence: read.confidence }
}

/**
 * A label in Chinese: one line in line mode (the same text as block mode for 40% less CPU), else
 * block mode. A one-line read with doubt is read again in the other mode: block mode read nothing
 * in some short labels (规章 at 150 dpi) that line mode reads.
 */
async function readLabel(crop: Uint8Array, pass: OcrPass, pool: OcrPool, known?: Promise<OcrRead>): Promise<OcrRead> {
  const first = await (known ?? pool.read(pass, crop))
  if (pass !== LABEL_LINE || first.confidence >= 60) return first
  const block = await pool.read(LABEL, crop)
  return block.confidence > first.confidence ? block : first
}

/**
 * The digits-only read of a number-shaped cell, or undefined when it is no number. A read that
 * does not fit the ink (a digit too few or many, a minus the ink shows but the read dropped, as
 * -3 read as 3) is read again twice as large; when that does not fit either it is doubted.
 */
async function readNumber(g: Gray, ink: Uint8Array, b: Box, crop: Uint8Array, scale: number, pool: OcrPool): Promise<OcrRead | undefined> {
  const w = b[2] - b[0]
  const h = b[3] - b[1]
  const fits = numberFits(ink, g.width, b)
  // Only a lone digit's ink is about as wide as tall (a photo's blur widens it): wider crops read
  // as nothing in line mode are Chinese or smudges, which word mode reads no better.
  const lone = w < 1.5 * h
  const number = async (image: Uint8Array): Promise<OcrRead | undefined> => {
    let d = await pool.read(DIGITS, image)
    if (d.confidence < 60 && lone) {
      const word = await pool.read(DIGITS_WORD, image)
      if (word.text && word.confidence > d.confidence) d = word
    }
    const text = d.text.replace(/\s+/g, '')
    return NUMBER.test(text) ? { text, confidence: d.confidence } : undefined
  }
  const first = await number(crop)
  if (!first || fits(first.text)) return first
  // Chinese forced through the whitelist reads at low confidence: not worth a second read.
  if (first.confidence >= 50) {
    const again = await number(toPgm(g, b, 6, scale * 2))
    if (again && fits(again.text)) return again
  }
  return { text: first.text, confidence: Math.min(first.confidence, 30) }
}

/**
 * Whether a number read fits the cell's ink: its digit count, and a minus the ink shows. The ink
 * test finds a clear minus; a faint one (phone photos) it can miss, so a read's own minus is
 * never overruled.
 */
function numberFits(ink: Uint8Array, width: number, b: Box): (text: string) => boolean {
  const minus = leadingMinus(ink, width, b)
  return (text) => fitsInk(text, b[2] - b[0], b[3] - b[1]) && (text.startsWith('-') || !minus)
}

/**
 * The number-shaped cells of one table row read in one call, side by side (composeStrip). A
 * cell's read is kept only when it is clean: one word in its slot, a number, read with trust,
 * fitting the ink and spanning it (a digit dropped at either end shows); every other cell is read
 * on its own as before (undefined), so a doubt costs a read, never a wrong value. 'empty': the
 * strip read nothing at all there.
 */
function readStrip(g: Gray, ink: Uint8Array, boxes: Box[], pool: OcrPool): Map<Box, Promise<StripRead>> {
  const out = new Map<Box, Promise<StripRead>>()
  // One number alone costs the same read either way.
  if (boxes.length < 2) return out
  const em = pageEm(g)
  const scale = digitScale(em)
  const pad = 6
  const strip = composeStrip(boxes.map((b) => crop(g, b, pad, scale)), Math.round(STRIP_GAP * em * scale))
  const read = pool.read(DIGITS_STRIP, strip.image).then((r) => wordsBySlot(r.words ?? [], strip.slots))
  boxes.forEach((b, i) => {
    const [from, to] = strip.slots[i]!
    const slack = 0.3 * (b[3] - b[1]) * scale
    out.set(
      b,
      read.then((words) => {
        const w = words[i]!
        if (typeof w === 'string') return w === 'empty' ? 'empty' : undefined
        const text = w.text.replace(/\s+/g, '')
        const clean = w.confidence >= TRUSTED_CONFIDENCE && NUMBER.test(text) && numberFits(ink, g.width, b)(text) && w.box[0] <= from + pad + slack && w.box[2] >= to - pad - slack
        return clean ? { text, confidence: w.confidence } : undefined
      })
    )
  })
  return out
}

/**
 * Whether the ink starts with a minus sign: a short flat stroke about the middle of the digits
 * after it, apart from them. Measured against the digits' own height (a cell's ink box can be
 * taller: photo noise). Scan specks (a column or two of ink) before it are passed over.
 */
function leadingMinus(ink: Uint8Array, w: number, b: Box): boolean {
  const [x0, y0, x1, y1] = b.map(Math.round) as Box
  const inked = (x: number): boolean => {
    for (let y = y0; y < y1; y++) if (ink[y * w + x]) return true
    return false
  }
  const rows = (from: number, to: number): [number, number] => {
    let top = y1, bottom = y0
    for (let x = from; x < to; x++)
      for (let y = y0; y < y1; y++)
        if (ink[y * w + x]) {
          top = Math.min(top, y)
          bottom = Math.max(bottom, y)
        }
    return [top, bottom]
  }
  let x = x0
  for (;;) {
    while (x < x1 && !inked(x)) x++
    const start = x
    while (x < x1 && inked(x)) x++
    // One blob to the end: no separate sign.
    if (x >= x1) return false
    if (x - start < 3) continue
    const [top, bottom] = rows(start, x)
    const [dTop, dBottom] = rows(x, x1)
    const hd = dBottom - dTop + 1
    const mid = (top + bottom) / 2 - dTop
    const width = x - start
    return bottom - top + 1 <= 0.3 * hd && width >= 0.25 * hd && width <= 1.2 * hd && mid > 0.3 * hd && mid < 0.75 * hd
  }
}

/** Printed digits are 0.3-0.75 of their height wide (1 narrow, 0 wide); signs and points less. */
function fitsInk(text: string, w: number, h: number): boolean {
  const digits = text.replace(/[^0-9]/g, '').length
  const marks = text.length - digits
  return w >= digits * 0.25 * h && w <= digits * 0.8 * h + marks * 0.6 * h + 0.25 * h
}
