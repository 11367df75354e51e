import type { DocForm } from '../../shared/cells'

/** A span of `SourceText.text` that came from a positioned source (a PDF text item, an OCR box). */
export interface TextSpan {
  start: number
  end: number
  page: number
  /** [x0, y0, x1, y1] in PDF points (text PDFs) or image pixels (scans), origin top-left. */
  bbox: [number, number, number, number]
  /** OCR confidence 0..100; absent for text layers. */
  confidence?: number
}

/**
 * What every reader (txt, html, docx, pdf, ocr) hands the extractor: the document as text, with
 * table rows as lines whose cells are separated by tabs where the reader knows the cell boundaries.
 * Positioned readers add spans so each extracted cell can point at its page and box.
 */
export interface SourceText {
  form: DocForm
  text: string
  pages?: number
  spans?: TextSpan[]
}

export interface ReadOptions {
  password?: string
  signal?: AbortSignal
  onProgress?: (done: number, total: number, label?: string) => void
}
