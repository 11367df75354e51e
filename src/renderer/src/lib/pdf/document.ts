// Opening PDFs with pdf.js in the renderer, the worker from our own bundle.
import { GlobalWorkerOptions, PDFWorker, getDocument, type PDFDocumentProxy, type PDFPageProxy, type RenderTask } from 'pdfjs-dist'
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url'
import { pdfOptions } from './options'

GlobalWorkerOptions.workerSrc = workerUrl

const PDF_OPTIONS = pdfOptions(document.baseURI)

/** One worker for the whole session: starting one costs more than drawing a page. */
let worker: PDFWorker | null = null

/** Start the worker while the report's bytes are still on their way. */
export function warmPdfWorker(): PDFWorker {
  return (worker ??= new PDFWorker())
}

let frame: HTMLIFrameElement | null = null

/**
 * The document pdf.js loads the reports' embedded fonts into and draws pages in: a hidden frame of
 * our own. Each font added to the app's document made Chromium style and lay out the whole review
 * screen again (its tables: 20–80 ms a font, a few fonts a report, just before the page is drawn).
 * Pages are drawn on this document's canvases and copied onto the shown one.
 */
function drawingDocument(): Document {
  if (!frame?.contentDocument) {
    frame = document.createElement('iframe')
    frame.hidden = true
    frame.setAttribute('aria-hidden', 'true')
    frame.tabIndex = -1
    document.body.append(frame)
  }
  return frame.contentDocument!
}

/** pdf.js transfers (detaches) the buffer it is given, so it gets a copy and the caller keeps its bytes. */
export function openPdf(data: Uint8Array): { promise: Promise<PDFDocumentProxy>; destroy: () => Promise<void> } {
  const task = getDocument({ data: data.slice(), worker: warmPdfWorker(), ownerDocument: drawingDocument(), ...PDF_OPTIONS })
  return { promise: task.promise, destroy: () => task.destroy() }
}

/** The scale at which a page `pageWidth` points wide fills a pane `paneWidth` px wide (less the page's margins). */
export function fitScale(pageWidth: number, paneWidth: number): number {
  return Math.max(0.25, (paneWidth - 24) / pageWidth)
}

/** Draws the page at `scale` on a canvas of the drawing document, in device pixels so it stays sharp on high-density screens. */
export function drawPage(page: PDFPageProxy, scale: number): { canvas: HTMLCanvasElement; task: RenderTask } {
  const viewport = page.getViewport({ scale })
  const dpr = window.devicePixelRatio || 1
  const canvas = drawingDocument().createElement('canvas')
  canvas.width = Math.floor(viewport.width * dpr)
  canvas.height = Math.floor(viewport.height * dpr)
  return { canvas, task: page.render({ canvas, viewport, transform: dpr === 1 ? undefined : [dpr, 0, 0, dpr, 0, 0] }) }
}

/** Copies a drawn page onto the shown canvas. */
export function copyPicture(canvas: HTMLCanvasElement, picture: HTMLCanvasElement): void {
  canvas.width = picture.width
  canvas.height = picture.height
  canvas.getContext('2d', { alpha: false })?.drawImage(picture, 0, 0)
}
