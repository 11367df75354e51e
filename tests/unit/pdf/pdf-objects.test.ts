import { readFileSync } from 'node:fs'
import path from 'node:path'
import { zlibSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { loadPdfJs, openPdf } from '../../../src/core/ingest/pdf-document'
import { PdfObjects } from '../../../src/core/ingest/pdf-objects'
import { decodeGray, pageJpeg } from '../../../src/core/ingest/ocr/scan'
import { grayFromPdfImage } from '../../../src/core/ingest/raster'

const fixtures = path.join(import.meta.dirname, '../../fixtures/pdf')
const bytes = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(fixtures, name)))
const latin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'))
// A scanner's page image as stored in a scan PDF: 1241x1754 gray JPEG.
const jpeg = bytes('r19_2024_science_scan_p4_upside_down.jpg')
const [W, H] = [1241, 1754]

/** A PDF file of numbered objects (each body a string or bytes), with its xref table. */
function pdfFile(objects: (string | Uint8Array)[]): Uint8Array {
  const parts: Uint8Array[] = [latin1('%PDF-1.5\n%\xe2\xe3\xcf\xd3\n')]
  let size = parts[0]!.length
  const offsets: number[] = []
  objects.forEach((body, i) => {
    offsets.push(size)
    for (const p of [latin1(`${i + 1} 0 obj\n`), typeof body === 'string' ? latin1(body) : body, latin1('\nendobj\n')]) {
      parts.push(p)
      size += p.length
    }
  })
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
  parts.push(latin1(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${size}\n%%EOF\n`))
  return Buffer.concat(parts)
}

const stream = (dict: string, data: Uint8Array): Uint8Array => Buffer.concat([latin1(`${dict}\nstream\n`), data, latin1('\nendstream')])
const image = (extra = ''): Uint8Array => stream(`<< /Type /XObject /Subtype /Image /Width ${W} /Height ${H} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length}${extra} >>`, jpeg)
const content = latin1('q 595 0 0 842 0 0 cm /Im0 Do Q')
/** A one-page scan as a scanner writes it: the page's resources inherited from the page tree. */
const scanPdf = (img = image()): Uint8Array =>
  pdfFile([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /XObject << /Im0 4 0 R >> >> >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>',
    img,
    stream(`<< /Length ${content.length} >>`, content)
  ])

describe('a scanned page JPEG read from the file itself', () => {
  it('finds the stored JPEG of a scan page, decoded within one gray level of pdf.js', async () => {
    const file = scanPdf()
    const doc = await openPdf(file, 'scan.pdf')
    try {
      const page = await doc.getPage(1)
      const found = pageJpeg(new PdfObjects(file), page.ref)
      expect(found && Buffer.from(found).equals(Buffer.from(jpeg))).toBe(true)
      const ours = await decodeGray(found!)
      // pdf.js's own decoding of the same image.
      const { OPS } = await loadPdfJs()
      const ops = await page.getOperatorList()
      const id = (ops.argsArray[ops.fnArray.indexOf(OPS.paintImageXObject)] as [string])[0]
      const theirs = grayFromPdfImage(page.objs.get(id) as Parameters<typeof grayFromPdfImage>[0])
      expect([ours.width, ours.height]).toEqual([theirs.width, theirs.height])
      let worst = 0
      for (let i = 0; i < ours.data.length; i++) worst = Math.max(worst, Math.abs(ours.data[i]! - theirs.data[i]!))
      expect(worst).toBeLessThanOrEqual(1)
    } finally {
      await doc.destroy()
    }
  })

  it('follows objects packed in an object stream and a length held in its own object', () => {
    const packed: [number, string][] = [
      [8, '<< /Type /Page /Parent 9 0 R /Contents 2 0 R >>'],
      [9, '<< /Type /Pages /Kids [8 0 R] /Count 1 /Resources << /XObject << /Im0 1 0 R >> >> >>']
    ]
    let header = ''
    let body = ''
    for (const [num, obj] of packed) {
      header += `${num} ${body.length} `
      body += obj + '\n'
    }
    const data = zlibSync(latin1(header + body))
    const file = pdfFile([
      stream(`<< /Type /XObject /Subtype /Image /Width ${W} /Height ${H} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter [/DCTDecode] /Length 4 0 R >>`, jpeg),
      stream(`<< /Length ${content.length} >>`, content),
      stream(`<< /Type /ObjStm /N 2 /First ${header.length} /Filter /FlateDecode /Length ${data.length} >>`, data),
      String(jpeg.length)
    ])
    const found = pageJpeg(new PdfObjects(file), { num: 8 })
    expect(found && Buffer.from(found).equals(Buffer.from(jpeg))).toBe(true)
  })

  it('reads past objects a corrupt file breaks: a negative stream length, an object stream of bad data', () => {
    const file = pdfFile([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /XObject << /Im0 4 0 R >> >> >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>',
      image(),
      stream(`<< /Length ${content.length} >>`, content),
      stream('<< /Length -100 >>', latin1('0 0')),
      stream('<< /Type /ObjStm /N 2 /First 8 /Filter /FlateDecode /Length 9 >>', latin1('not zlib!'))
    ])
    const found = pageJpeg(new PdfObjects(file), { num: 3 })
    expect(found && Buffer.from(found).equals(Buffer.from(jpeg))).toBe(true)
  })

  it('leaves to pdf.js what a native decoder might read otherwise, and text pages', async () => {
    // A decode array or a mask changes the pixels; an image too small is no page.
    expect(pageJpeg(new PdfObjects(scanPdf(image(' /Decode [1 0]'))), { num: 3 })).toBeUndefined()
    expect(pageJpeg(new PdfObjects(scanPdf(image(' /SMask 5 0 R'))), { num: 3 })).toBeUndefined()
    const text = bytes('r03_2023_transport_lo.pdf')
    const doc = await openPdf(text, 'text.pdf')
    try {
      const objects = new PdfObjects(text)
      for (let n = 1; n <= doc.numPages; n++) expect(pageJpeg(objects, (await doc.getPage(n)).ref)).toBeUndefined()
    } finally {
      await doc.destroy()
    }
    expect(new PdfObjects(bytes('encrypted.pdf')).encrypted).toBe(true)
    expect(new PdfObjects(text).encrypted).toBe(false)
  })
})
