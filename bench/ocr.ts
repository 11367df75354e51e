// A scanned report's extraction time next to Debian's native tesseract (chi_sim, OMP_THREAD_LIMIT=1)
// reading the same page images in full, run side by side with the same parallelism (one process per
// core), plus how many printed numbers ours gets right.
// Usage: npm run bench -- ocr [scan.pdf …]   (default: two generated scans)
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { extractBytes } from '../src/core/extract'

const run$ = promisify(execFile)
const DEFAULTS = ['../shared/fixtures/generated/pdf-scan/r04_2021_env_scan.pdf', '../shared/fixtures/generated/pdf-scan/r19_2024_science_scan.pdf']

export default async function run(args: string[]): Promise<void> {
  const files = (args.length ? args : DEFAULTS).map((a) => resolve(a))
  let oursTotal = 0
  let nativeTotal = 0
  for (const f of files) {
    const t0 = performance.now()
    const out = await extractBytes(new Uint8Array(readFileSync(f)), f)
    const ours = (performance.now() - t0) / 1000
    const native = await nativeSeconds(f)
    oursTotal += ours
    nativeTotal += native.seconds
    const truth = numbersOf(f)
    const got = Object.entries(out.cells).filter(([k, c]) => truth.has(k) && c.value === truth.get(k)).length
    process.stdout.write(
      `${f.split('/').pop()}: ${native.pages} pages\n` +
        `  nianbao extract (cold, incl. OCR start-up)  ${ours.toFixed(1)} s   printed numbers right: ${got}/${truth.size}\n` +
        `  tesseract chi_sim, full pages, ${os.availableParallelism()} procs   ${native.seconds.toFixed(1)} s   (plain text: no cells, no positions)\n` +
        `  ratio ${(ours / native.seconds).toFixed(2)} (target < 1.0)\n`
    )
  }
  process.stdout.write(`all: ratio ${(oursTotal / nativeTotal).toFixed(2)}\n`)
}

async function nativeSeconds(pdf: string): Promise<{ seconds: number; pages: number }> {
  const dir = mkdtempSync(join(os.tmpdir(), 'nianbao-bench-'))
  try {
    execFileSync('pdfimages', ['-all', pdf, join(dir, 'p')])
    const images = readdirSync(dir).sort().map((f) => join(dir, f))
    const queue = [...images]
    const t0 = performance.now()
    const lane = async (): Promise<void> => {
      for (let img = queue.shift(); img; img = queue.shift()) {
        await run$('tesseract', [img, '-', '-l', 'chi_sim'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 1 << 24 })
      }
    }
    await Promise.all(Array.from({ length: os.availableParallelism() }, lane))
    return { seconds: (performance.now() - t0) / 1000, pages: images.length }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function numbersOf(pdf: string): Map<string, number> {
  const truth = JSON.parse(readFileSync(pdf.replace(/\.pdf$/, '.truth.json'), 'utf8')) as { cells: Record<string, number | null> }
  return new Map(Object.entries(truth.cells).filter((e): e is [string, number] => e[1] !== null))
}
