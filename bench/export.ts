// `npm run bench -- export [--reports 10000] [--fixtures ../shared/fixtures] [--db FILE]`
// Builds a review database of N reports through the store's public functions (import, record
// extraction, corrections, reviewed) from the fixtures' truth files, then exports it to each
// format in a fresh process, printing seconds, output size and peak memory (target: CSV < 10 s).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { EXPORT_FORMATS, type ExportFormat } from '../src/shared/api'
import { exportDataset } from '../src/core/export'
import { openDb, type Db } from '../src/core/store/db'
import { listDocumentIds } from '../src/core/store/documents'
import { addReport, loadTruths, review, type Truth } from '../tests/integration/export/truth-db'

const here = dirname(fileURLToPath(import.meta.url))
const CHILD = 'NIANBAO_BENCH_EXPORT_CHILD'

function truthsUnder(dir: string): Truth[] {
  const subdirs = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'bad')
  return [...loadTruths(dir), ...subdirs.flatMap((e) => truthsUnder(join(dir, e.name)))]
}

/** One truth per report (the same report comes as html, docx and txt): identical bytes would import once. */
function distinct(truths: Truth[]): Truth[] {
  return [...new Map(truths.map((t) => [t.file, t])).values()]
}

/** N reports cycling over the truth files, each copy its own agency; one in ten corrected and reviewed. */
function generate(db: Db, truths: Truth[], n: number): void {
  const batch = 500
  for (let start = 0; start < n; start += batch) {
    db.transaction(() => {
      for (let i = start; i < Math.min(n, start + batch); i++) {
        const t = truths[i % truths.length]!
        const id = addReport(db, t, 1 + Math.floor(i / truths.length))
        if (i % 10 === 0) review(db, id, t, '基准')
      }
    })()
    process.stderr.write(`\rgenerating ${Math.min(n, start + batch)}/${n}`)
  }
  process.stderr.write('\n')
}

interface Figures {
  format: ExportFormat
  count: number
  seconds: number
  bytes: number
  baselineMb: number
  peakMb: number
}

/** Runs in the child process: one export, measured from a clean heap. */
async function measure(format: ExportFormat, dbPath: string, out: string): Promise<void> {
  const db = openDb(dbPath)
  const baseline = process.memoryUsage().rss
  const t0 = performance.now()
  const { count } = await exportDataset(db, { format, path: out })
  const seconds = (performance.now() - t0) / 1000
  const figures: Figures = {
    format,
    count,
    seconds,
    bytes: statSync(out).size,
    baselineMb: baseline / 2 ** 20,
    peakMb: (process.resourceUsage().maxRSS * 1024) / 2 ** 20
  }
  process.stdout.write(JSON.stringify(figures) + '\n')
  db.close()
}

export default async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      reports: { type: 'string', default: '10000' },
      fixtures: { type: 'string', default: resolve(here, '../../shared/fixtures') },
      db: { type: 'string' },
      formats: { type: 'string', default: EXPORT_FORMATS.join(',') }
    }
  })
  const n = Number(values.reports)
  const work = mkdtempSync(join(tmpdir(), 'nianbao-bench-export-'))
  const dbPath = values.db ?? join(work, 'bench.sqlite')
  try {
    const db = openDb(dbPath)
    const have = listDocumentIds(db).length
    if (have === 0) {
      const truths = distinct(truthsUnder(values.fixtures))
      const t0 = performance.now()
      generate(db, truths, n)
      console.log(`database: ${n} reports from ${truths.length} truth files via the store, built in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    } else console.log(`database: ${dbPath} with ${have} reports (reused)`)
    db.close()
    console.log('format    reports  seconds  output MB  peak RSS MB (before export)')
    for (const format of values.formats.split(',') as ExportFormat[]) {
      const out = join(work, `export.${format}`)
      const line = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), format, dbPath, out], {
        env: { ...process.env, [CHILD]: '1' },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit']
      })
      const f = JSON.parse(line.trim().split('\n').at(-1)!) as Figures
      console.log(
        `${f.format.padEnd(9)} ${String(f.count).padStart(7)}  ${f.seconds.toFixed(2).padStart(7)}  ${(f.bytes / 2 ** 20).toFixed(1).padStart(9)}  ${f.peakMb.toFixed(0).padStart(11)} (${f.baselineMb.toFixed(0)})`
      )
      rmSync(out, { force: true })
    }
  } finally {
    // A database given with --db is kept for the next run; the working folder never is.
    rmSync(work, { recursive: true, force: true })
  }
}

if (process.env[CHILD]) {
  const [format, dbPath, out] = process.argv.slice(2) as [ExportFormat, string, string]
  await measure(format, dbPath, out)
}
