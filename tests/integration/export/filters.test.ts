// What gets exported: filters, a selection, and what happens when writing fails or is cancelled.
import { parse } from 'csv-parse/sync'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DocumentFilter } from '../../../src/shared/api'
import { exportDataset } from '../../../src/core/export'
import { openDb, type Db } from '../../../src/core/store/db'
import { getDocumentDetail } from '../../../src/core/store/details'
import { loadTruths, seedDatabase } from './truth-db'

let dir: string
let db: Db
let ids: number[]

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-export-filter-'))
  db = openDb(join(dir, 'review.sqlite'))
  ids = seedDatabase(db)
})

afterAll(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

async function exportedIds(filter: DocumentFilter): Promise<number[]> {
  const out = await exportDataset(db, { format: 'csv-wide', filter })
  const rows = parse(Buffer.from(out.data!), { bom: true, columns: true }) as { document_id: string }[]
  expect(out.count).toBe(rows.length)
  return rows.map((r) => Number(r.document_id)).sort((a, b) => a - b)
}

const where = (test: (d: ReturnType<typeof getDocumentDetail>) => boolean) =>
  ids.filter((id) => test(getDocumentDetail(db, id))).sort((a, b) => a - b)

describe('export filters', () => {
  it('exports everything without a filter', async () => {
    expect(await exportedIds({})).toEqual([...ids].sort((a, b) => a - b))
  })

  it('exports a selection', async () => {
    expect(await exportedIds({ ids: [ids[1]!, ids[2]!] })).toEqual([ids[1]!, ids[2]!].sort((a, b) => a - b))
  })

  it('exports reviewed reports only', async () => {
    const reviewed = where((d) => d.status === 'reviewed')
    expect(reviewed.length).toBeGreaterThan(0)
    expect(reviewed.length).toBeLessThan(ids.length)
    expect(await exportedIds({ status: ['reviewed'] })).toEqual(reviewed)
  })

  it('exports by year, template and agency', async () => {
    expect(await exportedIds({ years: [2020] })).toEqual(where((d) => d.year === 2020))
    expect(await exportedIds({ template: '2021' })).toEqual(where((d) => d.template === '2021'))
    const agency = loadTruths()[0]!.agency
    expect(await exportedIds({ search: agency.slice(0, 3) })).toEqual(where((d) => !!d.agency?.includes(agency.slice(0, 3))))
  })

  it('writes only the columns of the templates exported', async () => {
    const out = await exportDataset(db, { format: 'csv-wide', filter: { template: '2021' } })
    const [header] = parse(Buffer.from(out.data!), { bom: true, to: 1 }) as string[][]
    expect(header!.some((h) => h.startsWith('2019:'))).toBe(false)
    expect(header).toContain('2021:item20_1/regulations/issued')
  })
})

describe('export to a file', () => {
  it('refuses a folder that does not exist, leaving nothing behind', async () => {
    const path = join(dir, 'missing', 'out.csv')
    await expect(exportDataset(db, { format: 'csv', path })).rejects.toMatchObject({ code: 'refused', file: path })
    expect(existsSync(join(dir, 'missing'))).toBe(false)
  })

  it.each(['csv', 'xlsx', 'json'] as const)('%s: a cancelled export leaves no file, not even a partial one', async (format) => {
    const target = mkdtempSync(join(dir, 'cancel-'))
    const controller = new AbortController()
    const run = exportDataset(db, { format, path: join(target, `out.${format}`) }, {
      signal: controller.signal,
      onProgress: (done) => done >= 2 && controller.abort()
    })
    await expect(run).rejects.toMatchObject({ name: 'AbortError' })
    expect(readdirSync(target)).toEqual([])
  })
})
