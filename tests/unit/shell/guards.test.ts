import { describe, expect, it } from 'vitest'
import {
  allowNavigation,
  allowPermission,
  isAppFrame,
  isAppUrl,
  restoreBounds,
  secureWebPreferences,
  windowOpenDecision,
  withCsp
} from '../../../src/main/guards'

const FILE_APP = 'file:///opt/Nianbao/resources/app.asar/out/renderer/index.html'

describe('Electron security guards', () => {
  it('keeps the sandbox, isolation and no node in every window', () => {
    const prefs = secureWebPreferences('/p/preload.cjs')
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false })
  })

  it('recognises only our own index.html or dev server as the app', () => {
    expect(isAppUrl(`${FILE_APP}#/doc/3`, FILE_APP)).toBe(true)
    expect(isAppUrl('file:///tmp/evil.html', FILE_APP)).toBe(false)
    expect(isAppUrl('https://example.gov.cn/report.html', FILE_APP)).toBe(false)
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true)
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false)
    expect(isAppUrl('not a url', FILE_APP)).toBe(false)
  })

  it('answers IPC only from the top-level app frame', () => {
    expect(isAppFrame({ url: FILE_APP, parent: null }, FILE_APP)).toBe(true)
    expect(isAppFrame({ url: FILE_APP, parent: {} }, FILE_APP)).toBe(false)
    expect(isAppFrame({ url: 'https://evil.example/', parent: null }, FILE_APP)).toBe(false)
    expect(isAppFrame(null, FILE_APP)).toBe(false)
  })

  it('blocks navigation, window.open and permissions', () => {
    expect(allowNavigation('https://www.gov.cn/', FILE_APP)).toBe(false)
    expect(windowOpenDecision()).toEqual({ action: 'deny' })
    expect(allowPermission('media')).toBe(false)
  })

  it('replaces any CSP header with ours, which forbids eval', () => {
    const h = withCsp({ 'content-security-policy': ["default-src *"], 'x-a': 'b' })
    expect(h['Content-Security-Policy']?.[0]).toContain("script-src 'self'")
    expect(h['Content-Security-Policy']?.[0]).not.toContain('unsafe-eval')
    expect(h['content-security-policy']).toBeUndefined()
    expect(h['x-a']).toEqual(['b'])
  })

  it('restores a window only onto a connected display', () => {
    const display = { x: 0, y: 0, width: 1920, height: 1080 }
    const fallback = { x: 40, y: 40, width: 1200, height: 800 }
    expect(restoreBounds({ x: 100, y: 100, width: 1000, height: 700 }, [display], fallback)).toEqual({ x: 100, y: 100, width: 1000, height: 700 })
    expect(restoreBounds({ x: 3000, y: 100, width: 1000, height: 700 }, [display], fallback)).toEqual(fallback)
    expect(restoreBounds(null, [display], fallback)).toEqual(fallback)
  })
})
