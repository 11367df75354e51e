// Electron loads the built renderer from file:// (src/main/window.ts appUrl). Without Electron here,
// Chromium opens out/renderer/index.html from file:// with file access (as Electron grants its app
// pages) and a stand-in for the preload's window.nianbao that forwards calls to browser mode: the
// relative asset paths, the pdf.js worker, its cmaps and the CSP must all work from a file address.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { waitExtracted } from './helpers.mjs'
import { CHROMIUM_ARGS } from './run.mjs'

export const name = 'file:// renderer (as Electron loads it): a PDF drawn with its text layer through a preload-like bridge, the menu opens the export dialog'

const PDF = 'tests/fixtures/renderer/r16_2019_medins_lo.pdf'

export async function run({ page, url, root, shots }) {
  // Import and extract through browser mode as usual.
  await page.goto(url)
  await page.locator('input[type=file][data-testid="import-input"]').setInputFiles(join(root, PDF))
  const row = page.locator('[data-testid="doc-row"]', { hasText: 'r16_2019_medins_lo.pdf' })
  await waitExtracted(page, 'r16_2019_medins_lo.pdf')
  const id = Number(await row.getAttribute('data-id'))

  const server = new URL(url)
  const token = server.hash.split('=')[1]
  // Browser mode answers with file bytes beside the JSON (src/shared/wire.ts: a 4-byte JSON length,
  // the JSON with {"$bytes": [start, length]}, the bytes); this bridge hands them on as {"$b64": …}.
  const forward = async (method, body) => {
    const res = await fetch(`${server.origin}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Nianbao-Token': token }, body })
    const buf = Buffer.from(await res.arrayBuffer())
    if (res.headers.get('content-type') !== 'application/octet-stream') return buf.toString('utf8')
    const tail = 4 + buf.readUInt32LE(0)
    const value = JSON.parse(buf.subarray(4, tail).toString('utf8'), (_k, v) =>
      v && typeof v === 'object' && Array.isArray(v.$bytes) ? { $b64: buf.subarray(tail + v.$bytes[0], tail + v.$bytes[0] + v.$bytes[1]).toString('base64') } : v
    )
    return JSON.stringify(value)
  }

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--allow-file-access-from-files'] })
  try {
    const filePage = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
    filePage.setDefaultTimeout(60_000)
    const errors = []
    filePage.on('pageerror', (e) => errors.push(e.message))
    filePage.on('console', (m) => {
      if (m.type() === 'error' || /fake worker/i.test(m.text())) errors.push(m.text())
    })
    await filePage.exposeFunction('__forward', forward)
    // The preload's shape (src/preload/index.ts); bytes cross this bridge as {"$b64": …}.
    await filePage.addInitScript(() => {
      const toB64 = (bytes) => {
        let s = ''
        for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
        return btoa(s)
      }
      const revive = (_k, v) => (v && typeof v === 'object' && typeof v.$b64 === 'string' ? Uint8Array.from(atob(v.$b64), (c) => c.charCodeAt(0)) : v)
      window.nianbao = {
        invoke: async (method, input) =>
          JSON.parse(
            await window.__forward(
              method,
              JSON.stringify(input ?? {}, function (k, v) {
                return this[k] instanceof Uint8Array ? { $b64: toB64(this[k]) } : v
              })
            ),
            revive
          ),
        // Main's events (the menu's commands among them) arrive here; the test sends its own.
        onEvent: (cb) => {
          window.__emit = cb
          return () => {}
        }
      }
    })
    await filePage.goto(`${pathToFileURL(join(root, 'out/renderer/index.html')).href}#/doc/${id}`)
    await filePage.locator('[data-testid="tables"] td[data-key]').first().waitFor()
    await filePage.locator('[data-testid="pdf-page"][data-drawn="true"]').waitFor()
    await filePage.waitForFunction(() => /政府信息公开/.test(document.querySelector('.textLayer')?.textContent ?? ''))
    assert.ok(
      filePage.workers().some((w) => w.url().startsWith('file:') && w.url().includes('pdf.worker')),
      'pdf.js runs in its worker, loaded from file://'
    )
    // The cmaps for CJK fonts that are not embedded are read from the bundle next to the page.
    const cmap = await filePage.evaluate(async () => {
      const x = new XMLHttpRequest()
      x.open('GET', new URL('pdfjs/cmaps/UniGB-UCS2-H.bcmap', document.baseURI).href)
      x.responseType = 'arraybuffer'
      return new Promise((done) => {
        x.onload = () => done(x.response.byteLength)
        x.onerror = () => done(0)
        x.send()
      })
    })
    assert.ok(cmap > 1000, 'cmaps readable from file://')
    await filePage.screenshot({ path: join(shots, 'file-mode.png') })
    // File ▸ 导出数据… (src/main/menu.ts) from the review screen: back to the library, dialog open.
    await filePage.evaluate(() => window.__emit({ type: 'command', name: 'export' }))
    await filePage.locator('[data-testid="export-dialog"][open]').waitFor()
    assert.equal(await filePage.evaluate(() => location.hash), '#/')
    assert.deepEqual(errors, [])
  } finally {
    await browser.close()
  }
}
