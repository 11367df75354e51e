import type { DocumentInitParameters, PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api'
import { NianbaoError } from '../errors'
import { pdfResources, type PdfResources } from './pdf-resources'

/** Reports run to a few dozen pages; thousands means a broken or hostile file. */
export const MAX_PDF_PAGES = 500

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs')
let pdfjsModule: Promise<PdfJs> | undefined

/** The legacy build runs under plain Node; loaded lazily so text-only imports never pay for it. */
export function loadPdfJs(): Promise<PdfJs> {
  pdfjsModule ??= import('pdfjs-dist/legacy/build/pdf.mjs')
  return pdfjsModule
}

/**
 * The one place pdf.js document options are decided: no eval (CSP, DESIGN.md), packed CJK cmaps
 * (CJK text disappears without them), local standard fonts, never a network fetch.
 */
export function pdfLoadParams(
  data: Uint8Array,
  res: PdfResources,
  password?: string
): DocumentInitParameters {
  return {
    data,
    isEvalSupported: false,
    cMapUrl: res.cMapUrl,
    cMapPacked: true,
    standardFontDataUrl: res.standardFontDataUrl,
    useSystemFonts: false,
    disableFontFace: true,
    stopAtErrors: false,
    verbosity: 0,
    ...(password === undefined ? {} : { password })
  }
}

/** Opens a PDF or throws a NianbaoError a reviewer can act on. */
export async function openPdf(
  bytes: Uint8Array,
  file: string,
  password?: string
): Promise<PDFDocumentProxy> {
  if (bytes.length === 0) throw new NianbaoError('empty-file', '文件为空（0 字节）', file)
  const pdfjs = await loadPdfJs()
  // pdf.js transfers (detaches) the buffer it is given: hand it a copy.
  const task = pdfjs.getDocument(pdfLoadParams(new Uint8Array(bytes), pdfResources(), password))
  let doc: PDFDocumentProxy
  try {
    doc = await task.promise
  } catch (e) {
    await task.destroy().catch(() => undefined)
    throw pdfError(e, file, password)
  }
  if (doc.numPages < 1 || doc.numPages > MAX_PDF_PAGES) {
    const n = doc.numPages
    await doc.destroy()
    throw new NianbaoError(
      n < 1 ? 'corrupt' : 'too-large',
      n < 1 ? 'PDF 没有页面' : `PDF 声称有 ${n} 页，超过上限 ${MAX_PDF_PAGES} 页`,
      file
    )
  }
  return doc
}

/** Maps a pdf.js failure to what the reviewer is told. */
export function pdfError(e: unknown, file: string, password?: string): NianbaoError {
  if (e instanceof NianbaoError) return e
  // Our own bugs must surface as bugs, not as a blamed file.
  if (e instanceof TypeError || e instanceof RangeError || e instanceof ReferenceError) throw e
  const err = e as { name?: string; code?: number; message?: string }
  if (err?.name === 'PasswordException') {
    // pdf.js: code 1 = password needed, 2 = the given one is wrong.
    return err.code === 2 || password !== undefined
      ? new NianbaoError('pdf-wrong-password', 'PDF 密码不正确', file)
      : new NianbaoError('pdf-encrypted', '需要密码：该 PDF 受密码保护（命令行用 --password 提供）', file)
  }
  const why = err?.message ? `：${err.message}` : ''
  return new NianbaoError('corrupt', `PDF 文件已损坏或不完整${why}`, file)
}

/** Rejects with `error()` when `p` takes longer than `seconds`. */
export function withTimeout<T>(p: Promise<T>, seconds: number, error: () => NianbaoError): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), seconds * 1000)
  })
  return Promise.race([p, limit]).finally(() => clearTimeout(timer))
}
