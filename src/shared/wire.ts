// The browser-mode transport's message format. A message without bytes is plain JSON; one carrying
// Uint8Arrays (file bytes) is a frame: a 4-byte little-endian JSON length, the JSON with each array
// replaced by {"$bytes":[start,length]}, then the arrays' bytes as they are. Base64 inside JSON cost
// a report's open ~0.3–0.8 s: JSON.stringify of a megabyte string in a server whose heap extraction
// has grown, then a reviver walk and decode in the page. IPC needs none of this: structured clone
// carries typed arrays.

export const JSON_TYPE = 'application/json; charset=utf-8'
export const FRAME_TYPE = 'application/octet-stream'

export interface WireMessage {
  type: typeof JSON_TYPE | typeof FRAME_TYPE
  /** Sent one after another (res.write, or a Blob as a fetch body): the file bytes are never copied. */
  parts: Uint8Array[]
}

const HEADER = 4

/** Puts each Uint8Array aside and a reference in its place. Done before JSON.stringify: its replacer would run after a Node Buffer's toJSON had already spelled the bytes out as numbers. */
function setAside(value: unknown, blobs: Uint8Array[], at: { size: number }): unknown {
  if (value instanceof Uint8Array) {
    blobs.push(value)
    at.size += value.byteLength
    return { $bytes: [at.size - value.byteLength, value.byteLength] }
  }
  if (Array.isArray(value)) return value.map((v) => setAside(v, blobs, at))
  if (value !== null && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = setAside(v, blobs, at)
    return out
  }
  return value
}

export function encodeWire(value: unknown): WireMessage {
  const blobs: Uint8Array[] = []
  const json = new TextEncoder().encode(JSON.stringify(setAside(value, blobs, { size: 0 })))
  if (blobs.length === 0) return { type: JSON_TYPE, parts: [json] }
  const header = new Uint8Array(HEADER)
  new DataView(header.buffer).setUint32(0, json.byteLength, true)
  return { type: FRAME_TYPE, parts: [header, json, ...blobs] }
}

function isRef(v: unknown): v is { $bytes: [number, number] } {
  if (v === null || typeof v !== 'object' || Object.keys(v).length !== 1) return false
  const r = (v as { $bytes?: unknown }).$bytes
  return Array.isArray(r) && r.length === 2 && r.every((n) => Number.isSafeInteger(n) && n >= 0)
}

/** The decoded arrays are views into `body`, which the caller hands over. Throws on a malformed body. */
export function decodeWire(body: Uint8Array, type: string | null | undefined): unknown {
  const text = new TextDecoder()
  if (type !== FRAME_TYPE) return body.byteLength ? JSON.parse(text.decode(body)) : null
  if (body.byteLength < HEADER) throw new Error('truncated frame')
  const length = new DataView(body.buffer, body.byteOffset, HEADER).getUint32(0, true)
  const tail = HEADER + length
  if (tail > body.byteLength) throw new Error('truncated frame')
  return JSON.parse(text.decode(body.subarray(HEADER, tail)), (_key, v: unknown) => {
    if (!isRef(v)) return v
    const [start, size] = v.$bytes
    if (tail + start + size > body.byteLength) throw new Error('truncated frame')
    return body.subarray(tail + start, tail + start + size)
  })
}
