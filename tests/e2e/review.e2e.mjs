// Issue 6: the review screen in Chromium through browser mode. Import a scanned PDF, a seed text
// report and a text report whose tables fail two identities; walk to the first cell to check by
// keyboard, correct it, see the checks update, reload, undo; the source highlights the selected
// cell and a number clicked in the source selects its cell.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { waitExtracted } from './helpers.mjs'

export const name = 'review: keyboard to the first cell to check, correct, checks update, reload, undo, source linking'

const SEED = '../shared/fixtures/seeds/000_72bc36100511d77e.txt'
const FAILING = 'tests/fixtures/renderer/r13_2021_govoffice_pipe.txt'
const SCAN = '../shared/fixtures/generated/pdf-scan/r25_2019_police_scan.pdf'
const FIRST_CHECK = 'requests/granted/natural'

const selectedKey = (page) => page.locator('td.selected').getAttribute('data-key')
const failing = async (page) => Number(await page.locator('[data-testid="checks"]').getAttribute('data-failing'))
const checkTexts = (page) => page.locator('[data-testid="check"]').allInnerTexts()

export async function run({ page, url, root, shots }) {
  await page.goto(url)
  await page.locator('input[type=file][data-testid="import-input"]').setInputFiles([join(root, SEED), join(root, FAILING), join(root, SCAN)])
  await page.locator('[data-testid="doc-row"]').nth(2).waitFor()
  assert.notEqual(await waitExtracted(page, 'r13_2021_govoffice_pipe.txt'), '失败')
  await waitExtracted(page, '000_72bc36100511d77e.txt')

  // Open the failing report; the tables take the keyboard.
  await page.locator('[data-testid="doc-row"]', { hasText: 'r13_2021_govoffice_pipe.txt' }).getByRole('button', { name: /r13_2021/ }).click()
  const tables = page.locator('[data-testid="tables"]')
  await tables.locator('td[data-key]').first().waitFor()
  assert.equal(await failing(page), 2)
  // The screen opens on the first cell to check; N from the top walks to the same one.
  await tables.locator('td[data-key]').first().click()
  await page.keyboard.press('n')
  assert.equal(await selectedKey(page), FIRST_CHECK)
  assert.equal(await page.locator('td.selected').getAttribute('data-status'), 'check')

  // Selecting a cell highlights its source text, in view.
  const mark = page.locator('[data-testid="source-highlight"]')
  await mark.waitFor()
  assert.equal(await mark.getAttribute('data-key'), FIRST_CHECK)
  assert.equal((await mark.innerText()).trim(), '8')
  assert.ok(await mark.isVisible())
  await page.screenshot({ path: join(shots, 'review-1366.png') })

  // Impossible input is refused with a message and changes nothing.
  await page.keyboard.type('x')
  await page.keyboard.press('Enter')
  await page.locator('[data-testid="cell-message"]', { hasText: '只能输入数字' }).waitFor()
  await page.keyboard.press('Escape')
  await page.keyboard.type('-2')
  await page.keyboard.press('Enter')
  await page.locator('[data-testid="cell-message"]', { hasText: '不能为负数' }).waitFor()
  await page.keyboard.press('Escape')
  assert.equal(await selectedKey(page), FIRST_CHECK)

  // Typing replaces; Enter saves and moves down. With 3 予以公开 the 自然人 column adds up, and
  // the 予以公开 row no longer does: the checks panel says so at once.
  const before = await checkTexts(page)
  assert.ok(before.some((m) => m.startsWith('自然人：办理总计 9')), before.join('\n'))
  await page.keyboard.type('3')
  await page.keyboard.press('Enter')
  await page.locator('[data-testid="save-state"]', { hasText: '已保存' }).waitFor()
  assert.equal(await selectedKey(page), 'requests/partial/natural')
  await page.locator('[data-testid="check"]', { hasText: '自然人 3' }).waitFor()
  const after = await checkTexts(page)
  assert.ok(!after.some((m) => m.startsWith('自然人：办理总计 9')), after.join('\n'))
  const cell = tables.locator(`td[data-key="${FIRST_CHECK}"]`)
  assert.equal((await cell.innerText()).trim(), '3')
  assert.equal(await cell.getAttribute('data-status'), 'corrected')
  await page.screenshot({ path: join(shots, 'review-corrected.png') })

  // Reload: the correction is stored.
  await page.reload()
  await tables.locator(`td[data-key="${FIRST_CHECK}"]`).waitFor()
  assert.equal((await tables.locator(`td[data-key="${FIRST_CHECK}"]`).innerText()).trim(), '3')
  assert.deepEqual(await checkTexts(page), after)

  // Undo restores the printed value and the failing check.
  await tables.focus()
  await page.keyboard.press('Control+z')
  await page.waitForFunction(
    (key) => document.querySelector(`td[data-key="${key}"]`)?.textContent.trim() === '8',
    FIRST_CHECK
  )
  await page.locator('[data-testid="check"]', { hasText: '自然人：办理总计 9' }).waitFor()
  assert.deepEqual(await checkTexts(page), before)
  await page.keyboard.press('Control+Shift+z')
  await page.waitForFunction((key) => document.querySelector(`td[data-key="${key}"]`)?.textContent.trim() === '3', FIRST_CHECK)
  await page.keyboard.press('Control+z')
  await page.waitForFunction((key) => document.querySelector(`td[data-key="${key}"]`)?.textContent.trim() === '8', FIRST_CHECK)

  // A number clicked in the source selects the cell it feeds.
  const other = page.locator('[data-testid="source-number"][data-key="requests/new/total"]')
  await other.scrollIntoViewIfNeeded()
  await other.click()
  assert.equal(await selectedKey(page), 'requests/new/total')

  // The checks panel lights a failing identity's cells.
  await page.locator('[data-testid="check"]').first().click()
  assert.ok((await page.locator('td.lit').count()) > 5)

  // Space confirms the selected cell.
  await tables.locator('td[data-key="requests/new/natural"]').click()
  await page.keyboard.press(' ')
  await page.waitForFunction(() => document.querySelector('td[data-key="requests/new/natural"]')?.dataset.status === 'confirmed')

  // Marking it reviewed while checks fail asks for a note first.
  await page.getByTestId('mark-reviewed').click()
  await page.getByTestId('override-note').fill('报告原文如此，已核对')
  await page.getByTestId('override-note').press('Enter')
  await page.locator('[data-testid="review-status"]', { hasText: '已审阅' }).waitFor()

  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.screenshot({ path: join(shots, 'review-1920.png') })

  // The scanned PDF, once read: its page image drawn by pdf.js with the box of every cell read from
  // it; a cell selected in the tables is lit on the page, and a box clicked on the page selects its cell.
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.locator('header').getByRole('button', { name: '文档库' }).click()
  assert.notEqual(await waitExtracted(page, 'r25_2019_police_scan.pdf', 600_000), '失败')
  await page.locator('[data-testid="doc-row"]', { hasText: 'r25_2019_police_scan.pdf' }).getByRole('button', { name: /r25_2019/ }).click()
  await page.locator('[data-testid="pdf-page"][data-drawn="true"]').waitFor({ timeout: 60_000 })
  const boxes = page.locator('[data-testid="source-box"]')
  await boxes.first().waitFor()
  assert.ok((await boxes.count()) > 5, 'cell boxes drawn over the scanned page')
  const [one, two] = [await boxes.nth(0).getAttribute('data-key'), await boxes.nth(1).getAttribute('data-key')]
  await tables.locator(`td[data-key="${one}"]`).click()
  const lit = page.locator('[data-testid="source-highlight"]')
  await page.waitForFunction((key) => document.querySelector('[data-testid="source-highlight"]')?.dataset.key === key, one)
  assert.ok(await lit.isVisible())
  await page.locator(`[data-testid="source-box"][data-key="${two}"]`).click()
  assert.equal(await selectedKey(page), two)
  await page.screenshot({ path: join(shots, 'review-scan.png') })

  // The OCR's own words over the scan: faint boxes under the cell boxes, the text of the one under
  // the pointer in a tooltip, hidden and shown again by the toolbar switch 显示识别文字.
  const words = page.locator('[data-testid="word"]')
  await words.first().waitFor()
  assert.ok((await words.count()) > 20, 'OCR word boxes drawn over the scanned page')
  const label = words.filter({ hasText: /[\u4e00-\u9fa5]{4,}/ }).first()
  const text = (await label.textContent()).trim()
  await label.scrollIntoViewIfNeeded()
  const at = await label.boundingBox()
  await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2)
  const tip = page.getByTestId('word-tip')
  await tip.waitFor()
  assert.ok((await tip.innerText()).startsWith(text), `tooltip reads ${text}`)
  await page.screenshot({ path: join(shots, 'review-scan-words.png') })
  await page.getByRole('button', { name: '显示识别文字' }).click()
  await words.first().waitFor({ state: 'detached' })
  assert.ok((await boxes.count()) > 5, 'cell boxes stay without the words')
  await page.getByRole('button', { name: '显示识别文字' }).click()
  await words.first().waitFor()
}
