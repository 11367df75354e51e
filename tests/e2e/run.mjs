// End-to-end runner: starts browser mode on a temporary database, drives Debian's Chromium with
// playwright-core, and runs every tests/e2e/*.e2e.mjs (each exports `name` and `run(ctx)`).
// Prints "N passed, N failed" and exits non-zero on any failure.
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

/** Starts `tsx src/serve/index.ts` on a fresh database and resolves with its URL. */
export function startServer(dbPath) {
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, 'node_modules/.bin/tsx'), ['src/serve/index.ts', '--db', dbPath], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    const timer = setTimeout(() => reject(new Error(`browser mode did not start:\n${out}`)), 60_000)
    const onData = (d) => {
      out += d
      const m = out.match(/(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/)
      if (m) {
        clearTimeout(timer)
        resolve({ url: m[1], child, stop: () => child.kill('SIGTERM') })
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => reject(new Error(`browser mode exited ${code}:\n${out}`)))
  })
}

async function main() {
  const only = process.argv[2]
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.e2e.mjs') && (!only || f.includes(only)))
    .sort()
  const shots = join(root, 'test-results', 'screenshots')
  mkdirSync(shots, { recursive: true })
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS })
  let passed = 0
  let failed = 0
  for (const file of files) {
    const mod = await import(join(here, file))
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-e2e-'))
    const server = await startServer(join(dir, 'e2e.sqlite'))
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
    // The build machine is shared and often loaded: waits on conditions get room beyond the 30 s default.
    context.setDefaultTimeout(60_000)
    const page = await context.newPage()
    const errors = []
    page.on('pageerror', (e) => errors.push(e.message))
    const started = Date.now()
    try {
      await mod.run({ page, context, url: server.url, root, shots, dir, errors })
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`)
      passed++
      console.log(`ok   ${mod.name ?? file} (${Date.now() - started} ms)`)
    } catch (e) {
      failed++
      await page.screenshot({ path: join(shots, `FAILED-${file}.png`) }).catch(() => {})
      console.log(`FAIL ${mod.name ?? file}\n     ${e?.stack ?? e}`)
    } finally {
      await context.close()
      server.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  await browser.close()
  console.log(`e2e: ${passed} passed, ${failed} failed`)
  process.exit(failed || passed === 0 ? 1 : 0)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
