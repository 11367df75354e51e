import { NianbaoError } from '../errors'
import { layoutPages } from './pdf-layout'
import { withTimeout } from './pdf-document'
import type { Gray } from './raster'
import { ocrPageImage } from './ocr/page'
import type { PageContent } from './pdf-grid'
import { decodeTiff } from './tiff'
import { OcrPool } from './ocr/pool'
import { decodeGray, MAX_PIXELS, OCR_PAGE_SECONDS } from './ocr/scan'
import type { ReadOptions, SourceText } from './types'

/** A page photographed or scanned to PNG/JPEG/TIFF: the same OCR path as a scanned PDF page. */
export async function readImage(bytes: Uint8Array, file: string, opts: ReadOptions = {}): Promise<SourceText> {
  // A TIFF can hold several pages (a scanner's whole report); PNG and JPEG hold one.
  const images = isTiff(bytes) ? decodeTiff(bytes, file, MAX_PIXELS) : [await decode(bytes, file)]
  const pool = new OcrPool(opts.signal)
  try {
    const pages: PageContent[] = []
    for (const [i, img] of images.entries()) {
      if (opts.signal?.aborted) throw new NianbaoError('cancelled', '已取消', file)
      const need = { first: i === 0, last: i === images.length - 1 }
      pages.push(await withTimeout(ocrPageImage(img, i + 1, pool, need), OCR_PAGE_SECONDS, () => new NianbaoError('timeout', `第 ${i + 1} 页图片识别超时（${OCR_PAGE_SECONDS} 秒）`, file)))
      opts.onProgress?.(i + 1, images.length, '识别图片')
    }
    return layoutPages(pages, 'image')
  } finally {
    await pool.close()
  }
}

async function decode(bytes: Uint8Array, file: string): Promise<Gray> {
  const tooLarge = (w: number, h: number): void => {
    if (w * h > MAX_PIXELS) throw new NianbaoError('too-large', `图片过大（${w}×${h}）`, file)
  }
  try {
    return await decodeGray(bytes, tooLarge)
  } catch (e) {
    if (e instanceof NianbaoError) throw e
    throw new NianbaoError('corrupt', '图片文件已损坏或格式无法识别', file)
  }
}

const isTiff = (b: Uint8Array): boolean => (b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a) || (b[0] === 0x4d && b[1] === 0x4d && b[3] === 0x2a)
