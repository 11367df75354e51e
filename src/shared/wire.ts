// JSON for the browser-mode transport, carrying Uint8Array (file bytes) as {"$b64": "..."}.
// IPC needs none of this: structured clone already carries typed arrays.

interface Base64Codec {
  encode(bytes: Uint8Array): string
  decode(text: string): Uint8Array
}

// Node's Buffer and newer browsers' native codecs are ~100x faster than btoa over a binary
// string, and a report's PDF or scan is megabytes; the portable path stays for older engines.
type NodeBuffer = {
  from(b: ArrayBufferLike, offset: number, length: number): { toString(encoding: 'base64'): string }
  from(text: string, encoding: 'base64'): Uint8Array
}
type NativeBase64 = { fromBase64?: (text: string) => Uint8Array; prototype: { toBase64?: () => string } }

const CHUNK = 0x8000

function codec(): Base64Codec {
  const buffer = (globalThis as { Buffer?: NodeBuffer }).Buffer
  if (buffer) {
    return {
      encode: (bytes) => buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
      // A copy: small Buffers are views into a shared pool, and callers expect a plain Uint8Array.
      decode: (text) => new Uint8Array(buffer.from(text, 'base64'))
    }
  }
  const native = Uint8Array as unknown as NativeBase64
  const toBase64 = native.prototype.toBase64
  const fromBase64 = native.fromBase64
  if (toBase64 && fromBase64) return { encode: (bytes) => toBase64.call(bytes), decode: (text) => fromBase64(text) }
  return {
    encode(bytes) {
      let binary = ''
      for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
      return btoa(binary)
    },
    decode(text) {
      const binary = atob(text)
      const bytes = new Uint8Array(binary.length)
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
      return bytes
    }
  }
}

const base64 = codec()

// Replaced before JSON.stringify sees them: its replacer would run after a Node Buffer's toJSON
// had already spelled the bytes out as an array of numbers.
function withBase64(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $b64: base64.encode(value) }
  if (Array.isArray(value)) return value.map(withBase64)
  if (value !== null && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = withBase64(v)
    return out
  }
  return value
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(withBase64(value))
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && typeof (v as { $b64?: unknown }).$b64 === 'string' && Object.keys(v).length === 1
      ? base64.decode((v as { $b64: string }).$b64)
      : v
  )
}
