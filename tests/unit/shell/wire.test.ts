import { describe, expect, it } from 'vitest'
import { decodeWire, encodeWire } from '../../../src/shared/wire'

describe('browser-mode wire codec', () => {
  it('carries file bytes (Uint8Array and Buffer) through JSON unchanged', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) % 256)
    const back = decodeWire(encodeWire({ files: [{ name: '报告.pdf', data: bytes }], b: Buffer.from('年报') })) as {
      files: { name: string; data: Uint8Array }[]
      b: Uint8Array
    }
    expect(back.files[0]?.name).toBe('报告.pdf')
    expect(back.files[0]?.data).toEqual(bytes)
    expect(new TextDecoder().decode(back.b)).toBe('年报')
  })

  it('leaves ordinary objects that merely have a $b64 key among others alone', () => {
    expect(decodeWire(JSON.stringify({ x: { $b64: 'AA==', y: 1 } }))).toEqual({ x: { $b64: 'AA==', y: 1 } })
  })
})
