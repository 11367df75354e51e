import { createCanvas } from '@napi-rs/canvas'
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api'
import { NianbaoError } from '../../errors'
import type { Box, PageContent } from '../pdf-grid'
import { loadPdfJs, withTimeout } from '../pdf-document'
import { grayFromPdfImage, grayFromRgba, type Gray } from '../raster'
import type { ReadOptions } from '../types'
import { ocrPageImage, type ProseNeed } from './page'
import { OcrPool } from './pool'

/** One bad page must not hang an import (OCR of a dense page takes seconds, not minutes). */
export const OCR_PAGE_SECONDS = 180
/** Rendering resolution when a page is not one embedded image: enough for 10.5 pt digits. */
const RENDER_DPI = 200

/**
 * OCR of the scanned pages of a PDF, two pages in flight so the CPU work of one page (deskew,
 * rules) overlaps the OCR of the other. Results are in PDF points like text pages.
 */
export async function ocrPdfPages(doc: PDFDocumentProxy, pages: number[], file: string, opts: ReadOptions): Promise<Map<number, PageContent>> {
  const pool = new OcrPool(opts.signal)
  const out = new Map<number, PageContent>()
  let done = 0
  try {
    const queue = [...pages]
    const lane = async (): Promise<void> => {
      for (let n = queue.shift(); n !== undefined; n = queue.shift()) {
        if (opts.signal?.aborted) throw new NianbaoError('cancelled', '已取消', file)
        const page = await doc.getPage(n)
        try {
          const need = { first: n === pages[0], last: n === pages[pages.length - 1] }
          const content = await withTimeout(ocrPdfPage(page, n, pool, need), OCR_PAGE_SECONDS, () => new NianbaoError('timeout', `第 ${n} 页识别超时（${OCR_PAGE_SECONDS} 秒）`, file))
          out.set(n, content)
        } finally {
          page.cleanup()
        }
        opts.onProgress?.(++done, pages.length, `识别第 ${n} 页`)
      }
    }
    await Promise.all([lane(), lane()])
  } finally {
    await pool.close()
  }
  return out
}

async function ocrPdfPage(page: PDFPageProxy, n: number, pool: OcrPool, need: ProseNeed): Promise<PageContent> {
  const viewport = page.getViewport({ scale: 1 })
  const img = (await embeddedImage(page)) ?? (await render(page))
  const content = await ocrPageImage(img, n, pool, need)
  // Pixels of the uprighted image to points: the long sides correspond.
  return scaled(content, Math.max(viewport.width, viewport.height) / Math.max(content.width, content.height))
}

/** A scan is one image filling the page: its pixels as stored, far cheaper than rendering. */
async function embeddedImage(page: PDFPageProxy): Promise<Gray | undefined> {
  const { OPS } = await loadPdfJs()
  const ops = await page.getOperatorList()
  const paints = ops.fnArray.flatMap((f, i) => (f === OPS.paintImageXObject ? [ops.argsArray[i] as [string, number, number]] : []))
  if (paints.length !== 1) return undefined
  const [id] = paints[0]!
  const obj = (page.objs.has(id) ? page.objs.get(id) : page.commonObjs.get(id)) as { width: number; height: number; kind: number; data?: Uint8Array } | null
  if (!obj?.data || obj.width < 600) return undefined
  return grayFromPdfImage({ ...obj, data: obj.data })
}

async function render(page: PDFPageProxy): Promise<Gray> {
  const viewport = page.getViewport({ scale: RENDER_DPI / 72 })
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height))
  const ctx = canvas.getContext('2d')
  ctx.fillStyle = '#fff'
  ctx.fillRect(0, 0, canvas.width, canvas.height)
  await page.render({ canvasContext: ctx, canvas, viewport } as unknown as Parameters<PDFPageProxy['render']>[0]).promise
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data
  return grayFromRgba(canvas.width, canvas.height, data)
}

function scaled(c: PageContent, f: number): PageContent {
  const s = (v: number): number => v * f
  return {
    ...c,
    width: s(c.width),
    height: s(c.height),
    runs: c.runs.map((r) => ({ ...r, box: r.box.map(s) as typeof r.box, size: s(r.size) })),
    segments: c.segments.map((g) => ({ x0: s(g.x0), y0: s(g.y0), x1: s(g.x1), y1: s(g.y1) })),
    // The stored image fills the page too, its long side on the page's long side.
    shownAt: c.shownAt && ((b) => c.shownAt!(b.map((v) => v / f) as Box).map(s) as Box)
  }
}
