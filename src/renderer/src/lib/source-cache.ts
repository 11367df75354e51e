// The last few sources opened or about to be opened, with their parsed PDFs. Most of a first page's
// time is pdf.js turning the report's embedded CJK fonts into web fonts (0.2–0.6 s of CPU per
// report); a report kept here reopens without it, and one the pointer rests on in the library
// starts that work before the click.
import type { PDFDocumentProxy } from 'pdfjs-dist'
import type { DocumentDetail, SourceView } from '../../../shared/api'
import type { Result } from '../../../shared/result'
import { api } from './api-client'
import { openPdf } from './pdf/document'
import { openingCell } from './state/review.svelte'

interface Entry {
  view: Promise<Result<SourceView>>
  pdf?: { promise: Promise<PDFDocumentProxy>; destroy: () => Promise<void> }
  /** The opening page's fonts asked for already (a pointer wandering over the rows asks again and again). */
  warmed?: boolean
  /** The cells read ahead, for the click that follows soon to use instead of asking again. */
  detail?: { promise: Promise<Result<DocumentDetail>>; at: number }
}

/** A handful: each parsed PDF holds its fonts and page data in the worker. */
const KEEP = 3
/** How long cells read ahead stay good enough to open with (nothing edits them in the library meanwhile). */
const DETAIL_FRESH_MS = 10_000
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
 * Parses the report's PDF and the page it opens on (that of its first cell to check) as far as its
 * fonts, in the worker, as soon as the bytes are here: while the page builds the tables, and
 * before a click when the pointer rests on the report in the library. pdf.js keeps a document's
 * fonts, so the page then only needs drawing.
 */
export function warmSource(id: number, detail: Promise<Result<DocumentDetail>>): void {
  loadSource(id)
    .then(async (res) => {
      if (!res.ok || !isPdf(res.value)) return
      const e = entries.get(id)
      if (!e || e.warmed) return
      e.warmed = true
      const pdf = await loadPdf(id, res.value)
      const doc = await detail
      const key = doc.ok ? openingCell(doc.value) : null
      const src = key && doc.ok ? doc.value.cells[key]?.source : undefined
      const page = await pdf.getPage(Math.min(src && 'page' in src ? src.page : 1, pdf.numPages))
      await page.getOperatorList()
    })
    .catch(() => {
      // Only a head start: drawing the page shows any error.
    })
}

function fresh(e: Entry | undefined): Promise<Result<DocumentDetail>> | null {
  return e?.detail && Date.now() - e.detail.at < DETAIL_FRESH_MS ? e.detail.promise : null
}

/** The pointer rests on a report in the library: read its source and cells ahead of the click. */
export function prefetchSource(id: number): void {
  if (fresh(entries.get(id))) return
  const detail = api.getDocument({ id })
  void loadSource(id)
  const e = entries.get(id)
  if (e) e.detail = { promise: detail, at: Date.now() }
  warmSource(id, detail)
}

/** The report's cells for its opening: those just read ahead (used once), else asked for now. */
export function openDetail(id: number): Promise<Result<DocumentDetail>> {
  const e = entries.get(id)
  const ahead = fresh(e)
  if (e) e.detail = undefined
  return ahead ?? api.getDocument({ id })
}

/** The stored report changed (extracted again, deleted): read it afresh next time. */
export function forget(id: number): void {
  const e = entries.get(id)
  if (!e) return
  entries.delete(id)
  void e.pdf?.destroy()
}
