// Issue 7's dialog: export from the library in browser mode, where the file comes back as a
// download. Two seed reports; the selected one to CSV (BOM, its agency, a cell equal to the
// database), all to XLSX (a zip), one by agency search to the wide CSV; Esc closes the dialog.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { waitExtracted } from './helpers.mjs'

export const name = 'export: dialog downloads CSV (selection), XLSX (all) and wide CSV (agency filter)'

const SEEDS = '../shared/fixtures/seeds'
const FIRST = '000_72bc36100511d77e'
const SECOND = '002_e0b93d3b4b16b156'
const KEY = 'item20_1/normative_docs/total_published'

const row = (page, file) => page.locator('[data-testid="doc-row"]', { hasText: file })

/** Presses 导出 in the dialog and resolves with the downloaded bytes and the name offered. */
async function exportDownload(page) {
  const dialog = page.locator('[data-testid="export-dialog"]')
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), dialog.locator('[data-testid="export-start"]').click()])
  const bytes = readFileSync(await download.path())
  await dialog.locator('[data-testid="export-status"]', { hasText: '已开始下载' }).waitFor()
  return { bytes, name: download.suggestedFilename() }
}

/** The CSV as records keyed by its header row. */
function records(bytes) {
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM first')
  return parse(bytes, { bom: true, columns: true })
}

export async function run({ page, url, root, shots }) {
  await page.goto(url)
  await page.locator('input[type=file][data-testid="import-input"]').setInputFiles([join(root, SEEDS, `${FIRST}.txt`), join(root, SEEDS, `${SECOND}.txt`)])
  await row(page, SECOND).waitFor()
  await waitExtracted(page, FIRST)
  await waitExtracted(page, SECOND)

  // What the database holds for the first report, through the API the page uses.
  const id = Number(await row(page, FIRST).getAttribute('data-id'))
  const doc = await page.evaluate(async (id) => {
    const r = await fetch('/api/getDocument', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-nianbao-token': sessionStorage.getItem('nianbao-token') },
      body: JSON.stringify({ id })
    })
    return (await r.json()).value
  }, id)
  const truth = JSON.parse(readFileSync(join(root, SEEDS, `${FIRST}.truth.json`), 'utf8'))
  assert.equal(doc.agency, truth.agency)
  assert.equal(typeof doc.cells[KEY].value, 'number')

  // Tick the first report: the dialog opens on the selection, focus inside it.
  await row(page, FIRST).locator('[data-testid="doc-select"]').check()
  await page.locator('[data-testid="export-open"]').click()
  const dialog = page.locator('[data-testid="export-dialog"]')
  await dialog.waitFor()
  assert.equal(await dialog.getByRole('radio', { name: /选中的报告（1 份）/ }).isChecked(), true)
  assert.equal(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]')), true, 'focus in the dialog')
  await dialog.locator('[data-testid="export-format-csv"]').check()
  await page.screenshot({ path: join(shots, 'export-dialog.png') })

  const long = await exportDownload(page)
  assert.match(long.name, /\.csv$/)
  const cells = records(long.bytes)
  assert.ok(cells.length > 100, `a row per cell: ${cells.length}`)
  assert.deepEqual([...new Set(cells.map((r) => r.document_id))], [String(id)], 'only the selected report')
  assert.equal(cells[0].agency, truth.agency)
  const cell = cells.find((r) => r.key === KEY)
  assert.equal(cell.value, String(doc.cells[KEY].value))
  assert.equal(cell.status, doc.cells[KEY].status)

  // Everything to XLSX: a zip file, both reports counted.
  await dialog.getByRole('radio', { name: /全部报告/ }).check()
  await dialog.locator('[data-testid="export-format-xlsx"]').check()
  const xlsx = await exportDownload(page)
  assert.match(xlsx.name, /\.xlsx$/)
  assert.equal(xlsx.bytes.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004')
  await dialog.locator('[data-testid="export-status"]', { hasText: '已导出 2 份报告' }).waitFor()
  await page.screenshot({ path: join(shots, 'export-done.png') })

  // By agency search to the wide CSV: one row, the second report's.
  await dialog.locator('[data-testid="export-scope-filter"]').check()
  await dialog.locator('[data-testid="export-search"]').fill('济宁')
  await dialog.locator('[data-testid="export-count"]', { hasText: '将导出 1 份报告' }).waitFor()
  await dialog.locator('[data-testid="export-format-csv-wide"]').check()
  const wide = records((await exportDownload(page)).bytes)
  assert.equal(wide.length, 1)
  assert.match(wide[0].agency, /济宁/)

  await page.keyboard.press('Escape')
  await page.waitForFunction(() => !document.querySelector('[data-testid="export-dialog"]')?.open)
}
