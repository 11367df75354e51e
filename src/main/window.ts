import { BrowserWindow, screen, session } from 'electron'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { allowNavigation, allowPermission, restoreBounds, secureWebPreferences, windowOpenDecision, withCsp, type Bounds } from './guards'

export function appUrl(rendererDir: string): string {
  return process.env.ELECTRON_RENDERER_URL ?? new URL(`file://${join(rendererDir, 'index.html')}`).href
}

function loadBounds(file: string): Partial<Bounds> | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<Bounds>
  } catch {
    return null
  }
}

export function installSessionGuards(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(allowPermission(permission)))
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => allowPermission(permission))
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders) })
  })
}

export function createMainWindow(opts: { preload: string; url: string; stateFile: string }): BrowserWindow {
  const primary = screen.getPrimaryDisplay().workArea
  const fallback = { x: primary.x + 40, y: primary.y + 40, width: Math.min(1600, primary.width - 80), height: Math.min(1000, primary.height - 80) }
  const bounds = restoreBounds(loadBounds(opts.stateFile), screen.getAllDisplays().map((d) => d.workArea), fallback)
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: '年报审阅台 Nianbao',
    webPreferences: secureWebPreferences(opts.preload)
  })
  win.once('ready-to-show', () => win.show())
  win.webContents.on('will-navigate', (e, url) => {
    if (!allowNavigation(url, opts.url)) e.preventDefault()
  })
  win.webContents.on('will-redirect', (e, url) => {
    if (!allowNavigation(url, opts.url)) e.preventDefault()
  })
  win.webContents.setWindowOpenHandler(() => windowOpenDecision())
  win.webContents.on('will-attach-webview', (e) => e.preventDefault())
  win.on('close', () => {
    try {
      writeFileSync(opts.stateFile, JSON.stringify(win.getNormalBounds()))
    } catch {
      // Losing the window position is not worth an error dialog on quit.
    }
  })
  void win.loadURL(opts.url)
  return win
}
