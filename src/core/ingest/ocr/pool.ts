import os from 'node:os'
import type { Worker as Thread } from 'node:worker_threads'
import Tesseract from 'tesseract.js'
import { NianbaoError } from '../../errors'
import { ocrResources, type OcrLang } from './resources'

export interface OcrRead {
  text: string
  confidence: number
  /** Each word read, in the image's pixels: only for passes asking for `words`. */
  words?: OcrWord[]
}

export interface OcrWord {
  text: string
  confidence: number
  box: [number, number, number, number]
}

/** One read's parameters: page segmentation and whitelist travel with each job. */
export interface OcrPass {
  lang: OcrLang
  psm: Tesseract.PSM
  whitelist?: string
  /** Return the words with their boxes too (tesseract's block output: a little more work per read). */
  words?: boolean
}

/** Digits as printed in report cells: counts, amounts (10.5), negative changes (-4), separators. */
export const DIGITS: OcrPass = { lang: 'eng', psm: Tesseract.PSM.SINGLE_LINE, whitelist: '0123456789.,-' }
/** Line mode reads nothing (or 4 at no confidence) in some lone 0 crops of 150 dpi scans; word mode reads them. */
export const DIGITS_WORD: OcrPass = { ...DIGITS, psm: Tesseract.PSM.SINGLE_WORD }
export const LABEL: OcrPass = { lang: 'chi_sim', psm: Tesseract.PSM.SINGLE_BLOCK }
/** Block mode reads nothing in some short one-line labels (规章 at 150 dpi); line mode reads them. */
export const LABEL_LINE: OcrPass = { ...LABEL, psm: Tesseract.PSM.SINGLE_LINE }

/** Idle workers stay up this long: the next report of a batch import starts without loading models. */
const IDLE_SECONDS = 30
/** A read this slow is stuck (a crop reads in well under a second): its worker is replaced. */
const READ_SECONDS = 60

interface Job {
  pass: OcrPass
  image: Buffer
  owner: OcrPool
  resolve: (r: OcrRead) => void
  reject: (e: unknown) => void
}

interface Slot {
  worker: Promise<Tesseract.Worker>
  busy: boolean
}

/**
 * The tesseract.js workers of one language, shared by every import. Each job sets its own
 * segmentation mode and whitelist for its one recognize call (tesseract.js restores the
 * worker's parameters after it), so one worker set per language serves every pass: a worker
 * costs about a second of CPU to start (core and model), more than a page's digit reads.
 */
class Language {
  private readonly slots: Slot[] = []
  private readonly queue: Job[] = []

  constructor(
    private readonly lang: OcrLang,
    private readonly size: number
  ) {}

  get idle(): boolean {
    return !this.queue.length && this.slots.every((s) => !s.busy)
  }

  add(job: Job): void {
    this.queue.push(job)
    this.pump()
  }

  /** Drops the queued jobs of a cancelled import; a running read finishes and is ignored. */
  drop(owner: OcrPool, reason: unknown): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const job = this.queue[i]!
      if (job.owner !== owner) continue
      this.queue.splice(i, 1)
      job.reject(reason)
    }
  }

  async terminate(): Promise<void> {
    const slots = this.slots.splice(0)
    await Promise.all(slots.map((s) => s.worker.then((w) => w.terminate()).catch(() => undefined)))
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.busy)
      if (!slot && this.slots.length < this.size) {
        slot = { worker: start(this.lang), busy: false }
        this.slots.push(slot)
      }
      if (!slot) return
      void this.run(slot, this.queue.shift()!)
    }
  }

  private async run(slot: Slot, job: Job): Promise<void> {
    slot.busy = true
    let timer: NodeJS.Timeout | undefined
    try {
      const worker = await slot.worker
      thread(worker).ref()
      const stuck = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new NianbaoError('timeout', `文字识别超时（${READ_SECONDS} 秒）`)), READ_SECONDS * 1000)
      })
      const params = {
        tessedit_pageseg_mode: job.pass.psm,
        tessedit_char_whitelist: job.pass.whitelist ?? '',
        // Tesseract reads a doubtful line again inverted (white on black); printed digits never
        // are, and the second read cost a fifth of the digit reads' CPU.
        ...(job.pass.whitelist ? { tessedit_do_invert: '0' } : {})
      }
      const t0 = performance.now()
      const output = job.pass.words ? { text: true, blocks: true } : undefined
      const { data } = await Promise.race([worker.recognize(job.image, params as Partial<Tesseract.RecognizeOptions>, output), stuck])
      count(`${job.pass.lang} psm ${job.pass.psm}${job.pass.whitelist ? ' digits' : ''}${job.pass.words ? ' words' : ''}`, t0)
      job.resolve({ text: data.text.trim(), confidence: data.confidence, ...(job.pass.words ? { words: wordsOf(data) } : {}) })
      thread(worker).unref()
      slot.busy = false
    } catch (e) {
      job.reject(e)
      // A worker that failed to start, threw or hung is not reused.
      this.slots.splice(this.slots.indexOf(slot), 1)
      void slot.worker.then((w) => w.terminate()).catch(() => undefined)
    } finally {
      clearTimeout(timer)
      this.pump()
      workersIdle()
    }
  }
}

async function start(lang: OcrLang): Promise<Tesseract.Worker> {
  const t0 = performance.now()
  const res = ocrResources()
  const worker = await Tesseract.createWorker(lang, Tesseract.OEM.LSTM_ONLY, {
    langPath: res.langPath(lang),
    cacheMethod: 'none',
    gzip: true,
    ...(res.workerPath ? { workerPath: res.workerPath } : {}),
    ...(res.corePath ? { corePath: res.corePath } : {})
  }, {
    // One value or label per crop: dictionary guesses only turn digits into words.
    load_system_dawg: '0',
    load_freq_dawg: '0'
  })
  // An idle worker must not keep the CLI or a test process alive; it is held while it reads.
  thread(worker).unref()
  count(`${lang} start`, t0)
  return worker
}

/** Worker time per kind of read (and worker start-ups) since the last reset: the OCR benchmark's breakdown. */
const stats = new Map<string, { reads: number; ms: number }>()

function count(kind: string, since: number): void {
  const s = stats.get(kind) ?? { reads: 0, ms: 0 }
  s.reads++
  s.ms += performance.now() - since
  stats.set(kind, s)
}

/** The breakdown so far, and a fresh start for the next. */
export function takeOcrStats(): Map<string, { reads: number; ms: number }> {
  const copy = new Map(stats)
  stats.clear()
  return copy
}

function wordsOf(page: Tesseract.Page): OcrWord[] {
  return (page.blocks ?? []).flatMap((b) =>
    b.paragraphs.flatMap((p) => p.lines.flatMap((l) => l.words.map((w) => ({ text: w.text, confidence: w.confidence, box: [w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1] as OcrWord['box'] }))))
  )
}

/** tesseract.js keeps the Node worker thread on the worker object. */
const thread = (w: Tesseract.Worker): Thread => (w as unknown as { worker: Thread }).worker

// Per language, a share of the cores: both languages read side by side on their own workers.
const languages = new Map<OcrLang, Language>()
let idleTimer: NodeJS.Timeout | undefined

function language(lang: OcrLang): Language {
  clearTimeout(idleTimer)
  let l = languages.get(lang)
  if (!l) {
    l = new Language(lang, Math.max(1, Math.floor(Math.min(os.availableParallelism(), 8) / 2)))
    languages.set(lang, l)
  }
  return l
}

function workersIdle(): void {
  if (![...languages.values()].every((l) => l.idle)) return
  clearTimeout(idleTimer)
  idleTimer = setTimeout(() => void stopOcrWorkers(), IDLE_SECONDS * 1000)
  idleTimer.unref()
}

/** Stops every OCR worker now (the next read starts them again). */
export async function stopOcrWorkers(): Promise<void> {
  clearTimeout(idleTimer)
  const all = [...languages.values()]
  languages.clear()
  await Promise.all(all.map((l) => l.terminate()))
}

/**
 * One import's handle on the shared OCR workers. Cancelling the import drops its queued reads
 * and rejects the ones in flight; the workers stay up for other imports.
 */
export class OcrPool {
  private readonly aborted: Promise<never>
  private readonly used = new Set<Language>()

  constructor(private readonly signal?: AbortSignal) {
    // Every read races the abort: a read already running is not interrupted, only ignored.
    this.aborted = new Promise<never>((_, reject) => {
      signal?.addEventListener('abort', () => {
        const reason = new NianbaoError('cancelled', '已取消')
        reject(reason)
        for (const l of this.used) l.drop(this, reason)
      }, { once: true })
    })
    this.aborted.catch(() => undefined)
  }

  async read(pass: OcrPass, image: Uint8Array): Promise<OcrRead> {
    if (this.signal?.aborted) throw new NianbaoError('cancelled', '已取消')
    const l = language(pass.lang)
    this.used.add(l)
    const job = new Promise<OcrRead>((resolve, reject) => {
      l.add({ pass, image: Buffer.from(image.buffer, image.byteOffset, image.byteLength), owner: this, resolve, reject })
    })
    return Promise.race([job, this.aborted])
  }

  /** Drops what this import still has queued; the workers stay up for a while (IDLE_SECONDS). */
  close(): Promise<void> {
    const reason = new NianbaoError('cancelled', '已取消')
    for (const l of this.used) l.drop(this, reason)
    return Promise.resolve()
  }
}
