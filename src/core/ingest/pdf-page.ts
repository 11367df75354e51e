import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api'
import type { PageContent, Run, Segment } from './pdf-grid'
import { loadPdfJs } from './pdf-document'

type Matrix = [number, number, number, number, number, number]

/**
 * Fonts that map glyphs to radical code points (Chromium with Noto CJK prints 长 as ⻓, 民 as ⺠,
 * 二 as ⼆): Kangxi radicals and compatibility ideographs fold by NFKC, the radicals supplement
 * has no decomposition and needs this table.
 */
const RADICALS: Record<string, string> = Object.fromEntries(
  [...'⺟母⺠民⻄西⻅见⻆角⻉贝⻊足⻋车⻏阝⻖阝⻐钅⻓长⻔门⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食⻠饣⻡首⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻬齐⻮齿⻰龙⻳龟⺩王⻈讠'.matchAll(/(.)(.)/gu)].map((m) => [m[1]!, m[2]!])
)
const COMPAT_CJK = /[\u2e80-\u2fdf\uf900-\ufaff]/g
export const normalizeGlyphs = (s: string): string => s.replace(COMPAT_CJK, (c) => RADICALS[c] ?? c.normalize('NFKC'))

/** A page's text runs and ruling lines in top-left page coordinates (points, scale 1); `runs` when already read. */
export async function readPdfPage(page: PDFPageProxy, pageNo: number, runs?: Run[]): Promise<PageContent> {
  const viewport = page.getViewport({ scale: 1 })
  const vt = viewport.transform as Matrix
  runs ??= await pageRuns(page)
  const ops = await page.getOperatorList()
  const { OPS } = await loadPdfJs()
  const images = ops.fnArray.filter((f) => f === OPS.paintImageXObject || f === OPS.paintInlineImageXObject).length
  const segments = await rulingSegments(ops.fnArray, ops.argsArray, vt)
  return { page: pageNo, width: viewport.width, height: viewport.height, runs, segments, images }
}

/** A page's text runs in top-left page coordinates (points, scale 1). */
export async function pageRuns(page: PDFPageProxy): Promise<Run[]> {
  const { Util } = await loadPdfJs()
  const vt = page.getViewport({ scale: 1 }).transform as Matrix
  const text = await page.getTextContent()
  const runs: Run[] = []
  for (const item of text.items) {
    if (!('str' in item) || item.str.trim() === '') continue
    const t = Util.transform(vt, item.transform as Matrix) as Matrix
    const size = Math.hypot(t[2], t[3])
    const adv = Math.hypot(t[0], t[1]) || 1
    const dx = (t[0] / adv) * item.width
    const dy = (t[1] / adv) * item.width
    // (t[2], t[3]) points from the baseline to the glyph top in device space; descent ~0.2 em.
    const xs = [t[4] - 0.2 * t[2], t[4] + t[2], t[4] + dx - 0.2 * t[2], t[4] + dx + t[2]]
    const ys = [t[5] - 0.2 * t[3], t[5] + t[3], t[5] + dy - 0.2 * t[3], t[5] + dy + t[3]]
    runs.push({
      text: normalizeGlyphs(item.str),
      box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
      size
    })
  }
  return runs
}

/** Lines thinner than this (points) are rules, not shapes. */
const RULE = 2.5

/**
 * Table rules as axis-aligned segments. Producers draw them as stroked lines (LibreOffice),
 * thin filled rectangles (Chromium, WPS) or stroked rectangles; pdf.js 5 hands every path as
 * constructPath(paintOp, [DrawOPS data], minMax) in the current transform, tracked here.
 */
async function rulingSegments(fns: number[], args: unknown[], base: Matrix): Promise<Segment[]> {
  const { OPS, Util } = await loadPdfJs()
  const fills = new Set<number>([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke])
  const strokes = new Set<number>([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke])
  const out: Segment[] = []
  const stack: Matrix[] = []
  let ctm = base
  for (let i = 0; i < fns.length; i++) {
    const fn = fns[i]
    const a = args[i] as unknown[]
    if (fn === OPS.save) stack.push(ctm)
    else if (fn === OPS.restore) ctm = stack.pop() ?? base
    else if (fn === OPS.transform) ctm = Util.transform(ctm, a as Matrix) as Matrix
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm)
      if (Array.isArray(a[0]) || ArrayBuffer.isView(a[0])) ctm = Util.transform(ctm, Array.from(a[0] as ArrayLike<number>) as Matrix) as Matrix
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? base
    else if (fn === OPS.constructPath) {
      const paint = a[0] as number
      const data = (a[1] as ArrayLike<number>[] | undefined)?.[0]
      if (!data || !(fills.has(paint) || strokes.has(paint))) continue
      for (const poly of subpaths(data)) {
        const pts = poly.map(([x, y]) => apply(ctm, x, y))
        if (fills.has(paint)) thinRect(pts, out)
        if (strokes.has(paint)) edges(pts, out)
      }
    }
  }
  return out
}

const apply = (m: Matrix, x: number, y: number): [number, number] => [x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]]

/** Splits DrawOPS path data into polylines; a subpath with curves yields nothing. */
function subpaths(d: ArrayLike<number>): [number, number][][] {
  const polys: [number, number][][] = []
  let cur: [number, number][] = []
  let curved = false
  const flush = (): void => {
    if (cur.length > 1 && !curved) polys.push(cur)
    cur = []
    curved = false
  }
  for (let i = 0; i < d.length; ) {
    const op = d[i++]
    if (op === 0) {
      flush()
      cur.push([d[i++]!, d[i++]!])
    } else if (op === 1) cur.push([d[i++]!, d[i++]!])
    else if (op === 2) {
      curved = true
      i += 6
    } else if (op === 3) {
      curved = true
      i += 4
    } else if (op === 4) {
      if (cur.length > 0) cur.push(cur[0]!)
    } else break
  }
  flush()
  return polys
}

function thinRect(pts: [number, number][], out: Segment[]): void {
  if (pts.length < 4 || pts.length > 5) return
  const xs = pts.map((p) => p[0])
  const ys = pts.map((p) => p[1])
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys)
  const w = x1 - x0, h = y1 - y0
  if (w <= RULE && h > w * 2) out.push({ x0: (x0 + x1) / 2, y0, x1: (x0 + x1) / 2, y1 })
  else if (h <= RULE && w > h * 2) out.push({ x0, y0: (y0 + y1) / 2, x1, y1: (y0 + y1) / 2 })
}

function edges(pts: [number, number][], out: Segment[]): void {
  for (let i = 1; i < pts.length; i++) {
    const [ax, ay] = pts[i - 1]!
    const [bx, by] = pts[i]!
    if (Math.abs(ax - bx) < 0.5 && Math.abs(ay - by) > 1) out.push({ x0: ax, y0: Math.min(ay, by), x1: ax, y1: Math.max(ay, by) })
    else if (Math.abs(ay - by) < 0.5 && Math.abs(ax - bx) > 1) out.push({ x0: Math.min(ax, bx), y0: ay, x1: Math.max(ax, bx), y1: ay })
  }
}
