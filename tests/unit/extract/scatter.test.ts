// Plain pdftotext of a browser PDF (r08): table 三's part values scattered in column blocks after
// the labels, item-20 tables as value runs under their column headings, split by a page break.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { extractFile } from '../../../src/core/extract'

const DIR = join(__dirname, '../../fixtures/extract')
const NAME = 'r08_2020_gov_pdftotext'
const truth = JSON.parse(readFileSync(join(DIR, `${NAME}.truth.json`), 'utf8')) as { cells: Record<string, number | null> }

describe('scattered pdftotext tables', () => {
  it('reads every item-20 run under its headings, flagged for a look', async () => {
    const ex = await extractFile(join(DIR, `${NAME}.txt`))
    const item20 = Object.keys(truth.cells).filter((k) => k.startsWith('item20_'))
    expect(item20.length).toBeGreaterThan(0)
    for (const k of item20) expect({ k, v: ex.cells[k]?.value }).toEqual({ k, v: truth.cells[k] })
  })

  it('is sure of the printed totals and of the columns the identities confirm, and of nothing wrong', async () => {
    const ex = await extractFile(join(DIR, `${NAME}.txt`))
    for (const col of ['natural', 'commercial', 'total']) {
      const keys = Object.keys(truth.cells).filter((k) => k.startsWith('requests/') && k.endsWith(`/${col}`) && truth.cells[k] !== null)
      for (const k of keys) expect({ k, v: ex.cells[k]?.value, s: ex.cells[k]?.status }).toEqual({ k, v: truth.cells[k], s: 'ok' })
    }
    for (const [k, c] of Object.entries(ex.cells)) if (c.status === 'ok') expect({ k, v: c.value }).toEqual({ k, v: truth.cells[k] })
    expect(ex.checks).toEqual([])
  })
})
