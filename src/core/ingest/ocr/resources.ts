import { createRequire } from 'node:module'
import path from 'node:path'

/** Local tesseract files: everything is read from disk, nothing is ever fetched. */
export interface OcrResources {
  /** Folder holding `<lang>.traineddata.gz`, per language. */
  langPath(lang: OcrLang): string
  /** Folder of tesseract.js-core (its wasm builds and their JavaScript glue). */
  coreDir: string
}

export type OcrLang = 'chi_sim' | 'chi_tra' | 'eng'

let configured: OcrResources | undefined

/** Electron main passes the unpacked folders (ASAR cannot hold tessdata); CLI and tests use node_modules. */
export function setOcrResources(res: OcrResources): void {
  configured = res
}

export function ocrResources(): OcrResources {
  if (configured) return configured
  const require = createRequire(import.meta.url)
  // The core tesseract.js itself depends on: the version its release was built and tested with.
  const core = createRequire(require.resolve('tesseract.js/package.json')).resolve('tesseract.js-core/package.json')
  configured = {
    // best_int: LSTM-only integer models, small and quick to load. Labels only: digits are read
    // by eng, so chi_sim's dropping of lone zeros (issue 4) cannot reach a number.
    langPath: (lang) => path.join(path.dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), '4.0.0_best_int'),
    coreDir: path.dirname(core)
  }
  return configured
}
