import os from 'node:os'
import Tesseract from 'tesseract.js'
import { NianbaoError } from '../../errors'
import { releaseCore, Reader } from './reader'
import type { OcrLang } from './resources'

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

/** The languages the passes above read. */
const PASS_LANGS = [...new Set([DIGITS, DIGITS_WORD, LABEL, LABEL_LINE].map((p) => p.lang))]

/** Idle readers stay up this long: the next report of a batch import starts without loading models. */
const IDLE_SECONDS = 30
/** A read this slow is stuck (a crop reads in well under a second): its reader is replaced. */
const READ_SECONDS = 60

interface Job {
  pass: OcrPass
  image: Buffer
  owner: OcrPool
  resolve: (r: OcrRead) => void
  reject: (e: unknown) => void
}

interface Slot {
  reader: Reader
  job?: Job
}

/**
 * The OCR readers, shared by every import: as many as the cores (up to 8), each able to read
 * either language, so labels (chi_sim, the slow reads) and digits (eng) spread over all cores
 * instead of waiting for their own language's worker. A job sets its own segmentation mode and
 * whitelist; a reader only changes the parameters that differ from its last read.
 */
const slots: Slot[] = []
const queue: Job[] = []
const size = Math.max(1, Math.min(os.availableParallelism(), 8))
let idleTimer: NodeJS.Timeout | undefined

function pump(): void {
  clearTimeout(idleTimer)
  while (queue.length) {
    const idle = slots.filter((s) => !s.job)
    if (!idle.length) {
      // Readers start with the pool (warmOcr); this replaces one that failed or hung.
      if (slots.length >= size) return
      const slot = startReader([])
      slots.push(slot)
      idle.push(slot)
    }
    // The oldest job goes to an idle reader that has its language; failing that, one loads it.
    const job = queue[0]!
    const slot = idle.find((s) => s.reader.langs.has(job.pass.lang)) ?? idle[0]!
    queue.shift()
    void run(slot, job)
  }
  if (slots.every((s) => !s.job)) {
    idleTimer = setTimeout(() => void stopOcrWorkers(), IDLE_SECONDS * 1000)
    idleTimer.unref()
  }
}

async function run(slot: Slot, job: Job): Promise<void> {
  slot.job = job
  let timer: NodeJS.Timeout | undefined
  try {
    const stuck = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new NianbaoError('timeout', `文字识别超时（${READ_SECONDS} 秒）`)), READ_SECONDS * 1000)
    })
    const params = {
      tessedit_pageseg_mode: job.pass.psm,
      tessedit_char_whitelist: job.pass.whitelist ?? '',
      // Tesseract reads a doubtful line again inverted (white on black); printed digits never
      // are, and the second read cost a fifth of the digit reads' CPU.
      tessedit_do_invert: job.pass.whitelist ? '0' : '1'
    }
    const t0 = performance.now()
    const read = await Promise.race([slot.reader.read(job.pass.lang, params, job.image, !!job.pass.words), stuck])
    count(`${job.pass.lang} psm ${job.pass.psm}${job.pass.whitelist ? ' digits' : ''}${job.pass.words ? ' words' : ''}`, t0)
    job.resolve({ text: read.text.trim(), confidence: read.confidence, ...(job.pass.words ? { words: read.words ?? [] } : {}) })
    slot.job = undefined
  } catch (e) {
    job.reject(e)
    // A reader that failed to start, threw or hung is not reused (unless already stopped).
    const at = slots.indexOf(slot)
    if (at >= 0) slots.splice(at, 1)
    void slot.reader.terminate()
  } finally {
    clearTimeout(timer)
    pump()
  }
}

function startReader(langs: readonly OcrLang[]): Slot {
  const t0 = performance.now()
  const reader = new Reader(langs)
  void reader.ready.then(() => count('reader start', t0), () => undefined)
  return { reader }
}

/**
 * Starts the readers, with these languages loaded (by default those of the passes above), before
 * the first read: called as soon as a page is known to need OCR, their start-up (about a quarter
 * second of CPU each) overlaps the page's image work instead of delaying its first reads. Every
 * OcrPool does it when made; a caller that knows earlier (a scanned page met while a PDF's text
 * layer is read) may call it then. Readers already up are kept.
 */
export function warmOcr(langs: readonly OcrLang[] = PASS_LANGS): void {
  while (slots.length < size) slots.push(startReader(langs))
  pump()
}

/** Reader time per kind of read (and reader start-ups) since the last reset: the OCR benchmark's breakdown. */
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

/** Stops every OCR worker now (the next read starts them again). */
export async function stopOcrWorkers(): Promise<void> {
  clearTimeout(idleTimer)
  const all = slots.splice(0)
  releaseCore()
  await Promise.all(all.map((s) => s.reader.terminate()))
}

/**
 * One import's handle on the shared OCR workers. Cancelling the import drops its queued reads
 * and rejects the ones in flight; the workers stay up for other imports.
 */
export class OcrPool {
  private readonly aborted: Promise<never>

  constructor(private readonly signal?: AbortSignal) {
    // An import makes its pool when it meets a page to read: the readers start meanwhile.
    warmOcr()
    // Every read races the abort: a read already running is not interrupted, only ignored.
    this.aborted = new Promise<never>((_, reject) => {
      signal?.addEventListener('abort', () => {
        const reason = new NianbaoError('cancelled', '已取消')
        reject(reason)
        this.drop(reason)
      }, { once: true })
    })
    this.aborted.catch(() => undefined)
  }

  async read(pass: OcrPass, image: Uint8Array): Promise<OcrRead> {
    if (this.signal?.aborted) throw new NianbaoError('cancelled', '已取消')
    const job = new Promise<OcrRead>((resolve, reject) => {
      queue.push({ pass, image: Buffer.from(image.buffer, image.byteOffset, image.byteLength), owner: this, resolve, reject })
      pump()
    })
    return Promise.race([job, this.aborted])
  }

  /** Drops what this import still has queued; the readers stay up for a while (IDLE_SECONDS). */
  close(): Promise<void> {
    this.drop(new NianbaoError('cancelled', '已取消'))
    return Promise.resolve()
  }

  /** A cancelled import's queued reads go; a running read finishes and is ignored. */
  private drop(reason: unknown): void {
    for (let i = queue.length - 1; i >= 0; i--) {
      const job = queue[i]!
      if (job.owner !== this) continue
      queue.splice(i, 1)
      job.reject(reason)
    }
  }
}
