// The renderer's one door to the API. In Electron the preload script exposes `window.nianbao`;
// in browser mode the same calls go over HTTP (the wire codec: JSON, file bytes beside it) and events over SSE,
// guarded by the per-run token the server printed in the URL (#token=...). No method is named here.
import type { Api, ApiEvent } from '../../../shared/api'
import { API_METHODS } from '../../../shared/api-methods'
import type { Result } from '../../../shared/result'
import { decodeWire, encodeWire } from '../../../shared/wire'

export interface Bridge {
  invoke(method: string, input: unknown): Promise<Result<unknown>>
  onEvent(cb: (event: ApiEvent) => void): () => void
}

declare global {
  interface Window {
    nianbao?: Bridge
  }
}

const TOKEN_KEY = 'nianbao-token'

/** Take the token out of the address (so it is not left in history or screenshots) and keep it for reloads. */
function readToken(): string {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash)
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]))
    history.replaceState(null, '', location.pathname + location.search + '#/')
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}

function transportError(message: string): Result<never> {
  return { ok: false, error: { code: 'internal', message } }
}

function isResult(x: unknown): x is Result<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { ok?: unknown }).ok === 'boolean'
}

function httpBridge(): Bridge {
  const token = readToken()
  const listeners = new Set<(event: ApiEvent) => void>()
  let source: EventSource | null = null
  return {
    async invoke(method, input) {
      try {
        const message = encodeWire(input ?? {})
        const res = await fetch(`/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': message.type, 'X-Nianbao-Token': token },
          body: new Blob(message.parts as BlobPart[])
        })
        const body = decodeWire(new Uint8Array(await res.arrayBuffer()), res.headers.get('content-type'))
        return isResult(body) ? body : transportError(`HTTP ${res.status}`)
      } catch (e) {
        return transportError(e instanceof Error ? e.message : String(e))
      }
    },
    onEvent(cb) {
      listeners.add(cb)
      if (!source) {
        source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`)
        source.onmessage = (m: MessageEvent<string>) => {
          const event = JSON.parse(m.data) as ApiEvent
          for (const l of listeners) l(event)
        }
      }
      return () => {
        listeners.delete(cb)
        if (listeners.size === 0) {
          source?.close()
          source = null
        }
      }
    }
  }
}

const bridge: Bridge = window.nianbao ?? httpBridge()

export const api = Object.fromEntries(
  API_METHODS.map((method) => [method, (input: unknown) => bridge.invoke(method, input)])
) as unknown as Api

export const onEvent = (cb: (event: ApiEvent) => void): (() => void) => bridge.onEvent(cb)
