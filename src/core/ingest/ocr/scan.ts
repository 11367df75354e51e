import { createCanvas, loadImage } from '@napi-rs/canvas'
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api'
import { NianbaoError } from '../../errors'
import type { Box, PageContent } from '../pdf-grid'
import { loadPdfJs, withTimeout } from '../pdf-document'
import { Name, PdfStream, type PdfObjects, type PdfValue } from '../pdf-objects'
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
export async function ocrPdfPages(doc: PDFDocumentProxy, pages: number[], file: string, opts: ReadOptions, jpegs = new Map<number, Uint8Array>()): Promise<Map<number, PageContent>> {
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
          const content = await withTimeout(ocrPdfPage(page, n, pool, need, jpegs.get(n)), OCR_PAGE_SECONDS, () => new NianbaoError('timeout', `第 ${n} 页识别超时（${OCR_PAGE_SECONDS} 秒）`, file))
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

async function ocrPdfPage(page: PDFPageProxy, n: number, pool: OcrPool, need: ProseNeed, jpeg?: Uint8Array): Promise<PageContent> {
  const viewport = page.getViewport({ scale: 1 })
  const img = (jpeg && (await decodeGray(jpeg).catch(() => undefined))) ?? (await embeddedImage(page)) ?? (await render(page))
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

/** Larger than any sane page scan (A4 at 600 dpi is 35 Mpx): refuse before decoding. */
export const MAX_PIXELS = 60_000_000

/**
 * The JPEG a scanned page shows, as stored in the file, when a native decoder reads it as pdf.js
 * would: the page's one XObject, an 8-bit gray or RGB image in a plain DCT stream (no decode
 * array, mask, colour transform or Exif turn), large enough to be a page (as embeddedImage) and
 * no larger than MAX_PIXELS (a native decoder's canvas is allocated before any check).
 */
export function pageJpeg(objects: PdfObjects, ref: { num: number } | null): Uint8Array | undefined {
  if (!ref) return undefined
  // Resources are inherited from the page tree.
  let node = objects.get(ref.num)
  let resources: PdfValue | PdfStream | undefined
  for (let depth = 0; node instanceof Map && resources === undefined && depth < 32; depth++) {
    resources = objects.resolve(node.get('Resources'))
    node = objects.resolve(node.get('Parent'))
  }
  const xobjects = resources instanceof Map ? objects.resolve(resources.get('XObject')) : undefined
  if (!(xobjects instanceof Map) || xobjects.size !== 1) return undefined
  const image = objects.resolve([...xobjects.values()][0])
  if (!(image instanceof PdfStream)) return undefined
  const d = image.dict
  const named = (v: PdfValue | undefined, ...names: string[]): boolean => v instanceof Name && names.includes(v.name)
  const filter = d.get('Filter')
  const dct = named(filter, 'DCTDecode') || (Array.isArray(filter) && filter.length === 1 && named(filter[0], 'DCTDecode'))
  const width = d.get('Width'), height = d.get('Height')
  if (!named(d.get('Subtype'), 'Image') || !dct || d.get('BitsPerComponent') !== 8 || !named(d.get('ColorSpace'), 'DeviceGray', 'DeviceRGB')) return undefined
  if (['Decode', 'DecodeParms', 'SMask', 'Mask', 'ImageMask'].some((k) => d.has(k)) || typeof width !== 'number' || typeof height !== 'number' || width < 600 || width * height > MAX_PIXELS) return undefined
  return plainJpeg(image.data, width, height) ? image.data : undefined
}

/** A baseline or progressive JPEG of this size with 1 or 3 components, and no Exif (a decoder may turn the image by it). */
function plainJpeg(b: Uint8Array, width: number, height: number): boolean {
  if (b[0] !== 0xff || b[1] !== 0xd8) return false
  let sized = false
  for (let at = 2; at + 4 <= b.length; ) {
    if (b[at] !== 0xff) return false
    const marker = b[at + 1]!
    if (marker === 0xff) {
      at++
      continue
    }
    const len = (b[at + 2]! << 8) | b[at + 3]!
    if (marker === 0xe1 && String.fromCharCode(...b.subarray(at + 4, at + 8)) === 'Exif') return false
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (marker > 0xc2) return false
      const h = (b[at + 5]! << 8) | b[at + 6]!, w = (b[at + 7]! << 8) | b[at + 8]!, comps = b[at + 9]
      sized = w === width && h === height && (comps === 1 || comps === 3)
      if (!sized) return false
    }
    // Start of scan: the headers are over.
    if (marker === 0xda) return sized
    at += 2 + len
  }
  return false
}

/** A PNG or JPEG file's pixels as gray, by Skia's native decoders; `check` may refuse the size (throws) before pixels are drawn. */
export async function decodeGray(bytes: Uint8Array, check?: (width: number, height: number) => void): Promise<Gray> {
  const image = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  check?.(image.width, image.height)
  const canvas = createCanvas(image.width, image.height)
  const ctx = canvas.getContext('2d')
  ctx.fillStyle = '#fff'
  ctx.fillRect(0, 0, image.width, image.height)
  ctx.drawImage(image, 0, 0)
  return grayFromRgba(image.width, image.height, ctx.getImageData(0, 0, image.width, image.height).data)
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
