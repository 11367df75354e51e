// The export command as external checks run it: `npm run --silent cli -- export …`.
import { parse } from 'csv-parse/sync'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDb } from '../../../src/core/store/db'
import { getDocumentDetail } from '../../../src/core/store/details'
import { seedDatabase } from './truth-db'

const run = promisify(execFile)
let dir: string
let dbPath: string
let ids: number[]

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-export-cli-'))
  dbPath = join(dir, 'db.sqlite')
  const db = openDb(dbPath)
  ids = seedDatabase(db)
  db.close()
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

const cli = (...args: string[]) => run('npm', ['run', '--silent', 'cli', '--', 'export', ...args], { cwd: process.cwd() })

describe('cli export', () => {
  it('writes the filtered dataset and says how many reports', async () => {
    const out = join(dir, 'y2020.csv')
    const { stdout } = await cli('--format', 'csv', '--out', out, '--db', dbPath, '--year', '2020', '--template', '2019')
    const db = openDb(dbPath)
    const expected = ids.filter((id) => {
      const d = getDocumentDetail(db, id)
      return d.year === 2020 && d.template === '2019'
    })
    db.close()
    expect(expected.length).toBeGreaterThan(0)
    expect(stdout).toContain(`已导出 ${expected.length} 份报告`)
    const rows = parse(readFileSync(out), { bom: true, columns: true }) as { document_id: string }[]
    expect([...new Set(rows.map((r) => Number(r.document_id)))].sort()).toEqual(expected.sort())
  })

  it('exports a selection of ids, reviewed only, to xlsx', async () => {
    const out = join(dir, 'sel.xlsx')
    const { stdout } = await cli('--format', 'xlsx', '--out', out, '--db', dbPath, '--ids', `${ids[0]},${ids[1]}`, '--reviewed')
    expect(stdout).toContain('已导出 1 份报告')
  })

  it('exits 2 with the usage on a bad option value', async () => {
    await expect(cli('--format', 'csv', '--out', join(dir, 'x.csv'), '--db', dbPath, '--template', '2020')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--template')
    })
    await expect(cli('--format', 'pdf', '--out', join(dir, 'x.pdf'), '--db', dbPath)).rejects.toMatchObject({ code: 2 })
  })
})
