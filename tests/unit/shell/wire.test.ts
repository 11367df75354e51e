import { describe, expect, it } from 'vitest'
import { FRAME_TYPE, JSON_TYPE, decodeWire, encodeWire } from '../../../src/shared/wire'

/** What the other end receives: the parts one after another. */
function received(value: unknown): { body: Uint8Array; type: string } {
  const { parts, type } = encodeWire(value)
  return { body: new Uint8Array(Buffer.concat(parts)), type }
}

describe('browser-mode wire codec', () => {
  it('carries file bytes (Uint8Array and Buffer) beside the JSON unchanged', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) % 256)
    const { body, type } = received({ files: [{ name: '报告.pdf', data: bytes }], b: Buffer.from('年报') })
    expect(type).toBe(FRAME_TYPE)
    // The bytes travel as they are, not inflated by base64.
    expect(body.byteLength).toBeLessThan(bytes.byteLength + 200)
    const back = decodeWire(body, type) as { files: { name: string; data: Uint8Array }[]; b: Uint8Array }
    expect(back.files[0]?.name).toBe('报告.pdf')
    expect(back.files[0]?.data).toEqual(bytes)
    expect(new TextDecoder().decode(back.b)).toBe('年报')
  })

  it('sends a message without bytes as plain JSON', () => {
    const { body, type } = received({ ok: true, value: { name: '报告', n: [1, null] } })
    expect(type).toBe(JSON_TYPE)
    expect(JSON.parse(new TextDecoder().decode(body))).toEqual({ ok: true, value: { name: '报告', n: [1, null] } })
  })

  it('leaves ordinary objects that merely have a $bytes key among others alone', () => {
    const { body, type } = received({ x: { $bytes: [0, 1], y: 1 }, data: new Uint8Array([9]) })
    expect(decodeWire(body, type)).toEqual({ x: { $bytes: [0, 1], y: 1 }, data: new Uint8Array([9]) })
  })

  it('refuses a frame cut short', () => {
    const { body, type } = received({ data: new Uint8Array(100) })
    expect(() => decodeWire(body.subarray(0, body.byteLength - 1), type)).toThrow(/truncated/)
    expect(() => decodeWire(body.subarray(0, 2), type)).toThrow(/truncated/)
  })
})
