// pdf.js and tesseract.js read their data (cmaps, fonts, traineddata, worker scripts) with plain
// fs or worker threads, which cannot look inside app.asar; electron-builder unpacks them beside
// it (build/electron-builder.yml asarUnpack), so core gets the unpacked paths.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { ocrResources, setOcrResources } from '../core/ingest/ocr/resources'
import { pdfResources, setPdfResources } from '../core/ingest/pdf-resources'

export function unpacked(path: string): string {
  return path.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1')
}

export function configureResources(): void {
  const pdf = pdfResources()
  setPdfResources({ cMapUrl: unpacked(pdf.cMapUrl), standardFontDataUrl: unpacked(pdf.standardFontDataUrl) })
  const ocr = ocrResources()
  const tesseract = dirname(createRequire(import.meta.url).resolve('tesseract.js/package.json'))
  setOcrResources({
    langPath: (lang) => unpacked(ocr.langPath(lang)),
    workerPath: unpacked(join(tesseract, 'src', 'worker-script', 'node', 'index.js'))
  })
}
