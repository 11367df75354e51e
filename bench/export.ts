// `npm run bench -- export [--reports 10000] [--fixtures ../shared/fixtures] [--db FILE] [--formats csv,xlsx]`
// Builds a review database of N reports through the store's public functions (import, record
// extraction, corrections, reviewed) from the fixtures' truth files, then exports it to each
// format in a fresh process, printing seconds, CPU seconds, output size and peak memory (target:
// CSV < 10 s), once as the app exports (exportDataset: reports streamed from the database into a
// file) and once from a hundred reports cycled (the writer's own cost). A database from before
// migration 0005 first gets its effective cells stored (timed apart: it happens once).
import { execFileSync } from 'node:child_process'
import { createWriteStream, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { EXPORT_FORMATS, type ExportFormat } from '../src/shared/api'
import { exportDataset, writeExport, type ExportSource } from '../src/core/export'
import { iterateReportDetails, type ReportDetail } from '../src/core/store/details'
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

/** `store`: the real export, reports streamed from the database; `writer`: the writer alone. */
type Mode = 'store' | 'writer'

interface Figures {
  format: ExportFormat
  mode: Mode
  count: number
  seconds: number
  cpu: number
  bytes: number
  baselineMb: number
  peakMb: number
}

/** The first hundred reports of the database over and over: the writer's own cost, without the store's. */
function* cycled(db: Db, n: number): Generator<ReportDetail> {
  const some = [...iterateReportDetails(db, { ids: listDocumentIds(db).slice(0, 100) })]
  for (let i = 0; i < n; i++) yield some[i % some.length]!
}

const cpuSeconds = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

/** Runs in the child process: one export, measured from a clean heap. */
async function measure(format: ExportFormat, mode: Mode, dbPath: string, out: string): Promise<void> {
  const db = openDb(dbPath)
  const total = listDocumentIds(db).length
  const source: ExportSource = { total, templates: ['2019', '2021'], reports: cycled(db, total) }
  const baseline = process.memoryUsage().rss
  const t0 = performance.now()
  const cpu0 = cpuSeconds()
  const count =
    mode === 'store'
      ? (await exportDataset(db, { format, path: out })).count
      : await writeExport(format, source, createWriteStream(out, { highWaterMark: 1 << 20 }))
  const figures: Figures = {
    format,
    mode,
    count,
    seconds: (performance.now() - t0) / 1000,
    cpu: cpuSeconds() - cpu0,
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
    const stored = db.prepare<[], number>('SELECT count(*) FROM document_cells').pluck().get()!
    if (stored < have) {
      const t0 = performance.now()
      const cpu0 = cpuSeconds()
      for (const _ of iterateReportDetails(db));
      const seconds = ((performance.now() - t0) / 1000).toFixed(1)
      console.log(`effective cells of ${have - stored} reports stored first (once, after migration 0005): ${seconds} s, ${(cpuSeconds() - cpu0).toFixed(1)} s CPU`)
    }
    db.close()
    console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${availableParallelism()} cores (wall seconds suffer when others run; CPU seconds less so)`)
    console.log('format    source  reports  seconds  CPU s  output MB  peak RSS MB (before export)')
    for (const format of values.formats.split(',') as ExportFormat[]) {
      for (const mode of ['store', 'writer'] as const) {
        const out = join(work, `export.${format}`)
        const line = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), format, mode, dbPath, out], {
          env: { ...process.env, [CHILD]: '1' },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit']
        })
        const f = JSON.parse(line.trim().split('\n').at(-1)!) as Figures
        console.log(
          `${f.format.padEnd(9)} ${f.mode.padEnd(6)} ${String(f.count).padStart(8)}  ${f.seconds.toFixed(2).padStart(7)}  ${f.cpu.toFixed(1).padStart(5)}  ${(f.bytes / 2 ** 20).toFixed(1).padStart(9)}  ${f.peakMb.toFixed(0).padStart(11)} (${f.baselineMb.toFixed(0)})`
        )
        rmSync(out, { force: true })
      }
    }
  } finally {
    // A database given with --db is kept for the next run; the working folder never is.
    rmSync(work, { recursive: true, force: true })
  }
}

if (process.env[CHILD]) {
  const [format, mode, dbPath, out] = process.argv.slice(2) as [ExportFormat, Mode, string, string]
  await measure(format, mode, dbPath, out)
}
