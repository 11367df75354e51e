// The extraction engine: SourceText -> every cell of the detected template with an honest status.
import { readFile } from 'node:fs/promises'
import { LOW_OCR_CONFIDENCE } from '../../shared/ocr'
import type { Cell, CellSource, Extraction } from '../../shared/cells'
import { cellKeys, type CellKey } from '../../shared/templates'
import { applicable, failingChecks, IDENTITY_REASON } from '../check'
import { identities, REQUEST_COLUMNS, SUB_ROWS } from '../check/identities'
import { inferValues } from '../check/infer'
import { NianbaoError } from '../errors'
import { readSource } from '../ingest'
import type { ReadOptions, SourceText, TextSpan } from '../ingest/types'
import { amountsInPlace } from './amount'
import type { Draft } from './draft'
import { fieldStream, flatStream } from './fields'
import { headedRuns } from './headed'
import { findAgency, findPublished, findYear, yearFromName } from './metadata'
import { resolveAmbiguous } from './solve'
import { reviewKeys, rowSpecs } from './rows'
import { scatteredRows } from './scatter'
import { rowOrderFills } from './stream'
import { reconstruct, type Reconstruction } from './tables'
import { detectTemplate } from './template-detect'
import { ocrWords, withWords } from './words'

/** Table 三 rows the digit-run reading must match beyond the plain one to be taken instead. */
const FLAT_MARGIN = 5

/** OCR words below this confidence make their cell `check`. */
export const MIN_CONFIDENCE = LOW_OCR_CONFIDENCE

function spanAt(spans: TextSpan[] | undefined, start: number, end: number): TextSpan | undefined {
  if (!spans?.length) return undefined
  // Spans come in text order: binary search for the last span starting at or before `start`.
  let lo = 0
  let hi = spans.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const s = spans[mid]
    if (s && s.start <= start) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  const s = spans[found]
  return s && s.end >= Math.min(end, s.start + 1) && start < s.end ? s : undefined
}

function lowestConfidence(spans: TextSpan[] | undefined, start: number, end: number): number | undefined {
  let low: number | undefined
  for (const s of spans ?? []) {
    if (s.end <= start || s.start >= end || s.confidence === undefined) continue
    low = Math.min(low ?? 100, s.confidence)
  }
  return low
}

function toCell(d: Draft | undefined, src: SourceText): Cell {
  if (!d) return { value: null, status: 'missing' }
  const cell: Cell = { value: d.value, status: d.status }
  if (d.raw !== undefined) cell.raw = d.raw
  if (d.reason) cell.reason = d.reason
  if (d.start !== undefined && d.end !== undefined) {
    const span = spanAt(src.spans, d.start, d.end)
    const source: CellSource = span ? { page: span.page, bbox: span.bbox } : { offset: [d.start, d.end] }
    cell.source = source
    const conf = src.spans?.some((s) => s.confidence !== undefined) ? lowestConfidence(src.spans, d.start, d.end) : undefined
    if (conf !== undefined && conf < MIN_CONFIDENCE && cell.status === 'ok') {
      cell.status = 'check'
      cell.reason = `识别置信度低（${Math.round(conf)}）`
    }
  }
  return cell
}

/**
 * 2021 （六）其他处理 is by definition the sum of its three sub-rows: where only the sub-rows are
 * printed and all three are read with confidence, the sum is as sure as they are.
 */
function sumSubRows(cells: Record<CellKey, Cell>): void {
  for (const col of REQUEST_COLUMNS) {
    const own = cells[`requests/other/${col}`]
    const subs = SUB_ROWS.map((r) => cells[`requests/${r}/${col}`])
    if (!own || own.value !== null || !subs.every((c) => c?.status === 'ok' && c.value !== null)) continue
    own.value = subs.reduce((s, c) => s + (c?.value ?? 0), 0)
    own.status = 'ok'
    own.raw = subs.map((c) => c?.raw ?? '').join('+')
    const at = subs.flatMap((c) => (c?.source && 'offset' in c.source ? c.source.offset : []))
    const first = subs[0]?.source
    if (at.length === 2 * subs.length) own.source = { offset: [Math.min(...at), Math.max(...at)] }
    else if (first) own.source = first
  }
}

function tables(src: SourceText, template: ReturnType<typeof detectTemplate>): Reconstruction {
  const ids = identities(template)
  const stream = fieldStream(src.text)
  const plain = reconstruct(stream, template, ids)
  let rec = plain
  // Crawler text with cells run together leaves the grid reader almost nothing (a few rows more
  // matched as digit runs say little: pdftotext dumps print values apart from their labels).
  if (rec.requestRows < 12) {
    const flat = reconstruct(flatStream(src.text), template, ids)
    if (flat.requestRows > rec.requestRows + FLAT_MARGIN) rec = flat
  }
  if (rec === plain) {
    // Where the review table starts, the scattered columns of table 三 end.
    const review = reviewKeys(template).flatMap((k) => rec.drafts.get(k)?.start ?? [])
    const scattered = scatteredRows(src.text, stream, rowSpecs(template), rec.match, Math.min(src.text.length, ...review), ids)
    if (scattered) {
      for (const [k, d] of scattered) rec.drafts.set(k, d)
      rec.ambiguous = rec.ambiguous.filter((a) => !a.keys.some((k) => scattered.has(k)))
    }
  }
  const fills = rowOrderFills(src.text, stream.fields, template, ids)
  if (fills.size) {
    for (const [k, d] of fills) if (d.status === 'ok' || rec.drafts.get(k)?.status !== 'ok') rec.drafts.set(k, d)
    rec.ambiguous = rec.ambiguous.filter((a) => !a.keys.some((k) => fills.has(k)))
    rec.matchedRows = Math.max(rec.matchedRows, rowSpecs(template).filter((r) => fills.has(r.keys[0] ?? '')).length)
  }
  const headed = new Set<CellKey>()
  for (const [k, d] of headedRuns(stream.fields, template))
    if (rec.drafts.get(k)?.value == null) {
      rec.drafts.set(k, d)
      headed.add(k)
    }
  rec.ambiguous = rec.ambiguous.filter((a) => !a.keys.some((k) => headed.has(k)))
  amountsInPlace(rec.drafts, template)
  return rec
}

export function extractFromSource(src: SourceText, name: string): Extraction {
  const t0 = performance.now()
  const year = findYear(src.text) ?? yearFromName(name)
  const template = detectTemplate(src.text, year)
  const rec = tables(src, template)
  resolveAmbiguous(rec.ambiguous, rec.drafts, identities(template))
  // A few numbers matched from prose are not the tables (bad/no_tables: headings and prose only).
  const printed = [...rec.drafts.values()].filter((d) => d.value !== null).length
  if (rec.matchedRows < 3 || printed < 10) {
    const report = /信息公开/.test(src.text.slice(0, 5000))
    throw new NianbaoError(
      report ? 'no-tables' : 'not-a-report',
      report ? '找不到年度报告的统计表' : '不是政府信息公开工作年度报告',
      name
    )
  }
  const keys = cellKeys(template)
  const cells: Record<CellKey, Cell> = {}
  for (const k of keys) cells[k] = toCell(rec.drafts.get(k), src)
  // Counts are never negative: a negative one was misread (本年增/减 is not a count).
  for (const id of identities(template))
    for (const t of [...id.lhs, ...id.rhs]) {
      const c = cells[t.key]
      if (c && c.value !== null && c.value < 0 && c.status === 'ok') {
        c.status = 'check'
        c.reason = '数量不应为负'
      }
    }
  sumSubRows(cells)
  const valueOf = (k: CellKey): number | null | undefined => cells[k]?.value
  const ids = applicable(template, valueOf)
  const values = new Map(keys.map((k) => [k, cells[k]?.value ?? null]))
  for (const k of inferValues(ids, values)) {
    const c = cells[k]
    if (!c || c.value !== null) continue
    c.value = values.get(k) ?? null
    c.status = 'inferred'
    c.reason = '未印出，由勾稽关系推出'
  }
  const checks = failingChecks(template, valueOf)
  for (const check of checks)
    for (const k of check.cells) {
      const c = cells[k]
      if (c?.status === 'ok') {
        c.status = 'check'
        c.reason = IDENTITY_REASON
      }
    }
  const out: Extraction = {
    file: name,
    form: src.form,
    template,
    agency: findAgency(src.text),
    year,
    published: findPublished(src.text),
    cells,
    checks,
    seconds: Math.round(performance.now() - t0) / 1000
  }
  if (src.pages !== undefined) out.pages = src.pages
  return out
}

export async function extractBytes(bytes: Uint8Array, name: string, opts: ReadOptions = {}): Promise<Extraction> {
  const t0 = performance.now()
  const src = await readSource(bytes, name, opts)
  const ex = extractFromSource(src, name)
  ex.seconds = Math.round(performance.now() - t0) / 1000
  return withWords(ex, ocrWords(src))
}

export async function extractFile(path: string, opts: ReadOptions = {}): Promise<Extraction> {
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(await readFile(path))
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new NianbaoError(code === 'ENOENT' ? 'not-found' : 'corrupt', code === 'ENOENT' ? '文件不存在' : '无法读取文件', path)
  }
  const ex = await extractBytes(bytes, path, opts)
  ex.file = path
  return ex
}

