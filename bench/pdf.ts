// Text-PDF extraction time per page next to `pdftotext -layout` on the same files, warm, in wall
// and CPU time (the build machine is shared: wall time carries other processes' load).
// Usage: npm run bench -- pdf [files or folders…]   (default: three generated text PDFs + the real ones)
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { extractBytes } from '../src/core/extract'
import { childCpuSeconds } from './ocr'

const DEFAULTS = [
  '../shared/fixtures/generated/pdf-text/r02_2019_urban_chrome.pdf',
  '../shared/fixtures/generated/pdf-text/r03_2023_transport_lo.pdf',
  '../shared/fixtures/generated/pdf-text/r13_2021_govoffice_chrome.pdf',
  '../shared/fixtures/real'
]
const ROUNDS = 3

export default async function run(args: string[]): Promise<void> {
  const files = (args.length ? args : DEFAULTS)
    .map((a) => resolve(a))
    .flatMap((p) => (statSync(p).isDirectory() ? readdirSync(p).filter((f) => f.endsWith('.pdf')).map((f) => join(p, f)) : [p]))
  const inputs = files.map((f) => ({ f, bytes: new Uint8Array(readFileSync(f)) }))
  const pages = inputs.reduce((s, { f }) => s + pageCount(f), 0)
  // Warm-up: pdf.js module, fonts and cmaps loaded once, as in a batch import.
  for (const { f, bytes } of inputs) await extractBytes(bytes, f)
  const ours = { wall: Infinity, cpu: Infinity }
  const native = { wall: Infinity, cpu: Infinity }
  for (let round = 0; round < ROUNDS; round++) {
    let t0 = performance.now()
    const c0 = process.cpuUsage()
    for (const { f, bytes } of inputs) await extractBytes(bytes, f)
    const c = process.cpuUsage(c0)
    ours.wall = Math.min(ours.wall, performance.now() - t0)
    ours.cpu = Math.min(ours.cpu, (c.user + c.system) / 1000)
    t0 = performance.now()
    const k0 = childCpuSeconds()
    for (const { f } of inputs) execFileSync('pdftotext', ['-layout', f, '-'], { stdio: ['ignore', 'ignore', 'ignore'] })
    native.wall = Math.min(native.wall, performance.now() - t0)
    native.cpu = Math.min(native.cpu, (childCpuSeconds() - k0) * 1000)
  }
  const perPage = (ms: number): string => `${(ms / pages).toFixed(1)} ms/page`
  process.stdout.write(
    `text PDFs: ${inputs.length} files, ${pages} pages, best of ${ROUNDS} warm rounds\n` +
      `  nianbao extract      wall ${perPage(ours.wall)}  CPU ${perPage(ours.cpu)}\n` +
      `  pdftotext -layout    wall ${perPage(native.wall)}  CPU ${perPage(native.cpu)} (10 ms ticks: coarse)\n` +
      `  ratio                wall ${(ours.wall / native.wall).toFixed(1)}x  CPU ${(ours.cpu / Math.max(native.cpu, 10)).toFixed(1)}x (target <= 15x)\n`
  )
}

function pageCount(f: string): number {
  const info = execFileSync('pdfinfo', [f], { encoding: 'utf8' })
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 1)
}
