import type { Box, Grid, PageContent, Run, Segment } from '../pdf-grid'
import { buildGrids } from '../pdf-grid'
import { binarize, estimateSkew, findRules, rotateQuarter, rotateSmall, toPgm, type Gray } from '../raster'
import { apply, inverse } from '../mat3'
import { rectify } from '../perspective'
import { holdsTitle, isClosingDate } from '../../extract/metadata'
import { DIGITS, DIGITS_WORD, LABEL, LABEL_LINE, type OcrPass, type OcrPool, type OcrRead } from './pool'
import { composeStrip, DIGITS_STRIP, STRIP_GAP, wordsBySlot } from './strip'

/** A number as printed in a cell, after the digits-only pass. */
const NUMBER = /^-?\d{1,3}(,\d{3})+(\.\d+)?$|^-?\d+(\.\d+)?$/
/** Below this a read is shown to the reviewer (status check) instead of trusted. */
export const TRUSTED_CONFIDENCE = 80

/**
 * OCR of one scanned page image: upright it (quarter turns, small skew), find the ruled tables,
 * then read only what the tables need, each cell on its own crop (rules excluded): numbers with
 * the digits-only pass, labels with chi_sim, plus the prose lines around the tables.
 * Coordinates of the result are pixels of the uprighted image.
 */
/** Which prose lines a page needs read: the title lines up top, the signature at the end. */
export interface ProseNeed {
  first: boolean
  last: boolean
}

export async function ocrPageImage(img: Gray, page: number, pool: OcrPool, need: ProseNeed = { first: true, last: true }): Promise<PageContent> {
  // Each turn and warp below adds, first, the way back to the image as stored.
  const back: ((p: Point) => Point)[] = []
  let g = img
  if (g.width > g.height) {
    back.unshift(quarterBack(g, 1))
    g = rotateQuarter(g, 1)
  }
  // A photo's perspective first: the deskew below only turns, it cannot square leaning rules.
  // A page left as it is (most scans) keeps the ink the perspective finder measured.
  let ink = binarize(g)
  const squared = rectify(g, ink)
  if (squared.homography) {
    const inv = inverse(squared.homography)
    back.unshift((p) => apply(inv, p))
    g = squared.image
    ink = binarize(g)
  }
  const skew = estimateSkew(ink, g.width, g.height)
  if (skew !== 0) {
    back.unshift(smallTurnBack(g, -skew))
    g = rotateSmall(g, -skew)
    ink = binarize(g)
  }
  let segments = rules(ink, g.width, g.height)
  let { grids } = buildGrids(segments, [], tol(g))
  // Label and prose reads by box: the upright samples of the orientation test are read once.
  const labels = new Map<string, Promise<OcrRead>>()
  // A page of prose only between the first and the last has nothing to read: no test either.
  if ((grids.length || need.first || need.last) && (await upsideDown(g, ink, grids, pool, labels))) {
    labels.clear()
    back.unshift(quarterBack(g, 2))
    g = rotateQuarter(g, 2)
    ink = binarize(g)
    segments = rules(ink, g.width, g.height)
    grids = buildGrids(segments, [], tol(g)).grids
  }
  const runs: Run[] = []
  const jobs: Promise<void>[] = []
  const em = g.width / 65
  for (const grid of grids)
    for (const row of grid.rows) {
      const inks = row.flatMap((cell) => {
        const b = cell && cellInk(ink, g.width, cell.box, em)
        return b ? [b] : []
      })
      const numbers = readStrip(g, ink, inks.filter((b) => numberShaped(b, em)), pool)
      for (const b of inks)
        jobs.push(
          readCell(g, ink, b, pool, labels, numbers.get(b)).then((r) => {
            if (r) runs.push(r)
          })
        )
    }
  // Each prose band is read at most once, whichever part of the page asks first.
  const prose = new Map<Box, Promise<string>>()
  const readBand = (band: Box): Promise<string> => {
    let text = prose.get(band)
    if (!text) {
      text = (labels.get(boxKey(band)) ?? pool.read(prosePass(band, g.width / 65), toPgm(g, band, 4))).then((r) => {
        const t = r.text.replace(/\s+/g, '')
        if (t) runs.push({ text: t, box: band, size: band[3] - band[1], confidence: r.confidence })
        return t
      })
      prose.set(band, text)
    }
    return text
  }
  const tables = grids.map((t) => t.box)
  jobs.push(readProse(textBands(ink, g.width, g.height, tables), tables, need, readBand))
  await Promise.all(jobs)
  const shownAt = back.length ? (b: Box): Box => boxThrough(b, back) : undefined
  return { page, width: g.width, height: g.height, runs, segments, images: 1, shownAt }
}

type Point = [number, number]

/** From a point of `g` turned clockwise by `turns` quarters (1 or 2, as rotateQuarter) to `g`. */
function quarterBack(g: Gray, turns: 1 | 2): (p: Point) => Point {
  const { width: w, height: h } = g
  return turns === 1 ? ([x, y]) => [y, h - x] : ([x, y]) => [w - x, h - y]
}

/** From a point of `g` after rotateSmall(g, degrees) to `g`: the same inverse map it samples with. */
function smallTurnBack(g: Gray, degrees: number): (p: Point) => Point {
  const a = (degrees * Math.PI) / 180
  const cos = Math.cos(a), sin = Math.sin(a)
  const cx = g.width / 2, cy = g.height / 2
  return ([x, y]) => [cos * (x - cx) + sin * (y - cy) + cx, -sin * (x - cx) + cos * (y - cy) + cy]
}

/** A box's corners taken back through each step; the box around them. */
function boxThrough(b: Box, back: ((p: Point) => Point)[]): Box {
  const corners = ([[b[0], b[1]], [b[2], b[1]], [b[0], b[3]], [b[2], b[3]]] as Point[]).map((p) => back.reduce((q, step) => step(q), p))
  const xs = corners.map((p) => p[0]), ys = corners.map((p) => p[1])
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]
}

const tol = (g: Gray): number => Math.max(3, g.width / 300)

/** A prose band is one line (bands split at blank scanlines), a title's larger print included; taller ones are lines run together. */
const prosePass = (band: Box, em: number): OcrPass => (band[3] - band[1] < 2.5 * em ? LABEL_LINE : LABEL)
/** A label cell's ink under 1.8 em high is one line. The orientation test reads its samples so too: their reads are reused. */
const cellLabelPass = (h: number, em: number): OcrPass => (h < 1.8 * em ? LABEL_LINE : LABEL)

function rules(ink: Uint8Array, w: number, h: number): Segment[] {
  const hs = findRules(ink, w, h, true, Math.round(w / 25))
  const vs = findRules(ink, w, h, false, Math.round(h / 60))
  return [
    ...hs.map((r) => ({ x0: r.from, y0: r.at, x1: r.to, y1: r.at })),
    ...vs.map((r) => ({ x0: r.at, y0: r.from, x1: r.at, y1: r.to }))
  ]
}

/**
 * Ink bounding box inside a cell with its rules cut away: scanlines near the cell's edges that
 * are mostly ink are a rule or its leftover (a 1-px border left in a crop ruins a digit read).
 */
function cellInk(ink: Uint8Array, w: number, box: Box, em: number): Box | undefined {
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
const boxKey = (b: Box): string => b.join(',')

/** Short and single-line: probably a number; anything else is a label. */
const numberShaped = (b: Box, em: number): boolean => b[2] - b[0] < 5.5 * (b[3] - b[1]) && b[3] - b[1] < 1.8 * em

/** Reads one cell, its ink box `b`; a number-shaped cell's digits may already be `batched` (readStrip). */
async function readCell(g: Gray, ink: Uint8Array, b: Box, pool: OcrPool, labels: Map<string, Promise<OcrRead>>, batched?: Promise<OcrRead | undefined>): Promise<Run | undefined> {
  // Body text of an A4 report is about 1/65 of the page width high at any resolution.
  const em = g.width / 65
  const h = b[3] - b[1]
  const scale = digitScale(em)
  const digits = numberShaped(b, em) ? ((await batched) ?? (await readNumber(g, ink, b, toPgm(g, b, 6, scale), scale, pool))) : undefined
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
 * on its own as before (undefined), so a doubt costs a read, never a wrong value.
 */
function readStrip(g: Gray, ink: Uint8Array, boxes: Box[], pool: OcrPool): Map<Box, Promise<OcrRead | undefined>> {
  const out = new Map<Box, Promise<OcrRead | undefined>>()
  // One number alone costs the same read either way.
  if (boxes.length < 2) return out
  const em = g.width / 65
  const scale = digitScale(em)
  const pad = 6
  const strip = composeStrip(boxes.map((b) => toPgm(g, b, pad, scale)), Math.round(STRIP_GAP * em * scale))
  const read = pool.read(DIGITS_STRIP, strip.image).then((r) => wordsBySlot(r.words ?? [], strip.slots))
  boxes.forEach((b, i) => {
    const [from, to] = strip.slots[i]!
    const slack = 0.3 * (b[3] - b[1]) * scale
    out.set(
      b,
      read.then((words) => {
        const w = words[i]
        const text = w?.text.replace(/\s+/g, '') ?? ''
        const clean = w && w.confidence >= TRUSTED_CONFIDENCE && NUMBER.test(text) && numberFits(ink, g.width, b)(text) && w.box[0] <= from + pad + slack && w.box[2] >= to - pad - slack
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

/** A P5 image turned half round: its pixel rows reversed byte for byte after the header. */
function halfTurned(pgm: Uint8Array): Uint8Array {
  let header = 0
  for (let lines = 0; lines < 3; header++) if (pgm[header] === 10) lines++
  const out = pgm.slice()
  out.subarray(header).reverse()
  return out
}

/** Printed digits are 0.3-0.75 of their height wide (1 narrow, 0 wide); signs and points less. */
function fitsInk(text: string, w: number, h: number): boolean {
  const digits = text.replace(/[^0-9]/g, '').length
  const marks = text.length - digits
  return w >= digits * 0.25 * h && w <= digits * 0.8 * h + marks * 0.6 * h + 0.25 * h
}

/**
 * Reading only what the tables need keeps OCR cheaper than a full-page pass. Up top, the title
 * (agency, year): further opening lines only while no title is read (an untitled report names its
 * office in them). At the end, the closing date and the signature above it (agency, published).
 * And the lines right above and below each table (headings).
 */
async function readProse(bands: Box[], tables: Box[], need: ProseNeed, read: (band: Box) => Promise<string>): Promise<void> {
  const jobs: Promise<unknown>[] = []
  for (const t of tables) {
    const above = bands.filter((b) => b[3] <= t[1] + 2)
    if (above.length) jobs.push(read(above[above.length - 1]!))
    // A heading can end a page below a table, its table starting on the next page.
    const below = bands.find((b) => b[1] >= t[3] - 2)
    if (below) jobs.push(read(below))
  }
  if (need.first)
    jobs.push(
      (async () => {
        const lines: string[] = []
        for (const b of bands.slice(0, 8)) {
          lines.push(await read(b))
          if (holdsTitle(lines)) return
        }
      })()
    )
  if (need.last)
    jobs.push(
      (async () => {
        // Up from the last line (a page number can follow the date) to the closing date.
        for (let i = bands.length - 1; i >= Math.max(0, bands.length - 3); i--)
          if (isClosingDate(await read(bands[i]!))) {
            if (i > 0) await read(bands[i - 1]!)
            return
          }
      })()
    )
  await Promise.all(jobs)
}

/** Horizontal bands of ink outside the tables: the prose lines and headings. */
function textBands(ink: Uint8Array, w: number, h: number, tables: Box[]): Box[] {
  const inTable = (y: number): boolean => tables.some((t) => y >= t[1] - 2 && y <= t[3] + 2)
  const bands: Box[] = []
  let start = -1
  let x0 = w, x1 = 0
  for (let y = 0; y <= h; y++) {
    let n = 0
    let lx = w, rx = 0
    if (y < h && !inTable(y))
      for (let x = 0; x < w; x++)
        if (ink[y * w + x]) {
          n++
          if (x < lx) lx = x
          if (x > rx) rx = x
        }
    if (n > 2) {
      if (start < 0) start = y
      x0 = Math.min(x0, lx)
      x1 = Math.max(x1, rx)
    } else if (start >= 0) {
      if (y - start >= 8 && x1 - x0 > 10) bands.push([Math.max(0, x0 - 2), Math.max(0, start - 2), Math.min(w, x1 + 3), Math.min(h, y + 2)])
      start = -1
      x0 = w
      x1 = 0
    }
  }
  return bands
}

/**
 * Upside down when Chinese text reads clearly better turned half round. Samples are the widest
 * label cells (rules survive the half turn, so the grid is found either way), else prose lines.
 */
async function upsideDown(g: Gray, ink: Uint8Array, grids: Grid[], pool: OcrPool, labels: Map<string, Promise<OcrRead>>): Promise<boolean> {
  const em = g.width / 65
  const cells = grids
    .flatMap((t) => t.rows.flat())
    .flatMap((c) => (c ? [cellInk(ink, g.width, c.box, em)] : []))
    .filter((b): b is Box => b !== undefined && b[2] - b[0] > 3 * (b[3] - b[1]) && b[3] - b[1] < 2 * em)
    .sort((a, b) => b[2] - b[0] - (a[2] - a[0]))
  // Lines read in line mode (prosePass), a title's larger print included: an upright first
  // page's title, read first, is the read its prose needs.
  const lines = (): Box[] => textBands(ink, g.width, g.height, []).filter((b) => b[3] - b[1] > em / 2 && b[3] - b[1] < 2.5 * em && b[2] - b[0] > g.width / 4)
  const samples = (cells.length ? cells : lines()).slice(0, 2)
  let upright = 0
  let turned = 0
  for (const box of samples) {
    // Cut and read as the cell or prose reads will, so that an upright page's sample is read once.
    const crop = toPgm(g, box, cells.length ? 6 : 4)
    const pass = cells.length ? cellLabelPass(box[3] - box[1], em) : prosePass(box, em)
    const read = pool.read(pass, crop)
    labels.set(boxKey(box), read)
    const first = (await read).confidence
    // A clear upright read settles it without the second read.
    if (first >= 75) return false
    upright += first
    turned += (await pool.read(pass, halfTurned(crop))).confidence
  }
  return turned > upright + 10 * samples.length
}
