import os from 'node:os'
import Tesseract from 'tesseract.js'
import { NianbaoError } from '../../errors'
import { ocrResources, type OcrLang } from './resources'

export interface OcrRead {
  text: string
  confidence: number
}

/** One parameter set: heterogeneous workers in one scheduler give non-deterministic results. */
export interface OcrPass {
  lang: OcrLang
  psm: Tesseract.PSM
  whitelist?: string
}

/** Digits as printed in report cells: counts, amounts (10.5), negative changes (-4), separators. */
export const DIGITS: OcrPass = { lang: 'eng', psm: Tesseract.PSM.SINGLE_LINE, whitelist: '0123456789.,-' }
/** Line mode reads nothing (or 4 at no confidence) in some lone 0 crops of 150 dpi scans; word mode reads them. */
export const DIGITS_WORD: OcrPass = { ...DIGITS, psm: Tesseract.PSM.SINGLE_WORD }
export const LABEL: OcrPass = { lang: 'chi_sim', psm: Tesseract.PSM.SINGLE_BLOCK }
/** Block mode reads nothing in some short one-line labels (规章 at 150 dpi); line mode reads them. */
export const LABEL_LINE: OcrPass = { ...LABEL, psm: Tesseract.PSM.SINGLE_LINE }

/**
 * tesseract.js workers for one import, one scheduler per pass, sized to the machine's cores.
 * Workers start lazily on first use and all stop on close() or when the signal aborts.
 */
export class OcrPool {
  private schedulers = new Map<string, Promise<Tesseract.Scheduler>>()
  private readonly size = Math.max(1, Math.min(os.availableParallelism(), 4))

  private readonly aborted: Promise<never>

  constructor(private readonly signal?: AbortSignal) {
    // Jobs queued on terminated workers never settle: every read also races the abort.
    this.aborted = new Promise<never>((_, reject) => {
      signal?.addEventListener('abort', () => {
        reject(new NianbaoError('cancelled', '已取消'))
        void this.close()
      }, { once: true })
    })
    this.aborted.catch(() => undefined)
  }

  async read(pass: OcrPass, image: Uint8Array): Promise<OcrRead> {
    if (this.signal?.aborted) throw new NianbaoError('cancelled', '已取消')
    const job = this.scheduler(pass).then((s) => s.addJob('recognize', Buffer.from(image.buffer, image.byteOffset, image.byteLength)))
    const { data } = await Promise.race([job, this.aborted])
    return { text: data.text.trim(), confidence: data.confidence }
  }

  private scheduler(pass: OcrPass): Promise<Tesseract.Scheduler> {
    const key = `${pass.lang}/${pass.psm}/${pass.whitelist ?? ''}`
    let s = this.schedulers.get(key)
    if (!s) {
      s = this.start(pass)
      this.schedulers.set(key, s)
    }
    return s
  }

  private async start(pass: OcrPass): Promise<Tesseract.Scheduler> {
    const res = ocrResources()
    const scheduler = Tesseract.createScheduler()
    const workers = await Promise.all(
      Array.from({ length: this.size }, async () => {
        const worker = await Tesseract.createWorker(pass.lang, Tesseract.OEM.LSTM_ONLY, {
          langPath: res.langPath(pass.lang),
          cacheMethod: 'none',
          gzip: true,
          ...(res.workerPath ? { workerPath: res.workerPath } : {}),
          ...(res.corePath ? { corePath: res.corePath } : {})
        }, {
          // One value or label per crop: dictionary guesses only turn digits into words.
          load_system_dawg: '0',
          load_freq_dawg: '0'
        })
        await worker.setParameters({
          tessedit_pageseg_mode: pass.psm,
          ...(pass.whitelist ? { tessedit_char_whitelist: pass.whitelist } : {})
        })
        return worker
      })
    )
    for (const w of workers) scheduler.addWorker(w)
    return scheduler
  }

  async close(): Promise<void> {
    const all = [...this.schedulers.values()]
    this.schedulers.clear()
    await Promise.all(all.map((s) => s.then((x) => x.terminate()).catch(() => undefined)))
  }
}
