// OCR reads as the API hands them out; apart from api.ts so the renderer takes the threshold
// without the schemas.

/** A word (or one cell's read) the OCR recognised on a scanned page, boxed like cell sources. */
export interface OcrWord {
  page: number
  text: string
  /** [x0, y0, x1, y1] in PDF points (scanned PDFs) or image pixels (images), origin top-left. */
  bbox: [number, number, number, number]
  /** 0..100 */
  confidence: number
}

/** Below this an OCR read is doubtful: its cell is marked `check`, its word tinted on the page. */
export const LOW_OCR_CONFIDENCE = 80
