// Issue 6, a page scanned to an image: the picture with the OCR's own words over it (each printed
// number inside the box of the cell it feeds), the word under the pointer in a tooltip, the
// toolbar switch 显示识别文字, and the cell ↔ page linking unchanged.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { importAndOpen } from './helpers.mjs'

export const name = 'source pane: scanned image with its OCR words, tooltip, switch, cell linking'

const SCAN = 'tests/fixtures/pdf/r18_2024_water_item20_scan.png'
const KEY = 'item20_1/normative_docs/in_force'

export async function run({ page, url, root, shots }) {
  await importAndOpen(page, url, join(root, SCAN), 300_000)
  await page.locator('[data-testid="image-page"][data-drawn="true"]').waitFor()

  const words = page.locator('[data-testid="word"]')
  await words.first().waitFor()
  assert.ok((await words.count()) > 20, 'OCR word boxes drawn over the image')

  // The cell selected in the tables is lit on the image; the word read there sits inside its box.
  const tables = page.locator('[data-testid="tables"]')
  const cell = tables.locator(`td[data-key="${KEY}"]`)
  await cell.click()
  const lit = page.locator('[data-testid="source-highlight"]')
  await lit.waitFor()
  assert.equal(await lit.getAttribute('data-key'), KEY)
  const value = (await cell.innerText()).trim()
  const box = await lit.boundingBox()
  const inside = await words.evaluateAll(
    (els, b) =>
      els
        .filter((el) => {
          const r = el.getBoundingClientRect()
          return r.left >= b.x - 1 && r.top >= b.y - 1 && r.right <= b.x + b.width + 1 && r.bottom <= b.y + b.height + 1
        })
        .map((el) => el.textContent.trim()),
    box
  )
  assert.ok(inside.includes(value), `the word ${value} inside the box of ${KEY} (found ${inside.join(', ')})`)

  // The word under the pointer, even beneath the cell's box, shows in a tooltip.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  const tip = page.getByTestId('word-tip')
  await tip.waitFor()
  assert.ok((await tip.innerText()).startsWith(value))
  await page.screenshot({ path: join(shots, 'source-image-words.png') })

  // The switch hides the words and keeps the cell boxes; a box clicked on the page still selects its cell.
  await page.getByRole('button', { name: '显示识别文字' }).click()
  await words.first().waitFor({ state: 'detached' })
  const other = page.locator('[data-testid="source-box"]').first()
  const otherKey = await other.getAttribute('data-key')
  await other.click()
  assert.equal(await tables.locator('td.selected').getAttribute('data-key'), otherKey)
  await page.screenshot({ path: join(shots, 'source-image-plain.png') })
  await page.getByRole('button', { name: '显示识别文字' }).click()
  await words.first().waitFor()
}
