import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCore, type Core } from '../../../src/core/app'
import { startBrowserMode, type BrowserModeServer } from '../../../src/serve/server'
import { decodeWire, encodeWire } from '../../../src/shared/wire'

const SEED = join(__dirname, '../../../../shared/fixtures/seeds/000_72bc36100511d77e.txt')

describe('browser mode', () => {
  let dir: string
  let core: Core
  let served: BrowserModeServer
  let origin: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nianbao-serve-'))
    mkdirSync(join(dir, 'renderer'))
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>t</title>')
    writeFileSync(join(dir, 'secret.txt'), 'outside the renderer')
    core = openCore({ dbPath: join(dir, 'db.sqlite') })
    served = await startBrowserMode({ core, rendererDir: join(dir, 'renderer') })
    origin = new URL(served.url).origin
  })

  afterAll(async () => {
    await served.close()
    core.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const call = (method: string, input: unknown, headers: Record<string, string> = { 'x-nianbao-token': served.token }) => {
    const message = encodeWire(input)
    return fetch(`${origin}/api/${method}`, { method: 'POST', headers: { ...headers, 'content-type': message.type }, body: new Blob(message.parts) }).then(async (r) => ({
      status: r.status,
      body: decodeWire(new Uint8Array(await r.arrayBuffer()), r.headers.get('content-type')) as { ok: boolean; value?: unknown; error?: { code: string; message: string } }
    }))
  }

  it('refuses an API call without the token or with a wrong one', async () => {
    expect((await call('listDocuments', {}, {})).status).toBe(403)
    const wrong = await call('listDocuments', {}, { 'x-nianbao-token': 'guess' })
    expect(wrong.status).toBe(403)
    expect(wrong.body.error?.code).toBe('forbidden')
  })

  it('answers a malformed argument with a clear invalid-input error naming the method', async () => {
    const r = await call('getDocument', { id: 'seven' })
    expect(r.body.ok).toBe(false)
    expect(r.body.error?.code).toBe('invalid-input')
    expect(r.body.error?.message).toMatch(/getDocument/)
    expect((await call('dropTables', {})).body.error?.code).toBe('unknown-method')
  })

  it('imports a seed report over HTTP into the real database, once', async () => {
    const data = new Uint8Array(readFileSync(SEED))
    const first = await call('importFiles', { files: [{ name: 'seed.txt', data }] })
    expect(first.body.ok).toBe(true)
    const again = await call('importFiles', { files: [{ name: 'seed-copy.txt', data }] })
    const outcomes = (again.body.value as { outcomes: { outcome: string }[] }).outcomes
    expect(outcomes[0]?.outcome).toBe('duplicate')
    const list = (await call('listDocuments', {})).body.value as { id: number; name: string; size: number }[]
    expect(list.map((d) => [d.name, d.size])).toEqual([['seed.txt', data.byteLength]])
    const source = await call('getSource', { id: list[0]?.id })
    expect((source.body.value as { data: Uint8Array }).data).toEqual(data)
  })

  it('serves the renderer with the CSP header and nothing outside it', async () => {
    const page = await fetch(`${origin}/`)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect((await fetch(`${origin}/..%2fsecret.txt`)).status).not.toBe(200)
  })

  it('refuses requests naming another host (DNS rebinding)', async () => {
    const { request } = await import('node:http')
    const status = await new Promise<number>((resolve) => {
      const req = request(`${origin}/`, { headers: { host: 'evil.example:80' } }, (res) => resolve(res.statusCode ?? 0))
      req.end()
    })
    expect(status).toBe(403)
  })
})
