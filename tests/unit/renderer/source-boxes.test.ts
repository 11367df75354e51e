import { describe, expect, it } from 'vitest'
import { cellBoxes, textSegments } from '../../../src/renderer/src/lib/source-boxes'
import { pdfOptions } from '../../../src/renderer/src/lib/pdf/options'

describe('cellBoxes', () => {
  it('keeps a cell bbox and unions the spans under a text range, per page', () => {
    const spans = [
      { start: 0, end: 2, page: 1, bbox: [10, 10, 20, 20] as [number, number, number, number] },
      { start: 3, end: 5, page: 1, bbox: [30, 12, 40, 22] as [number, number, number, number] },
      { start: 6, end: 8, page: 2, bbox: [5, 5, 9, 9] as [number, number, number, number] }
    ]
    const boxes = cellBoxes(
      {
        'a/b/c': { value: 1, status: 'ok', source: { offset: [1, 4] } },
        'a/b/d': { value: 2, status: 'ok', source: { page: 3, bbox: [1, 2, 3, 4] } },
        'a/b/e': { value: 3, status: 'ok', source: { offset: [4, 7] } },
        'a/b/f': { value: null, status: 'missing' }
      },
      spans
    )
    expect(boxes.get('a/b/c')).toEqual([{ page: 1, bbox: [10, 10, 40, 22] }])
    expect(boxes.get('a/b/d')).toEqual([{ page: 3, bbox: [1, 2, 3, 4] }])
    expect(boxes.get('a/b/e')).toEqual([
      { page: 1, bbox: [30, 12, 40, 22] },
      { page: 2, bbox: [5, 5, 9, 9] }
    ])
    expect(boxes.has('a/b/f')).toBe(false)
  })
})

describe('textSegments', () => {
  it('cuts the text into plain runs and runs feeding a cell, covering it exactly', () => {
    const text = '总计 | 12 | 7'
    const segs = textSegments(text, {
      'x/y/a': { value: 12, status: 'ok', source: { offset: [5, 7] } },
      'x/y/b': { value: 7, status: 'check', source: { offset: [10, 11] } }
    })
    expect(segs.map((s) => s.text).join('')).toBe(text)
    expect(segs.filter((s) => s.key).map((s) => [s.key, s.text])).toEqual([
      ['x/y/a', '12'],
      ['x/y/b', '7']
    ])
  })
})

describe('pdfOptions', () => {
  it('never evaluates code and loads packed cmaps, fonts and wasm from our own origin', () => {
    const o = pdfOptions('http://127.0.0.1:4567/#/doc/3')
    expect(o.isEvalSupported).toBe(false)
    expect(o.cMapPacked).toBe(true)
    expect(o.cMapUrl).toBe('http://127.0.0.1:4567/pdfjs/cmaps/')
    expect(o.standardFontDataUrl).toBe('http://127.0.0.1:4567/pdfjs/standard_fonts/')
    expect(o.wasmUrl).toBe('http://127.0.0.1:4567/pdfjs/wasm/')
  })
})
