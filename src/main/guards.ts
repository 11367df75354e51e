// Every security decision of the shell, as pure functions tested under Node. Each Electron hook
// in window.ts/ipc.ts is one call into here.
import { CONTENT_SECURITY_POLICY } from '../shared/security'

export interface SecureWebPreferences {
  preload: string
  sandbox: true
  contextIsolation: true
  nodeIntegration: false
  nodeIntegrationInWorker: false
  nodeIntegrationInSubFrames: false
  webviewTag: false
  webSecurity: true
  allowRunningInsecureContent: false
  spellcheck: false
}

export function secureWebPreferences(preload: string): SecureWebPreferences {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: false
  }
}

/** The renderer's own location: the built index.html, or the dev server while developing. */
export function isAppUrl(url: string, appUrl: string): boolean {
  let a: URL
  let b: URL
  try {
    a = new URL(url)
    b = new URL(appUrl)
  } catch {
    return false
  }
  if (a.protocol !== b.protocol) return false
  if (b.protocol === 'file:') return a.pathname === b.pathname
  return a.origin === b.origin
}

/** IPC is answered only for our own top-level frame, never an iframe or another page. */
export function isAppFrame(frame: { url: string; parent: unknown } | null | undefined, appUrl: string): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url, appUrl)
}

/** Navigation away from the app is never allowed (links in reports, dropped files, redirects). */
export function allowNavigation(url: string, appUrl: string): boolean {
  return isAppUrl(url, appUrl)
}

export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' }
}

/** Camera, notifications, geolocation…: the review desk needs none. */
export function allowPermission(_permission: string): boolean {
  return false
}

export function withCsp(headers: Record<string, string[] | string> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() !== 'content-security-policy') out[k] = Array.isArray(v) ? v : [v]
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY]
  return out
}

export interface Bounds {
  x: number
  y: number
  width: number
  height: number
}

/** A saved window position is used only if it still lies mostly on a connected display. */
export function restoreBounds(saved: Partial<Bounds> | null, displays: Bounds[], fallback: Bounds): Bounds {
  if (!saved || ![saved.x, saved.y, saved.width, saved.height].every((n) => Number.isFinite(n))) return fallback
  const b = saved as Bounds
  const width = Math.max(900, b.width)
  const height = Math.max(600, b.height)
  const visible = displays.some((d) => {
    const w = Math.min(b.x + width, d.x + d.width) - Math.max(b.x, d.x)
    const h = Math.min(b.y + height, d.y + d.height) - Math.max(b.y, d.y)
    return w >= 200 && h >= 100
  })
  return visible ? { x: b.x, y: b.y, width, height } : fallback
}
