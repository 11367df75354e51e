import { loadImage, createCanvas } from '@napi-rs/canvas'
import { NianbaoError } from '../errors'
import { layoutPages } from './pdf-layout'
import { withTimeout } from './pdf-document'
import { grayFromRgba, type Gray } from './raster'
import { ocrPageImage } from './ocr/page'
import { OcrPool } from './ocr/pool'
import { OCR_PAGE_SECONDS } from './ocr/scan'
import type { ReadOptions, SourceText } from './types'

/** Larger than any sane page scan (A4 at 600 dpi is 35 Mpx): refuse before decoding. */
const MAX_PIXELS = 60_000_000

/** A page photographed or scanned to PNG/JPEG: the same OCR path as a scanned PDF page. */
export async function readImage(bytes: Uint8Array, file: string, opts: ReadOptions = {}): Promise<SourceText> {
  const img = await decode(bytes, file)
  const pool = new OcrPool(opts.signal)
  try {
    const content = await withTimeout(ocrPageImage(img, 1, pool), OCR_PAGE_SECONDS, () => new NianbaoError('timeout', `图片识别超时（${OCR_PAGE_SECONDS} 秒）`, file))
    opts.onProgress?.(1, 1, '识别图片')
    return layoutPages([content], 'image')
  } finally {
    await pool.close()
  }
}

async function decode(bytes: Uint8Array, file: string): Promise<Gray> {
  if (isTiff(bytes)) throw new NianbaoError('unsupported-type', 'TIFF 图片暂不支持，请转存为 PNG 或 JPEG', file)
  let image
  try {
    image = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  } catch {
    throw new NianbaoError('corrupt', '图片文件已损坏或格式无法识别', file)
  }
  if (image.width * image.height > MAX_PIXELS) throw new NianbaoError('too-large', `图片过大（${image.width}×${image.height}）`, file)
  const canvas = createCanvas(image.width, image.height)
  const ctx = canvas.getContext('2d')
  ctx.fillStyle = '#fff'
  ctx.fillRect(0, 0, image.width, image.height)
  ctx.drawImage(image, 0, 0)
  return grayFromRgba(image.width, image.height, ctx.getImageData(0, 0, image.width, image.height).data)
}

const isTiff = (b: Uint8Array): boolean => (b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a) || (b[0] === 0x4d && b[1] === 0x4d && b[3] === 0x2a)
