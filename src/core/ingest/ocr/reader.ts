import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { ocrResources, type OcrLang } from './resources'

/** What a reader sends back for one read. */
export interface ReaderOutput {
  text: string
  confidence: number
  words?: { text: string; confidence: number; box: [number, number, number, number] }[]
}

/**
 * The thread's code: tesseract.js-core driven directly, one TessBaseAPI per language in one wasm
 * instance, so one reader takes either language's crops. Compared with tesseract.js's own worker
 * it sets a parameter only when a read needs another value (tesseract.js saves and restores every
 * parameter around each read and lists the module's enums for each result: about a fifth of a
 * digit crop's CPU), and the compiled wasm comes from the main thread, shared by every reader.
 * Plain CommonJS in a string (run with `eval`): no file to locate beside a bundle or inside ASAR.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads')
const { readFileSync } = require('node:fs')
const { gunzipSync } = require('node:zlib')
const { glue, wasm, langFiles } = workerData
const quiet = () => undefined
// Tesseract prints warnings (unknown parameters packed in the models): stdout carries the CLI's JSON.
const core = require(glue)({
  print: quiet,
  printErr: quiet,
  instantiateWasm: (imports, done) => {
    WebAssembly.instantiate(wasm, imports).then(done, (e) => setImmediate(() => { throw e }))
    return {}
  }
})
const apis = new Map()

function api(M, lang) {
  let a = apis.get(lang)
  if (a) return a
  M.FS.writeFile('/' + lang + '.traineddata', gunzipSync(readFileSync(langFiles[lang])))
  // One value or label per crop: dictionary guesses only turn digits into words.
  M.FS.writeFile('/config', 'load_system_dawg 0\\nload_freq_dawg 0\\n')
  const base = new M.TessBaseAPI()
  // 1: LSTM only, the engine these models hold.
  if (base.Init(null, lang, 1, '/config') === -1) throw new Error('cannot load ' + lang + ' OCR data')
  M.FS.unlink('/' + lang + '.traineddata')
  a = { base, params: '' }
  apis.set(lang, a)
  return a
}

function words(json) {
  const out = []
  for (const b of JSON.parse(json).blocks || [])
    for (const p of b.paragraphs) for (const l of p.lines) for (const w of l.words)
      out.push({ text: w.text, confidence: w.confidence, box: [w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1] })
  return out
}

function handle(M, m) {
  try {
    const a = api(M, m.lang)
    if (!m.image) return { id: m.id }
    const params = JSON.stringify(m.params)
    if (a.params !== params) {
      for (const [k, v] of Object.entries(m.params)) a.base.SetVariable(k, v)
      a.params = params
    }
    M.FS.writeFile('/input', m.image)
    if (a.base.SetImageFile(1, 0) === 1) throw new Error('unreadable crop')
    a.base.Recognize(null)
    const out = { id: m.id, text: a.base.GetUTF8Text(), confidence: a.base.MeanTextConf() }
    if (m.words) out.words = words(a.base.GetJSONText())
    return out
  } catch (e) {
    return { id: m.id, error: String((e && e.message) || e) }
  }
}

parentPort.on('message', (m) => {
  core.then((M) => parentPort.postMessage(handle(M, m)))
})
`

interface Core {
  glue: string
  wasm: WebAssembly.Module
}

let core: Promise<Core> | undefined

/** Node's WebAssembly global: the typings here (ES lib, no DOM) declare its types but not the value. */
const wasmApi = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WebAssembly.Module> } }).WebAssembly

/**
 * The tesseract core, compiled once for every reader (each thread only instantiates it). SIMD
 * when the machine runs it, on Node and Electron alike: tesseract.js would pick the relaxed-SIMD
 * build where available (Electron), whose results may differ from the tests' in the last bits.
 */
function compiledCore(): Promise<Core> {
  if (core) return core
  const compiling = (async () => {
    const dir = ocrResources().coreDir
    for (const name of ['tesseract-core-simd-lstm', 'tesseract-core-lstm']) {
      const bytes = await readFile(path.join(dir, `${name}.wasm`))
      try {
        return { glue: path.join(dir, `${name}.js`), wasm: await wasmApi.compile(bytes) }
      } catch {
        // A CPU without wasm SIMD: the plain build.
      }
    }
    throw new Error('tesseract core does not compile')
  })()
  // A failed compile is tried again by the next reader; a newer one (after a release) is kept.
  compiling.catch(() => {
    if (core === compiling) core = undefined
  })
  return (core = compiling)
}

/** Drops the compiled core with the last reader (its code is tens of MB). */
export function releaseCore(): void {
  core = undefined
}

type Reply = ReaderOutput & { id: number; error?: string }

/** One OCR thread: loads a language on its first read of it, reads one crop at a time. */
export class Reader {
  readonly langs = new Set<OcrLang>()
  /** Settles once the thread is up and the languages asked for at start are loaded. */
  readonly ready: Promise<void>
  private readonly thread: Promise<Worker>
  private readonly pending = new Map<number, { resolve: (r: ReaderOutput) => void; reject: (e: unknown) => void }>()
  private next = 0
  private failed: unknown

  constructor(langs: readonly OcrLang[]) {
    this.thread = compiledCore().then(({ glue, wasm }) => {
      const res = ocrResources()
      const langFiles = Object.fromEntries((['chi_sim', 'chi_tra', 'eng'] as const).map((l) => [l, path.join(res.langPath(l), `${l}.traineddata.gz`)]))
      const t = new Worker(THREAD, { eval: true, workerData: { glue, wasm, langFiles } })
      // An idle reader must not keep the CLI or a test process alive; it is held while it reads.
      t.unref()
      t.on('message', (r: Reply) => this.settle(r))
      t.on('error', (e) => this.fail(e))
      t.on('exit', (code) => this.fail(new Error(`OCR thread exited (${code})`)))
      return t
    })
    this.thread.catch((e: unknown) => this.fail(e))
    this.ready = Promise.all([this.thread, ...langs.map((l) => this.send({ lang: l }))]).then(() => undefined)
    this.ready.catch(() => undefined)
  }

  /** Reads one image (PGM) with the given parameters; `words` asks for each word's box too. */
  read(lang: OcrLang, params: Record<string, string>, image: Buffer, words: boolean): Promise<ReaderOutput> {
    return this.send({ lang, params, image, words })
  }

  async terminate(): Promise<void> {
    this.fail(new Error('OCR thread stopped'))
    await this.thread.then((t) => t.terminate()).catch(() => undefined)
  }

  private async send(m: { lang: OcrLang; params?: Record<string, string>; image?: Buffer; words?: boolean }): Promise<ReaderOutput> {
    this.langs.add(m.lang)
    // The reply is awaited for only once the thread is up: a thread that never starts would
    // leave it rejected with no one listening (an unhandled rejection ends the CLI).
    const t = await this.thread
    if (this.failed) throw this.failed
    const id = this.next++
    const reply = new Promise<ReaderOutput>((resolve, reject) => this.pending.set(id, { resolve, reject }))
    t.ref()
    t.postMessage({ id, ...m })
    return reply
  }

  private settle(r: Reply): void {
    const p = this.pending.get(r.id)
    this.pending.delete(r.id)
    if (!this.pending.size) void this.thread.then((t) => t.unref())
    if (r.error !== undefined) p?.reject(new Error(r.error))
    else p?.resolve(r)
  }

  private fail(e: unknown): void {
    this.failed ??= e
    for (const p of this.pending.values()) p.reject(e)
    this.pending.clear()
  }
}
