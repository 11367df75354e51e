// Opening PDFs with pdf.js in the renderer, the worker from our own bundle.
import { GlobalWorkerOptions, PDFWorker, getDocument, type PDFDocumentProxy, type PDFPageProxy, type PageViewport, type RenderTask } from 'pdfjs-dist'
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

/** pdf.js transfers (detaches) the buffer it is given, so it gets a copy and the caller keeps its bytes. */
export function openPdf(data: Uint8Array): { promise: Promise<PDFDocumentProxy>; destroy: () => Promise<void> } {
  const task = getDocument({ data: data.slice(), worker: warmPdfWorker(), ...PDF_OPTIONS })
  return { promise: task.promise, destroy: () => task.destroy() }
}

/** The scale at which a page `pageWidth` points wide fills a pane `paneWidth` px wide (less the page's margins). */
export function fitScale(pageWidth: number, paneWidth: number): number {
  return Math.max(0.25, (paneWidth - 24) / pageWidth)
}

/** Draws the page on `canvas` at `scale`, in device pixels so it stays sharp on high-density screens. */
export function drawPage(page: PDFPageProxy, canvas: HTMLCanvasElement, scale: number): { viewport: PageViewport; task: RenderTask } {
  const viewport = page.getViewport({ scale })
  const dpr = window.devicePixelRatio || 1
  canvas.width = Math.floor(viewport.width * dpr)
  canvas.height = Math.floor(viewport.height * dpr)
  return { viewport, task: page.render({ canvas, viewport, transform: dpr === 1 ? undefined : [dpr, 0, 0, dpr, 0, 0] }) }
}

/** Copies a page drawn ahead onto the shown canvas; the context as pdf.js makes it, which later draws reuse. */
export function copyPicture(canvas: HTMLCanvasElement, picture: HTMLCanvasElement): void {
  canvas.width = picture.width
  canvas.height = picture.height
  canvas.getContext('2d', { alpha: false, willReadFrequently: true })?.drawImage(picture, 0, 0)
}
