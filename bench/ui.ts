// Time from choosing a report in the library to its tables and first page drawn, in Chromium
// through browser mode (the same renderer and API as the app). Target: under 500 ms for a text PDF.
// Wall time on a shared machine is inflated by load, so CPU time of the browser's renderer process
// (its pdf.js worker included) and of the server's process tree is printed beside it.
// `npm run bench -- ui [pdf files or folders…]` (default: the first generated text PDFs); needs
// `npm run build` first (it builds when out/renderer is missing) and /usr/bin/chromium.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type CDPSession, type Page } from 'playwright-core'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const DEFAULT = resolve(root, '../shared/fixtures/generated/pdf-text')
const ROUNDS = 3
/** The default folder's first few reports: extraction before the timing dominates the bench otherwise. */
const DEFAULT_COUNT = 8
const GIVE_UP_MS = 15_000
/** How long the pointer rests on a library row before the click, as a reader's does. */
const REST_MS = 300
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

function pdfs(args: string[]): string[] {
  if (args.length === 0) return pdfs([DEFAULT]).slice(0, DEFAULT_COUNT)
  return args.flatMap((p) =>
    statSync(p).isDirectory()
      ? readdirSync(p)
          .filter((f) => f.toLowerCase().endsWith('.pdf'))
          .sort()
          .map((f) => join(p, f))
      : [p]
  )
}

function startServer(db: string): Promise<{ url: string; pid: number; stop: () => void }> {
  return new Promise((done, fail) => {
    const child = spawn(join(root, 'node_modules/.bin/tsx'), ['src/serve/index.ts', '--db', db], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    const onData = (d: Buffer): void => {
      out += d.toString()
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out)
      if (m) done({ url: m[1]!, pid: child.pid!, stop: () => child.kill('SIGTERM') })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => fail(new Error(`browser mode exited ${code}: ${out}`)))
  })
}

/**
 * Opens a report by its address, as a click in the library does, and waits for both panes; also
 * reads how long the getSource call took (resource timing), the part spent outside the renderer.
 * The page script is a string: tsx would wrap named functions in a helper the page does not have.
 */
interface Opened {
  tables: number
  /** pdf.js has the document (the page element exists), before the page is fetched and drawn. */
  pdf: number
  page: number
  getSource: number
  rendererCpu: number
  serverCpu: number
}

function openTimed(page: Page, id: number, by: 'address' | 'click' = 'address'): Promise<Omit<Opened, 'rendererCpu' | 'serverCpu'> | null> {
  return page.evaluate(`new Promise((done) => {
    performance.clearResourceTimings()
    const t0 = performance.now()
    let tables = 0
    let pdf = 0
    ${by === 'click' ? `document.querySelector('[data-testid="doc-row"][data-id="${id}"] .name button').click()` : `location.hash = '#/doc/${id}'`}
    const ready = () => {
      const ms = performance.now() - t0
      if (!tables && document.querySelector('[data-testid="tables"] td[data-key]')) tables = ms
      if (!pdf && document.querySelector('[data-testid="pdf-page"]')) pdf = ms
      if (tables && document.querySelector('[data-drawn="true"]')) {
        const src = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/api/getSource'))
        done({ tables, pdf, page: ms, getSource: src ? src.duration : 0 })
      } else if (ms > ${GIVE_UP_MS}) done(null)
      else requestAnimationFrame(ready)
    }
    ready()
  })`) as Promise<Omit<Opened, 'rendererCpu' | 'serverCpu'> | null>
}

/** CPU ms of `pid` and its descendants (tsx runs the server in a child node), from /proc (Linux, 100 ticks/s). */
function treeCpuMs(pid: number): number {
  const procs = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const st = readFileSync(`/proc/${d}/stat`, 'utf8')
        const f = st.slice(st.lastIndexOf(')') + 2).split(' ')
        return [{ pid: Number(d), ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) }]
      } catch {
        return [] // gone while listing
      }
    })
  const tree = new Set([pid])
  for (let grew = true; grew; ) {
    grew = false
    for (const p of procs) if (!tree.has(p.pid) && tree.has(p.ppid)) grew = !!tree.add(p.pid)
  }
  return procs.filter((p) => tree.has(p.pid)).reduce((sum, p) => sum + p.ticks * 10, 0)
}

/** CPU ms of the browser's renderer processes (the page and its workers). */
async function rendererCpuMs(cdp: CDPSession): Promise<number> {
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; cpuTime: number }[] }
  return processInfo.filter((p) => p.type === 'renderer').reduce((sum, p) => sum + p.cpuTime * 1000, 0)
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

/** Nearest-rank 95th percentile (the maximum below 20 samples). */
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.ceil(s.length * 0.95) - 1]!
}

/** Median and p95 of one figure, e.g. "612 ms (p95 900 ms)". */
function spread(xs: number[]): string {
  return `${median(xs).toFixed(0)} ms (p95 ${p95(xs).toFixed(0)} ms)`
}

const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ')

export default async function run(args: string[]): Promise<void> {
  const files = pdfs(args)
  if (!existsSync(join(root, 'out/renderer/index.html'))) spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-bench-ui-'))
  const server = await startServer(join(dir, 'bench.sqlite'))
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: FLAGS })
  try {
    console.log(`load average (1, 5, 15 min) at the start: ${load()}`)
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    const cdp = await browser.newBrowserCDPSession()
    await page.goto(server.url)
    await page.locator('input[type=file][data-testid="import-input"]').setInputFiles(files)
    const rows = page.locator('[data-testid="doc-row"]')
    await rows.nth(files.length - 1).waitFor()
    // Extraction runs in the background; time only reports that have their tables.
    for (let t = Date.now(); Date.now() - t < 600_000; await new Promise((r) => setTimeout(r, 500))) {
      const states = await page.locator('[data-testid="doc-status"]').allInnerTexts()
      if (states.every((s) => !['已导入', '提取中'].includes(s.trim()))) break
    }
    const docs = await rows.evaluateAll((els) =>
      els.map((e) => ({ id: Number(e.getAttribute('data-id')), name: e.querySelector('.name button')!.textContent!.trim(), status: e.querySelector('[data-testid="doc-status"]')!.textContent!.trim() }))
    )
    // The first open of a report is cold; the source cache keeps it parsed for the reopens.
    const first: Opened[] = []
    const again: Opened[] = []
    console.log(`file\ttables ms\tpdf open ms\tpage drawn ms\tof which getSource ms\trenderer CPU ms\tserver CPU ms\t(first open; reopened: median of ${ROUNDS - 1})`)
    for (const d of docs.sort((a, b) => a.name.localeCompare(b.name))) {
      if (d.status === '失败') {
        console.log(`${d.name}\tfailed to extract, skipped`)
        continue
      }
      const times: Opened[] = []
      for (let i = 0; i < ROUNDS; i++) {
        await page.evaluate(`location.hash = '#/'`)
        await rows.first().waitFor()
        const cpu0 = [await rendererCpuMs(cdp), treeCpuMs(server.pid)]
        const t = await openTimed(page, d.id)
        if (t) times.push({ ...t, rendererCpu: (await rendererCpuMs(cdp)) - cpu0[0]!, serverCpu: treeCpuMs(server.pid) - cpu0[1]! })
      }
      if (times.length < ROUNDS) {
        console.log(`${d.name}\tnot drawn within ${GIVE_UP_MS} ms (${d.status})`)
        continue
      }
      const [cold, ...warm] = times as [Opened, ...Opened[]]
      first.push(cold)
      again.push(...warm)
      const f = (k: keyof Opened): string => cold[k].toFixed(0)
      const m = (k: keyof Opened): string => median(warm.map((t) => t[k])).toFixed(0)
      console.log(
        `${d.name}\t${f('tables')}\t${f('pdf')}\t${f('page')}\t${f('getSource')}\t${f('rendererCpu')}\t${f('serverCpu')}\t(reopened: page ${m('page')} ms, renderer CPU ${m('rendererCpu')} ms)`
      )
    }
    if (first.length) {
      const m = (xs: Opened[], k: keyof Opened): string => median(xs.map((t) => t[k])).toFixed(0)
      console.log(
        `ui open→tables+page, first open: ${spread(first.map((t) => t.page))} over ${first.length} reports (tables ${m(first, 'tables')} ms; pdf.js has the document ${m(first, 'pdf')} ms; getSource ${m(first, 'getSource')} ms); CPU: renderer ${m(first, 'rendererCpu')} ms, server ${m(first, 'serverCpu')} ms (target < 500 ms)`
      )
      console.log(`ui reopen→tables+page: ${spread(again.map((t) => t.page))} over ${again.length} opens; CPU: renderer ${m(again, 'rendererCpu')} ms, server ${m(again, 'serverCpu')} ms`)
    }

    // A fresh page (empty source cache): the pointer rests on each row before the click, so the
    // library reads the report ahead and draws its opening page, as it does for a reader.
    await page.reload()
    const rested: number[] = []
    const restedCpu: number[] = []
    for (const d of docs.filter((x) => x.status !== '失败')) {
      await page.evaluate(`location.hash = '#/'`)
      const row = page.locator(`[data-testid="doc-row"][data-id="${d.id}"]`)
      await row.hover()
      await page.waitForTimeout(REST_MS)
      const cpu0 = await rendererCpuMs(cdp)
      const t = await openTimed(page, d.id, 'click')
      if (t) {
        rested.push(t.page)
        restedCpu.push((await rendererCpuMs(cdp)) - cpu0)
      }
    }
    if (rested.length) console.log(`ui rest ${REST_MS} ms on the row, click→tables+page: ${spread(rested)} over ${rested.length} reports; renderer CPU after the click ${median(restedCpu).toFixed(0)} ms`)
    console.log(`load average (1, 5, 15 min) at the end: ${load()} on ${cpus().length} cores (wall times above are inflated by it)`)
  } finally {
    await browser.close()
    server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
