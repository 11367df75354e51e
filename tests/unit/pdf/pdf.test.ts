import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { NianbaoError } from '../../../src/core/errors'
import { readPdf } from '../../../src/core/ingest/pdf'
import { pdfLoadParams } from '../../../src/core/ingest/pdf-document'
import { pdfResources } from '../../../src/core/ingest/pdf-resources'
import type { SourceText } from '../../../src/core/ingest/types'

const dir = path.join(import.meta.dirname, '../../fixtures/pdf')
const bytes = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(dir, name)))
const truth = (name: string): Record<string, number | null> => {
  const t = JSON.parse(readFileSync(path.join(dir, name), 'utf8'))
  return (t.with_password ?? t).cells
}

/** The grid row whose label slots end with `label`: its numeric fields, as numbers. */
function row(src: SourceText, label: string): number[] {
  const line = src.text.split('\n').find((l) => l.split('\t').some((f) => f.replace(/\s/g, '') === label))
  if (!line) throw new Error(`no row ${label}`)
  return line.split('\t').filter((f) => /^-?[\d.]+$/.test(f)).map(Number)
}

const cols = ['natural', 'commercial', 'research', 'social', 'legal', 'other', 'total']
const values = (cells: Record<string, number | null>, key: string): (number | null)[] => cols.map((c) => cells[`requests/${key}/${c}`] ?? null)

describe('text PDFs', () => {
  let city: SourceText
  beforeAll(async () => {
    city = await readPdf(bytes('2024_huaian_city.pdf'), '2024_huaian_city.pdf')
  })

  it('rebuilds a WPS report whose merged label is cut by the page break (淮安市 2024)', () => {
    const src = city
    const cells = truth('2024_huaian_city.truth.json')
    expect(src.form).toBe('pdf-text')
    expect(src.pages).toBe(6)
    // （四）无 on one page, 法提供 on the next: one label, and its rows on both pages.
    expect(src.text).toContain('\t（四）无法提供\t1.本机关不掌握相关政府信息\t')
    expect(row(src, '1.本机关不掌握相关政府信息')).toEqual(values(cells, 'unable_no_info'))
    expect(row(src, '2.没有现成信息需要另行制作')).toEqual(values(cells, 'unable_need_create'))
    expect(row(src, '行政规范性文件')).toEqual(['issued', 'repealed', 'in_force'].map((c) => cells[`item20_1/normative_docs/${c}`]))
    // Page numbers (- 3 -) are page furniture, not text.
    expect(src.text).not.toMatch(/^\s*[-—]\s*\d+\s*[-—]\s*$/m)
  })

  it('gives every table cell a span with its page and box', () => {
    const src = city
    const at = src.text.indexOf('\t769\n')
    const span = src.spans?.find((s) => s.start === at + 1)
    expect(span).toBeDefined()
    expect(src.text.slice(span!.start, span!.end)).toBe('769')
    expect(span!.page).toBeGreaterThanOrEqual(3)
    const [x0, y0, x1, y1] = span!.bbox
    expect(x1).toBeGreaterThan(x0)
    expect(y1).toBeGreaterThan(y0)
    expect(x1).toBeLessThanOrEqual(600)
  })

  it('rejoins a row LibreOffice split over a page break and separates the 第二十条 items', async () => {
    const src = await readPdf(bytes('r03_2023_transport_lo.pdf'), 'r03.pdf')
    const cells = truth('r03_2023_transport_lo.truth.json')
    expect(row(src, '2．其他法律行政法规禁止公开')).toEqual(values(cells, 'denied_law'))
    expect(row(src, '行政处罚')).toEqual([cells['item20_6/penalty/decisions']])
    expect(src.text).toContain('\t（三）不予公开\t')
    expect(src.text).toContain('第二十条第（八）项\t\n')
  })
})

describe('bad PDFs', () => {
  const code = async (p: Promise<unknown>): Promise<string> =>
    p.then(
      () => 'ok',
      (e: unknown) => (e instanceof NianbaoError ? e.code : String(e))
    )

  it('asks for the password, rejects a wrong one and opens with the right one', async () => {
    const pw = JSON.parse(readFileSync(path.join(dir, 'encrypted.truth.json'), 'utf8')).password as string
    expect(await code(readPdf(bytes('encrypted.pdf'), 'e.pdf'))).toBe('pdf-encrypted')
    expect(await code(readPdf(bytes('encrypted.pdf'), 'e.pdf', { password: 'wrong' }))).toBe('pdf-wrong-password')
    const src = await readPdf(bytes('encrypted.pdf'), 'e.pdf', { password: pw })
    const cells = truth('encrypted.truth.json')
    expect(row(src, '行政强制')).toEqual(['prev_count', 'change', 'decisions'].map((c) => cells[`item20_6/enforcement/${c}`]))
  })

  it('reports truncated and empty files as such, without hanging', async () => {
    expect(await code(readPdf(bytes('truncated.pdf'), 't.pdf'))).toBe('corrupt')
    expect(await code(readPdf(new Uint8Array(0), 'e.pdf'))).toBe('empty-file')
    expect(await code(readPdf(new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\n'), 'x.pdf'))).toBe('corrupt')
  })
})

describe('pdf.js options', () => {
  it('never evaluates code and loads packed CJK cmaps and standard fonts from local folders', () => {
    const res = pdfResources()
    const params = pdfLoadParams(new Uint8Array(1), res)
    expect(params.isEvalSupported).toBe(false)
    expect(params.cMapPacked).toBe(true)
    expect(params.useSystemFonts).toBe(false)
    expect(readdirSync(String(params.cMapUrl))).toContain('UniGB-UCS2-H.bcmap')
    expect(existsSync(path.join(String(params.standardFontDataUrl), 'FoxitSerif.pfb'))).toBe(true)
    expect(pdfLoadParams(new Uint8Array(1), res, 'pw').password).toBe('pw')
  })
})
