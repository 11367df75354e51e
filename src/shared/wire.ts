// JSON for the browser-mode transport, carrying Uint8Array (file bytes) as {"$b64": "..."}.
// IPC needs none of this: structured clone already carries typed arrays.

const CHUNK = 0x8000

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  }
  return btoa(binary)
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    // Read the holder's own value: a Node Buffer has already been through its toJSON by now.
    const original = this[key]
    return original instanceof Uint8Array ? { $b64: toBase64(original) } : v
  })
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && typeof (v as { $b64?: unknown }).$b64 === 'string' && Object.keys(v).length === 1
      ? fromBase64((v as { $b64: string }).$b64)
      : v
  )
}
