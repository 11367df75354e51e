import UTIF from 'utif'
import { NianbaoError } from '../errors'
import { grayFromRgba, type Gray } from './raster'

/** A scanner's multi-page TIFF holds a report's pages; far more is a broken or hostile file. */
const MAX_TIFF_PAGES = 200

/** The pages of a TIFF (scanners write LZW, Deflate, PackBits or CCITT G3/G4), as gray images. */
export function decodeTiff(bytes: Uint8Array, file: string, maxPixels: number): Gray[] {
  // utif follows the IFD chain without a bound: a loop in it would never end.
  if (ifdCount(bytes) === undefined) throw new NianbaoError('corrupt', 'TIFF 图片已损坏', file)
  const pages: Gray[] = []
  try {
    const ifds = UTIF.decode(bytes).filter((ifd) => ifd.t256 && ifd.t257)
    for (const ifd of ifds) {
      const w = ifd.t256![0]!, h = ifd.t257![0]!
      if (w * h > maxPixels) throw new NianbaoError('too-large', `图片过大（${w}×${h}）`, file)
      UTIF.decodeImage(bytes, ifd, ifds)
      pages.push(grayFromRgba(ifd.width, ifd.height, UTIF.toRGBA8(ifd)))
    }
  } catch (e) {
    if (e instanceof NianbaoError) throw e
    throw new NianbaoError('corrupt', 'TIFF 图片已损坏或压缩方式无法识别', file)
  }
  if (!pages.length) throw new NianbaoError('corrupt', 'TIFF 文件中没有图像', file)
  return pages
}

/** Pages in the IFD chain, or undefined when the chain loops, runs off the file or is absurdly long. */
function ifdCount(b: Uint8Array): number | undefined {
  if (b.length < 8) return undefined
  const le = b[0] === 0x49
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const seen = new Set<number>()
  for (let at = view.getUint32(4, le); at !== 0; ) {
    if (seen.has(at) || seen.size >= MAX_TIFF_PAGES || at + 2 > b.length) return undefined
    seen.add(at)
    const next = at + 2 + view.getUint16(at, le) * 12
    if (next + 4 > b.length) return undefined
    at = view.getUint32(next, le)
  }
  return seen.size
}
