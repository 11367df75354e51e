// Extraction time per text report (txt, html, docx), in-process: read + decode + extract.
// Usage: npm run bench -- extract [folders…]   (default: the seeds and generated txt/html/docx)
import { readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { extractBytes } from '../src/core/extract'

const DEFAULTS = ['../shared/fixtures/seeds', '../shared/fixtures/generated/txt', '../shared/fixtures/generated/html', '../shared/fixtures/generated/docx']

export default async function run(args: string[]): Promise<void> {
  const dirs = (args.length ? args : DEFAULTS).map((d) => resolve(d))
  const files = dirs.flatMap((d) =>
    readdirSync(d)
      .filter((f) => /\.(txt|html?|docx)$/i.test(f))
      .map((f) => join(d, f))
  )
  if (!files.length) {
    process.stdout.write('no text reports found\n')
    return
  }
  const inputs = files.map((f) => ({ f, bytes: new Uint8Array(readFileSync(f)) }))
  // Round 1 is cold (module loading, JIT, label caches); later rounds are the steady state of a
  // batch import, which is what a reviewer importing a season of reports sees.
  for (let round = 1; round <= 3; round++) {
    const times: number[] = []
    let cpu = 0
    let slowest = { f: '', ms: 0 }
    for (const { f, bytes } of inputs) {
      const t0 = performance.now()
      const c0 = process.cpuUsage()
      await extractBytes(bytes, f).catch(() => null)
      const c = process.cpuUsage(c0)
      const ms = performance.now() - t0
      cpu += (c.user + c.system) / 1000
      times.push(ms)
      if (ms > slowest.ms) slowest = { f, ms }
    }
    times.sort((a, b) => a - b)
    const mean = times.reduce((s, t) => s + t, 0) / times.length
    const p = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0
    process.stdout.write(
      `extract round ${round}${round === 1 ? ' (cold)' : ''}: ${times.length} text reports, mean ${mean.toFixed(1)} ms, ` +
        `median ${p(0.5).toFixed(1)} ms, p95 ${p(0.95).toFixed(1)} ms, max ${slowest.ms.toFixed(1)} ms ` +
        `(${slowest.f.split('/').pop()}); CPU mean ${(cpu / times.length).toFixed(1)} ms (wall time counts other ` +
        `processes on a loaded machine, CPU time does not); target < 50 ms each\n`
    )
  }
}
