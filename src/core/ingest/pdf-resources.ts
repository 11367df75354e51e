import { createRequire } from 'node:module'
import path from 'node:path'

/** Where pdf.js finds its CJK character maps and the 14 standard fonts (folders, trailing slash). */
export interface PdfResources {
  cMapUrl: string
  standardFontDataUrl: string
}

let configured: PdfResources | undefined

/**
 * Electron main passes unpacked resource folders here (ASAR cannot be read by pdf.js's fs
 * loader); the CLI and tests fall back to the copies inside node_modules.
 */
export function setPdfResources(res: PdfResources): void {
  configured = res
}

export function pdfResources(): PdfResources {
  if (configured) return configured
  const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))
  configured = {
    cMapUrl: path.join(root, 'cmaps') + path.sep,
    standardFontDataUrl: path.join(root, 'standard_fonts') + path.sep
  }
  return configured
}
