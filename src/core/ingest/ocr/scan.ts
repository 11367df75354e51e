import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api'
import type { PageContent } from '../pdf-grid'
import type { ReadOptions } from '../types'

export async function ocrPdfPages(_doc: PDFDocumentProxy, _pages: number[], _file: string, _opts: ReadOptions): Promise<Map<number, PageContent>> {
  return new Map()
}
