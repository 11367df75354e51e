// A scanned page imported through the job queue keeps its OCR words in the database: each with its
// text, box and confidence, the words under a cell's box reading that cell's printed number; and
// none of it leaks into the DESIGN.md extraction shape that `cli extract --json` prints.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCore, type Core } from '../../../src/core/app'
import { extractBytes } from '../../../src/core/extract'
import { recordExtraction } from '../../../src/core/store/pipeline'
import type { DocumentDetail, OcrWord } from '../../../src/shared/api'
import type { Extraction } from '../../../src/shared/cells'
import type { Result } from '../../../src/shared/result'

const DIR = join(__dirname, '../../fixtures/pdf')
const SCAN = 'r18_2024_water_item20_scan.png'
const truth = JSON.parse(readFileSync(join(DIR, 'r18_2024_water_item20_scan.truth.json'), 'utf8')) as { cells: Record<string, number | null> }

let dir: string
let core: Core
let extracted: Extraction | undefined

async function call<T>(method: string, input: unknown): Promise<T> {
  const r = (await core.invoke(method, input)) as Result<T>
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value
}

/** The PNG's own size from its IHDR chunk, not from the code under test. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset)
  return { width: view.getUint32(16), height: view.getUint32(20) }
}

const inside = (w: OcrWord['bbox'], box: OcrWord['bbox'], slack = 2): boolean =>
  w[0] >= box[0] - slack && w[1] >= box[1] - slack && w[2] <= box[2] + slack && w[3] <= box[3] + slack

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-words-'))
  core = openCore({
    dbPath: join(dir, 'nianbao.sqlite'),
    extract: async (bytes, name, opts) => (extracted = await extractBytes(bytes, name, opts))
  })
  const data = new Uint8Array(readFileSync(join(DIR, SCAN)))
  await call('importFiles', { files: [{ name: SCAN, data }] })
  await core.jobs.idle()
}, 300_000)

afterAll(() => {
  core.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('OCR words of a scanned page', () => {
  it('are stored with sensible text, boxes on the page and confidences', async () => {
    const [doc] = await call<{ id: number; status: string }[]>('listDocuments', {})
    expect(doc?.status).toBe('extracted')
    const words = await call<OcrWord[]>('getWords', { id: doc!.id })
    const { width, height } = pngSize(new Uint8Array(readFileSync(join(DIR, SCAN))))
    expect(words.length).toBeGreaterThan(20)
    for (const w of words) {
      expect(w.page).toBe(1)
      expect(w.text.trim()).not.toBe('')
      expect(w.bbox[0]).toBeGreaterThanOrEqual(0)
      expect(w.bbox[1]).toBeGreaterThanOrEqual(0)
      expect(w.bbox[2]).toBeLessThanOrEqual(width + 1)
      expect(w.bbox[3]).toBeLessThanOrEqual(height + 1)
      expect(w.bbox[2]).toBeGreaterThan(w.bbox[0])
      expect(w.bbox[3]).toBeGreaterThan(w.bbox[1])
      expect(w.confidence).toBeGreaterThanOrEqual(0)
      expect(w.confidence).toBeLessThanOrEqual(100)
    }
    // Labels are recognised too, not only the numbers.
    expect(words.some((w) => w.text.includes('规范性文件'))).toBe(true)
    expect(await call<OcrWord[]>('getWords', { id: doc!.id, page: 1 })).toEqual(words)
    expect(await call<OcrWord[]>('getWords', { id: doc!.id, page: 2 })).toEqual([])
  })

  it("put each printed number inside the box of the cell it feeds", async () => {
    const [doc] = await call<{ id: number }[]>('listDocuments', {})
    const detail = await call<DocumentDetail>('getDocument', { id: doc!.id })
    const words = await call<OcrWord[]>('getWords', { id: doc!.id })
    const keys = ['item20_1/normative_docs/in_force', 'item20_1/normative_docs/issued', 'item20_5/licensing/decisions']
    for (const key of keys) {
      const source = detail.cells[key]?.source
      if (!source || !('bbox' in source)) throw new Error(`${key} has no box`)
      const under = words.filter((w) => inside(w.bbox, source.bbox))
      expect(under.map((w) => w.text.replace(/,/g, ''))).toContain(String(truth.cells[key]))
    }
  })

  it('stay out of the extraction JSON the command line prints', () => {
    expect(extracted).toBeDefined()
    expect(Object.keys(JSON.parse(JSON.stringify(extracted))).sort()).toEqual(
      ['cells', 'checks', 'agency', 'file', 'form', 'pages', 'published', 'seconds', 'template', 'year'].sort()
    )
  })

  it('of a newer extraction replace the older ones', async () => {
    const [doc] = await call<{ id: number }[]>('listDocuments', {})
    const before = await call<OcrWord[]>('getWords', { id: doc!.id })
    recordExtraction(core.db, doc!.id, extracted!, 'newer')
    expect(await call<OcrWord[]>('getWords', { id: doc!.id })).toEqual(before)
    const kept = core.db.prepare('SELECT DISTINCT extraction_id AS id FROM ocr_words').all()
    expect(kept).toEqual(core.db.prepare('SELECT max(id) AS id FROM extractions').all())
  })
})
