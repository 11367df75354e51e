// The last few sources opened or about to be opened, with their parsed PDFs. Most of a first page's
// time is pdf.js turning the report's embedded CJK fonts into web fonts (0.2–0.6 s of CPU per
// report); a report kept here reopens without it, and one the pointer rests on in the library
// starts that work before the click.
import type { PDFDocumentProxy } from 'pdfjs-dist'
import type { SourceView } from '../../../shared/api'
import type { Result } from '../../../shared/result'
import { api } from './api-client'
import { openPdf } from './pdf/document'
import { openingCell } from './state/review.svelte'

interface Entry {
  view: Promise<Result<SourceView>>
  pdf?: { promise: Promise<PDFDocumentProxy>; destroy: () => Promise<void> }
  /** Read ahead already (a pointer wandering over the rows asks again and again). */
  prefetched?: boolean
}

/** A handful: each parsed PDF holds its fonts and page data in the worker. */
const KEEP = 3
const entries = new Map<number, Entry>()

export function isPdf(view: SourceView): boolean {
  return view.form === 'pdf-text' || view.form === 'pdf-scan' || (!view.form && view.name.toLowerCase().endsWith('.pdf'))
}

/** Moves the report to the most recent end, dropping the oldest beyond KEEP. */
function touch(id: number, e: Entry): Entry {
  entries.delete(id)
  entries.set(id, e)
  for (const [old] of entries) {
    if (entries.size <= KEEP) break
    forget(old)
  }
  return e
}

/** The report's source; a failed read is not kept, so the next open asks again. */
export function loadSource(id: number): Promise<Result<SourceView>> {
  const e = touch(id, entries.get(id) ?? { view: api.getSource({ id }) })
  void e.view.then((res) => {
    if (!res.ok && entries.get(id) === e) entries.delete(id)
  })
  return e.view
}

/** The report's PDF, parsed once while it stays in the cache. */
export function loadPdf(id: number, view: SourceView): Promise<PDFDocumentProxy> {
  const e = touch(id, entries.get(id) ?? { view: Promise.resolve({ ok: true, value: view }) })
  const pdf = (e.pdf ??= openPdf(view.data))
  pdf.promise.catch(() => {
    if (e.pdf === pdf) e.pdf = undefined
  })
  return pdf.promise
}

/**
 * Reads and parses a report ahead of its opening, up to the fonts of the page it opens on (that of
 * its first cell to check): pdf.js keeps a document's fonts, so the page then only needs drawing.
 */
export function prefetchSource(id: number): void {
  if (entries.get(id)?.prefetched) return
  const detail = api.getDocument({ id })
  loadSource(id)
    .then(async (res) => {
      if (!res.ok || !isPdf(res.value)) return
      const e = entries.get(id)
      if (!e || e.prefetched) return
      e.prefetched = true
      const pdf = await loadPdf(id, res.value)
      const doc = await detail
      const key = doc.ok ? openingCell(doc.value) : null
      const src = key && doc.ok ? doc.value.cells[key]?.source : undefined
      const page = await pdf.getPage(Math.min(src && 'page' in src ? src.page : 1, pdf.numPages))
      await page.getOperatorList()
    })
    .catch(() => {
      // Only a head start: opening the report shows any error.
    })
}

/** The stored report changed (extracted again, deleted): read it afresh next time. */
export function forget(id: number): void {
  const e = entries.get(id)
  if (!e) return
  entries.delete(id)
  void e.pdf?.destroy()
}
