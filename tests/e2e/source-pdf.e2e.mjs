// Issue 6, the PDF source pane: a text PDF drawn by pdf.js (CJK text needs the shipped cmaps),
// the selected cell's box highlighted on its page, a box clicked on the page selects its cell,
// zoom and page navigation, reopening, and the divider between the panes.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { importAndOpen } from './helpers.mjs'

export const name = 'source pane: text PDF drawn, cell ↔ page box linking, zoom and pages, reopen, divider'

const PDF = 'tests/fixtures/renderer/r16_2019_medins_lo.pdf'

export async function run({ page, url, root, shots }) {
  await importAndOpen(page, url, join(root, PDF))

  // Select a cell in table 三: its page is shown and its box lit and in view.
  const tables = page.locator('[data-testid="tables"]')
  const cell = tables.locator('td[data-key="requests/new/total"]')
  await cell.click()
  const box = page.locator('[data-testid="source-highlight"]')
  await box.waitFor()
  assert.equal(await box.getAttribute('data-key'), 'requests/new/total')
  await page.locator('[data-testid="pdf-page"][data-drawn="true"]').waitFor()
  assert.ok(await box.isVisible())
  const pageNo = Number(await page.locator('[data-testid="pdf-page"]').getAttribute('data-page'))
  assert.ok(pageNo > 1, `table 三 is not on the cover page (shown: ${pageNo})`)
  // pdf.js put the page's text (Chinese included) in the text layer.
  await page.waitForFunction(() => /政府信息公开/.test(document.querySelector('.textLayer')?.textContent ?? ''))
  await page.screenshot({ path: join(shots, 'source-pdf.png') })

  // Clicking another number's box on the page selects its cell.
  const other = page.locator('[data-testid="source-box"][data-key="requests/new/natural"]')
  await other.click()
  assert.equal(await tables.locator('td.selected').getAttribute('data-key'), 'requests/new/natural')

  // Zoom in and back to fit width; turn the page by hand.
  const width = async () => (await page.locator('[data-testid="pdf-page"]').boundingBox()).width
  const fit = await width()
  await page.getByRole('button', { name: '+' }).click()
  await page.waitForFunction((w) => document.querySelector('[data-testid="pdf-page"]').getBoundingClientRect().width > w * 1.1, fit)
  await page.getByRole('button', { name: '适合宽度' }).click()
  await page.waitForFunction((w) => Math.abs(document.querySelector('[data-testid="pdf-page"]').getBoundingClientRect().width - w) < 2, fit)
  await page.getByTitle('上一页').click()
  await page.locator(`[data-testid="pdf-page"][data-page="${pageNo - 1}"][data-drawn="true"]`).waitFor()

  // Back to the library and in again: drawn again (from the source cache).
  await page.locator('header').getByRole('button', { name: '文档库' }).click()
  await page.locator('[data-testid="doc-row"]').getByRole('button', { name: /r16_2019/ }).click()
  await page.locator('[data-testid="pdf-page"][data-drawn="true"]').waitFor()

  // Dragging the divider gives the tables more room; the width is kept after a reload.
  const tablesWidth = () => page.evaluate(() => document.querySelector('[data-testid="tables"]').getBoundingClientRect().width)
  const narrow = await tablesWidth()
  const bar = await page.getByTestId('split').boundingBox()
  await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2)
  await page.mouse.down()
  await page.mouse.move(bar.x - 200, bar.y + bar.height / 2, { steps: 5 })
  await page.mouse.up()
  await page.waitForFunction((w) => document.querySelector('[data-testid="tables"]').getBoundingClientRect().width > w + 150, narrow)
  const wide = await tablesWidth()
  await page.reload()
  await tables.locator('td[data-key]').first().waitFor()
  assert.ok(Math.abs((await tablesWidth()) - wide) < 2, 'divider position kept')

  // After the reload the pointer rests on the report in the library: its opening page is drawn
  // ahead at the pane's remembered width and copied when the report opens, a whole page with ink.
  await page.locator('header').getByRole('button', { name: '文档库' }).click()
  const row = page.locator('[data-testid="doc-row"]', { hasText: 'r16_2019_medins_lo.pdf' })
  await row.hover()
  await page.waitForTimeout(1000)
  await row.getByRole('button', { name: /r16_2019/ }).click()
  await page.locator('[data-testid="pdf-page"][data-drawn="true"]').waitFor()
  const drawn = await page.evaluate(() => {
    const div = document.querySelector('[data-testid="pdf-page"]')
    const c = div.querySelector('canvas')
    const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data
    let ink = 0
    for (let i = 0; i < px.length; i += 4) if (px[i] < 128) ink++
    return { ratio: c.width / div.getBoundingClientRect().width, ink: ink / (px.length / 4) }
  })
  assert.ok(Math.abs(drawn.ratio - (await page.evaluate(() => window.devicePixelRatio))) < 0.02, `canvas fills its page (${drawn.ratio})`)
  assert.ok(drawn.ink > 0.005 && drawn.ink < 0.5, `the page has text and rules, not blank (${drawn.ink})`)
  await page.screenshot({ path: join(shots, 'source-pdf-ahead.png') })
}
