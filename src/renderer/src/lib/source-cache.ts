// The last few sources opened or about to be opened, with their parsed PDFs and the page each opens
// on drawn ahead. Most of a first page's time is pdf.js turning the report's embedded CJK fonts
// into web fonts (0.2–0.6 s of CPU per report); a report kept here reopens without it, and one the
// pointer rests on in the library does that work (and reads its cells) before the click.
import type { PDFDocumentProxy } from 'pdfjs-dist'
import type { DocumentDetail, SourceView } from '../../../shared/api'
import type { Result } from '../../../shared/result'
import { api } from './api-client'
import { drawPage, openPdf } from './pdf/document'
import { openingCell } from './state/review.svelte'

interface Entry {
  view: Promise<Result<SourceView>>
  pdf?: { promise: Promise<PDFDocumentProxy>; destroy: () => Promise<void> }
  /** The opening page parsed or drawn ahead (a pointer wandering over the rows asks again and again); see warmSource. */
  warming?: Promise<Picture | null>
  /** The cells read ahead, for the click that follows soon to use instead of asking again. */
  detail?: { promise: Promise<Result<DocumentDetail>>; at: number }
}

/** A page drawn off screen, for the pane to copy when it shows that page at that scale. */
interface Picture {
  page: number
  scale: number
  dpr: number
  drawn: Promise<HTMLCanvasElement | null>
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
 * Draws the page the report opens on (that of its first cell to check) off screen, at the scale the
 * pane will show it, as soon as the bytes are here: while the page builds the tables, and before a
 * click when the pointer rests on the report in the library. The pane then copies the picture
 * (see pictureOf). When the scale is not known yet (no pane measured), only the page's fonts are
 * parsed, the bulk of a first draw: pdf.js keeps a document's fonts.
 */
export function warmSource(id: number, detail: Promise<Result<DocumentDetail>>, scaleFor: (pageWidth: number) => number | null): void {
  void loadSource(id).then((res) => {
    const e = entries.get(id)
    if (!res.ok || !isPdf(res.value) || !e || e.warming) return
    e.warming = warm(loadPdf(id, res.value), detail, scaleFor).catch(() => null) // only a head start: drawing the page shows any error
  })
}

async function warm(
  pdf: Promise<PDFDocumentProxy>,
  detail: Promise<Result<DocumentDetail>>,
  scaleFor: (pageWidth: number) => number | null
): Promise<Picture | null> {
  const doc = await detail
  const key = doc.ok ? openingCell(doc.value) : null
  const src = key && doc.ok ? doc.value.cells[key]?.source : undefined
  const pages = await pdf
  const page = await pages.getPage(Math.min(src && 'page' in src ? src.page : 1, pages.numPages))
  const scale = scaleFor(page.getViewport({ scale: 1 }).width)
  if (scale === null) {
    page.getOperatorList().catch(() => undefined)
    return null
  }
  const { canvas, task } = drawPage(page, scale)
  const drawn = task.promise.then(
    () => canvas,
    () => null
  )
  return { page: page.pageNumber, scale, dpr: window.devicePixelRatio || 1, drawn }
}

/** The page drawn ahead for this report, if it is this page at this scale (waiting for its drawing to finish); else null. */
export async function pictureOf(id: number | null, page: number, scale: number): Promise<HTMLCanvasElement | null> {
  const picture = id === null ? null : await entries.get(id)?.warming
  if (!picture || picture.page !== page || picture.dpr !== (window.devicePixelRatio || 1) || Math.abs(picture.scale - scale) > 1e-9) return null
  return picture.drawn
}

function fresh(e: Entry | undefined): Promise<Result<DocumentDetail>> | null {
  return e?.detail && Date.now() - e.detail.at < DETAIL_FRESH_MS ? e.detail.promise : null
}

/** The pointer rests on a report in the library: read its source and cells ahead of the click. */
export function prefetchSource(id: number, scaleFor: (pageWidth: number) => number | null): void {
  if (fresh(entries.get(id))) return
  const detail = api.getDocument({ id })
  void loadSource(id)
  const e = entries.get(id)
  if (e) e.detail = { promise: detail, at: Date.now() }
  warmSource(id, detail, scaleFor)
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
