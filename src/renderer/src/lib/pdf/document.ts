// Opening PDFs with pdf.js in the renderer, the worker from our own bundle.
import { GlobalWorkerOptions, PDFWorker, getDocument, type PDFDocumentProxy } from 'pdfjs-dist'
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
