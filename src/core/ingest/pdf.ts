import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api'
import { NianbaoError } from '../errors'
import type { ReadOptions, SourceText } from './types'
import { openPdf, pdfError, withTimeout } from './pdf-document'
import { pageRuns, readPdfPage } from './pdf-page'
import { layoutPages } from './pdf-layout'
import type { PageContent } from './pdf-grid'
import { PdfObjects } from './pdf-objects'
import { ocrPdfPages, pageJpeg } from './ocr/scan'
import { warmOcr } from './ocr/pool'

const chars = (runs: PageContent['runs']): number => runs.reduce((s, r) => s + r.text.replace(/\s/g, '').length, 0)

/** A page whose text layer holds fewer characters than this is treated as a scan. */
const MIN_TEXT_CHARS = 20
/** One malformed page must not hang an import. */
export const PDF_PAGE_SECONDS = 20

/**
 * Reads a PDF page by page: text layers give positioned runs and ruling lines; pages without a
 * usable text layer go to OCR. The form is pdf-scan when any page needed OCR.
 */
export async function readPdf(bytes: Uint8Array, file: string, opts: ReadOptions = {}): Promise<SourceText> {
  const doc = await openPdf(bytes, file, opts.password)
  try {
    const pages: PageContent[] = []
    const scans: number[] = []
    // A scan's JPEG as stored, for a native decoder: pdf.js would decode it listing the page's operators.
    const jpegs = new Map<number, Uint8Array>()
    let objects: PdfObjects | null | undefined
    const read = async (page: PDFPageProxy, n: number): Promise<PageContent> => {
      const runs = await pageRuns(page)
      if (chars(runs) < MIN_TEXT_CHARS) {
        if (objects === undefined)
          try {
            objects = new PdfObjects(bytes)
          } catch {
            // A file it cannot index (over 512 MB: past V8's longest string) leaves its scans to pdf.js.
            objects = null
          }
        const jpeg = objects && !objects.encrypted ? pageJpeg(objects, page.ref) : undefined
        if (jpeg) {
          jpegs.set(n, jpeg)
          const { width, height } = page.getViewport({ scale: 1 })
          return { page: n, width, height, runs, segments: [], images: 1 }
        }
      }
      return readPdfPage(page, n, runs)
    }
    for (let n = 1; n <= doc.numPages; n++) {
      if (opts.signal?.aborted) throw new NianbaoError('cancelled', '已取消', file)
      const page = await doc.getPage(n)
      const content = await withTimeout(read(page, n), PDF_PAGE_SECONDS, () => new NianbaoError('timeout', `第 ${n} 页处理超时（${PDF_PAGE_SECONDS} 秒）`, file))
      const scan = chars(content.runs) < MIN_TEXT_CHARS && content.images > 0
      if (scan) {
        scans.push(n)
        // The OCR readers start (about half a second) while the other pages are read.
        warmOcr()
      }
      // A scan whose image pdf.js decoded keeps it cached for the OCR pass; other pages free theirs now.
      if (!scan || jpegs.has(n)) page.cleanup()
      pages.push(content)
      opts.onProgress?.(n, doc.numPages, `第 ${n} 页`)
    }
    if (scans.length === 0) return layoutPages(pages, 'pdf-text')
    const scanned = await ocrPdfPages(doc, scans, file, opts, jpegs)
    const merged = pages.map((p) => scanned.get(p.page) ?? p)
    return layoutPages(merged, 'pdf-scan')
  } catch (e) {
    throw pdfError(e, file, opts.password)
  } finally {
    await doc.destroy()
  }
}
