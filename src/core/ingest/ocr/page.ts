import type { Box, Grid, PageContent, Run, Segment } from '../pdf-grid'
import { buildGrids } from '../pdf-grid'
import { binarize, crop, estimateSkew, findRules, pgm, rotateQuarter, rotateSmall, toPgm, type Gray } from '../raster'
import { apply, inverse } from '../mat3'
import { rectify } from '../perspective'
import { holdsTitle, isClosingDate } from '../../extract/metadata'
import { boxKey, cellInk, cellLabelPass, pageEm, readTable } from './cell'
import { LABEL, LABEL_LINE, type OcrPass, type OcrPool, type OcrRead } from './pool'

export { TRUSTED_CONFIDENCE } from './cell'

/** Which prose lines a page needs read: the title lines up top, the signature at the end. */
export interface ProseNeed {
  first: boolean
  last: boolean
}

/**
 * OCR of one scanned page image: upright it (quarter turns, small skew), find the ruled tables,
 * then read only what the tables need, each cell on its own crop (rules excluded): numbers with
 * the digits-only pass, labels with chi_sim, plus the prose lines around the tables.
 * Coordinates of the result are pixels of the uprighted image.
 */
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
    // The half-turned page's ink is the same mask reversed (binarize's window is symmetric).
    ink = ink.slice().reverse()
    segments = rules(ink, g.width, g.height)
    grids = buildGrids(segments, [], tol(g)).grids
  }
  const runs: Run[] = []
  const jobs: Promise<void>[] = []
  for (const grid of grids)
    jobs.push(
      readTable(g, ink, grid.rows.map((row) => row.flatMap((c) => (c ? [c.box] : []))), pool, labels).then((rs) => {
        runs.push(...rs)
      })
    )
  // Each prose band is read at most once, whichever part of the page asks first.
  const prose = new Map<Box, Promise<string>>()
  const readBand = (band: Box): Promise<string> => {
    let text = prose.get(band)
    if (!text) {
      text = (labels.get(boxKey(band)) ?? pool.read(prosePass(band, pageEm(g)), toPgm(g, band, 4))).then((r) => {
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
function rules(ink: Uint8Array, w: number, h: number): Segment[] {
  const hs = findRules(ink, w, h, true, Math.round(w / 25))
  const vs = findRules(ink, w, h, false, Math.round(h / 60))
  return [
    ...hs.map((r) => ({ x0: r.from, y0: r.at, x1: r.to, y1: r.at })),
    ...vs.map((r) => ({ x0: r.at, y0: r.from, x1: r.at, y1: r.to }))
  ]
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
    // Only whether a scanline holds three ink pixels matters, and its first and last.
    if (y < h && !inTable(y)) {
      const row = y * w
      for (let x = 0; x < w && n < 3; x++) if (ink[row + x] && n++ === 0) lx = x
      if (n > 2) for (let x = w - 1; ; x--) if (ink[row + x]) {
        rx = x
        break
      }
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
  const em = pageEm(g)
  const cells = grids
    .flatMap((t) => t.rows.flat())
    .flatMap((c) => (c ? [cellInk(ink, g.width, c.box, em)] : []))
    .filter((b): b is Box => b !== undefined && b[2] - b[0] > 3 * (b[3] - b[1]) && b[3] - b[1] < 2 * em)
    .sort((a, b) => b[2] - b[0] - (a[2] - a[0]))
  // A title's larger print included (r19's, 2.5 em high, read in block mode): an upright first
  // page's title, read first, is the read its prose needs.
  const lines = (): Box[] => textBands(ink, g.width, g.height, []).filter((b) => b[3] - b[1] > em / 2 && b[3] - b[1] < 3 * em && b[2] - b[0] > g.width / 4)
  const samples = (cells.length ? cells : lines()).slice(0, 2)
  let upright = 0
  let turned = 0
  for (const box of samples) {
    // Cut and read as the cell or prose reads will, so that an upright page's sample is read once.
    const cut = crop(g, box, cells.length ? 6 : 4)
    const pass = cells.length ? cellLabelPass(box[3] - box[1], em) : prosePass(box, em)
    const read = pool.read(pass, pgm(cut))
    labels.set(boxKey(box), read)
    const first = (await read).confidence
    // A clear upright read settles it without the second read.
    if (first >= 75) return false
    upright += first
    turned += (await pool.read(pass, pgm(rotateQuarter(cut, 2)))).confidence
  }
  return turned > upright + 10 * samples.length
}
