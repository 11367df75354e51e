// pdf.js and tesseract read their data (cmaps, fonts, traineddata, the wasm core and its glue)
// with plain fs or worker threads, which cannot look inside app.asar; electron-builder unpacks them beside
// it (build/electron-builder.yml asarUnpack), so core gets the unpacked paths.
import { ocrResources, setOcrResources } from '../core/ingest/ocr/resources'
import { pdfResources, setPdfResources } from '../core/ingest/pdf-resources'

export function unpacked(path: string): string {
  return path.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1')
}

export function configureResources(): void {
  const pdf = pdfResources()
  setPdfResources({ cMapUrl: unpacked(pdf.cMapUrl), standardFontDataUrl: unpacked(pdf.standardFontDataUrl) })
  const ocr = ocrResources()
  setOcrResources({ langPath: (lang) => unpacked(ocr.langPath(lang)), coreDir: unpacked(ocr.coreDir) })
}
