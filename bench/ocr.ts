// A scanned report's extraction time next to Debian's native tesseract (chi_sim, OMP_THREAD_LIMIT=1)
// reading the same page images in full, run side by side with the same parallelism (one process per
// core), plus how many printed numbers ours gets right. Wall time and CPU time both: the build
// machine is shared, so wall time carries other processes' load and CPU time does not.
// Cold: OCR workers started for the file (a single extraction from the command line). Warm: the
// same file again with the workers still up, as for every report after the first of an import.
// Usage: npm run bench -- ocr [scan.pdf …]   (default: two generated scans)
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { extractBytes } from '../src/core/extract'
import { stopOcrWorkers, takeOcrStats } from '../src/core/ingest/ocr/pool'

const run$ = promisify(execFile)
const DEFAULTS = ['../shared/fixtures/generated/pdf-scan/r04_2021_env_scan.pdf', '../shared/fixtures/generated/pdf-scan/r19_2024_science_scan.pdf']

interface Timing {
  wall: number
  cpu: number
}

export default async function run(args: string[]): Promise<void> {
  const files = (args.length ? args : DEFAULTS).map((a) => resolve(a))
  const zero = (): Timing => ({ wall: 0, cpu: 0 })
  const sum = { cold: zero(), warm: zero(), native: zero() }
  for (const f of files) {
    const truth = numbersOf(f)
    await stopOcrWorkers()
    takeOcrStats()
    const cold = await ours(f, truth)
    const coldReads = takeOcrStats()
    const warm = await ours(f, truth)
    const reads = takeOcrStats()
    const native = await nativeTesseract(f)
    for (const k of ['wall', 'cpu'] as const) {
      sum.cold[k] += cold[k]
      sum.warm[k] += warm[k]
      sum.native[k] += native[k]
    }
    const line = (name: string, t: Timing & { got: number }): string =>
      `  nianbao extract, ${name}   wall ${t.wall.toFixed(1)} s  CPU ${t.cpu.toFixed(1)} s   printed numbers right: ${t.got}/${truth.size}   ratio wall ${(t.wall / native.wall).toFixed(2)}  CPU ${(t.cpu / native.cpu).toFixed(2)}\n`
    process.stdout.write(
      `${f.split('/').pop()}: ${native.pages} pages\n` +
        line('cold (OCR workers started)', cold) +
        line('warm (OCR workers up)     ', warm) +
        `  tesseract chi_sim, full pages, ${os.availableParallelism()} procs   wall ${native.wall.toFixed(1)} s  CPU ${native.cpu.toFixed(1)} s   (plain text: no cells, no positions)\n` +
        `  cold, worker time by read:${breakdown(coldReads)}\n` +
        `  warm, worker time by read:${breakdown(reads)}\n`
    )
  }
  const ratio = (t: Timing): string => `wall ${(t.wall / sum.native.wall).toFixed(2)}  CPU ${(t.cpu / sum.native.cpu).toFixed(2)}`
  process.stdout.write(`all (target < 1.0): cold ratio ${ratio(sum.cold)};  warm ratio ${ratio(sum.warm)}\n`)
  await stopOcrWorkers()
}

function breakdown(reads: Map<string, { reads: number; ms: number }>): string {
  return [...reads].sort(([a], [b]) => a.localeCompare(b)).map(([k, s]) => `  ${k}: ${s.reads} × ${(s.ms / s.reads).toFixed(0)} ms = ${(s.ms / 1000).toFixed(1)} s`).join(';')
}

/** One extraction, timed; the OCR readers are threads of this process: cpuUsage counts them. */
async function ours(f: string, truth: Map<string, number>): Promise<Timing & { got: number }> {
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  const out = await extractBytes(new Uint8Array(readFileSync(f)), f)
  const c = process.cpuUsage(c0)
  const got = Object.entries(out.cells).filter(([k, cell]) => truth.has(k) && cell.value === truth.get(k)).length
  return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, got }
}

async function nativeTesseract(pdf: string): Promise<Timing & { pages: number }> {
  const dir = mkdtempSync(join(os.tmpdir(), 'nianbao-bench-'))
  try {
    execFileSync('pdfimages', ['-all', pdf, join(dir, 'p')])
    const images = readdirSync(dir).sort().map((f) => join(dir, f))
    const queue = [...images]
    const t0 = performance.now()
    const c0 = childCpuSeconds()
    const lane = async (): Promise<void> => {
      for (let img = queue.shift(); img; img = queue.shift()) {
        await run$('tesseract', [img, '-', '-l', 'chi_sim'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 1 << 24 })
      }
    }
    await Promise.all(Array.from({ length: os.availableParallelism() }, lane))
    return { wall: (performance.now() - t0) / 1000, cpu: childCpuSeconds() - c0, pages: images.length }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * CPU seconds of this process's finished (waited-for) child processes: cutime + cstime of
 * /proc/self/stat, in clock ticks (USER_HZ, 100 on Linux).
 */
export function childCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8')
  // Fields after the parenthesised command name; cutime and cstime are fields 16 and 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[13]) + Number(fields[14])) / 100
}

function numbersOf(pdf: string): Map<string, number> {
  const truth = JSON.parse(readFileSync(pdf.replace(/\.pdf$/, '.truth.json'), 'utf8')) as { cells: Record<string, number | null> }
  return new Map(Object.entries(truth.cells).filter((e): e is [string, number] => e[1] !== null))
}
