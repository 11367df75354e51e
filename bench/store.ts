// `npm run bench -- store [--reports 10000] [--fixtures ../shared/fixtures] [--db FILE] [--runs 200] [--synchronous normal]`
// Builds a review database of N reports (agencies with five consecutive years each, so every
// report has cross-report neighbours; one in ten under review with corrections) through the
// store's own functions, then times through the API handlers, as the UI calls them:
//   - the review queue: listDocuments, status extracted + in_review, most failing checks first,
//     first page of 50 (and, for reference, the whole list of summaries at once),
//   - one correction: correctCell on a random report, committed (synchronous = FULL) and answered
//     with the updated DocumentDetail (effective cells, checks, cross-report checks),
//   - for reference, the floor this disk sets: committing one tiny row in a database of its own
//     (same folder, same journal and synchronous settings), i.e. the fsync alone.
// Target: median and p95 under 5 ms.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import type { Cell, Extraction } from '../src/shared/cells'
import type { TemplateId } from '../src/shared/templates'
import { openCore, type Core } from '../src/core/app'
import { addDocument } from '../src/core/store/documents'
import { recordExtraction } from '../src/core/store/pipeline'
import { correctCell } from '../src/core/store/review'

interface Truth {
  template: TemplateId
  cells: Record<string, number | null>
}

function truths(dir: string): Truth[] {
  const out: Truth[] = []
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== 'bad') walk(join(d, e.name))
      else if (e.name.endsWith('.truth.json')) {
        const t = JSON.parse(readFileSync(join(d, e.name), 'utf8')) as Partial<Truth>
        if (t.template && t.cells) out.push(t as Truth)
      }
    }
  }
  walk(dir)
  return out
}

function extraction(t: Truth, agency: string, year: number, i: number): Extraction {
  const cells: Record<string, Cell> = {}
  for (const [k, value] of Object.entries(t.cells)) {
    // About one cell in forty left for a look, as a fuzzy label match would.
    cells[k] = value === null ? { value, status: 'missing' } : { value, status: (i + k.length) % 40 === 0 ? 'check' : 'ok' }
  }
  return { file: `r${i}.txt`, form: 'txt', template: t.template, agency, year, published: null, cells, checks: [], seconds: 0 }
}

function generate(core: Core, all: Truth[], n: number): void {
  const byTemplate = { '2019': all.filter((t) => t.template === '2019'), '2021': all.filter((t) => t.template === '2021') }
  const batch = 500
  for (let start = 0; start < n; start += batch) {
    core.db.transaction(() => {
      for (let i = start; i < Math.min(n, start + batch); i++) {
        const year = 2019 + (i % 5)
        const pool = byTemplate[year < 2021 ? '2019' : '2021']
        const t = pool[i % pool.length]!
        const agency = `基准机关${Math.floor(i / 5)}`
        const { id } = addDocument(core.db, `r${i}.txt`, new TextEncoder().encode(`bench report ${i}`))
        recordExtraction(core.db, id, extraction(t, agency, year, i), '1')
        if (i % 10 === 0) correctCell(core.db, id, 'requests/new/natural', 1 + (i % 7), '基准')
      }
    })()
    process.stderr.write(`\rgenerating ${Math.min(n, start + batch)}/${n}`)
  }
  process.stderr.write('\n')
}

function stats({ wall, cpu }: { wall: number[]; cpu: number }): string {
  const s = [...wall].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!.toFixed(2)
  return `median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${s.at(-1)!.toFixed(2)} ms, cpu ${cpu.toFixed(2)} ms/run (${s.length} runs)`
}

/** Wall times per run, and the process's CPU time per run (steadier on a busy machine). */
async function time(runs: number, f: (i: number) => Promise<unknown>): Promise<{ wall: number[]; cpu: number }> {
  const wall: number[] = []
  const c0 = process.cpuUsage()
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await f(i)
    wall.push(performance.now() - t0)
  }
  const c = process.cpuUsage(c0)
  return { wall, cpu: (c.user + c.system) / 1000 / runs }
}

/** What one committed write costs on this disk with nothing else in it. */
function commitFloor(folder: string, synchronous: string, runs: number): Promise<{ wall: number[]; cpu: number }> {
  const path = join(folder, `commit-floor-${process.pid}.sqlite`)
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${synchronous === 'normal' ? 'NORMAL' : 'FULL'}`)
  db.exec('CREATE TABLE t (i INTEGER)')
  const insert = db.prepare<[number]>('INSERT INTO t VALUES (?)')
  return time(runs, async (i) => insert.run(i)).finally(() => {
    db.close()
    for (const f of ['', '-wal', '-shm']) rmSync(path + f, { force: true })
  })
}

export default async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      reports: { type: 'string', default: '10000' },
      fixtures: { type: 'string', default: '../shared/fixtures' },
      db: { type: 'string' },
      runs: { type: 'string', default: '200' },
      // 'normal' to see what the commit's fsync costs (the app always runs FULL).
      synchronous: { type: 'string', default: 'full' }
    }
  })
  const n = Number(values.reports)
  const runs = Number(values.runs)
  const dir = values.db ? null : mkdtempSync(join(tmpdir(), 'nianbao-bench-store-'))
  const dbPath = values.db ? resolve(values.db) : join(dir!, 'bench.sqlite')
  const fresh = !existsSync(dbPath)
  const core = openCore({ dbPath, resumeJobs: false })
  try {
    core.db.pragma(`synchronous = ${values.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`)
    if (fresh) {
      const t0 = performance.now()
      generate(core, truths(resolve(values.fixtures!)), n)
      process.stdout.write(`built ${n} reports in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`)
    }
    const count = (core.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n
    process.stdout.write(`database: ${count} reports, synchronous ${values.synchronous}, load average ${loadavg()[0]!.toFixed(1)}\n`)

    const list = async (input: object) => {
      const r = await core.invoke('listDocuments', input)
      if (!r.ok) throw new Error(r.error.message)
      return (r.value as unknown[]).length
    }
    const queue = { filter: { status: ['extracted', 'in_review'] }, order: 'attention', limit: 50 }
    process.stdout.write(`review queue (listDocuments, first ${await list(queue)} by attention): ${stats(await time(runs, () => list(queue)))}\n`)
    const whole = { filter: { status: ['extracted', 'in_review'] } }
    process.stdout.write(`whole list (listDocuments, ${await list(whole)} summaries): ${stats(await time(20, () => list(whole)))}\n`)

    const keys = ['requests/new/legal', 'review/reconsideration/maintained', 'requests/granted/other']
    const correction = await time(runs, async (i) => {
      const documentId = 1 + ((i * 7919) % count)
      const r = await core.invoke('correctCell', { documentId, key: keys[i % keys.length], value: i % 9 })
      if (!r.ok) throw new Error(r.error.message)
    })
    process.stdout.write(`single correction (correctCell → DocumentDetail, committed): ${stats(correction)}\n`)
    process.stdout.write(`commit floor (one tiny row, its own database): ${stats(await commitFloor(dirname(dbPath), values.synchronous!, runs))}\n`)
  } finally {
    core.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  }
}
