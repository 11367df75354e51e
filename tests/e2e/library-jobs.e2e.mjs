// Issue 6, the library: running imports show progress and can be cancelled; files that cannot be
// read are listed with their reason; search, filter and sort work on what is listed.
import assert from 'node:assert/strict'
import { join } from 'node:path'

export const name = 'library: import progress and cancel, folders, failed files with reasons, search and sort, English'

const SEEDS = '../shared/fixtures/seeds'

export async function run({ page, url, root, shots }) {
  await page.goto(url)
  const input = page.locator('input[type=file][data-testid="import-input"]')

  // A file that is not a report (an HTML 404 page saved as .pdf) is listed as failed, with the reason.
  await input.setInputFiles(join(root, 'tests/fixtures/renderer/error_page.pdf'))
  const bad = page.locator('[data-testid="doc-row"]', { hasText: 'error_page.pdf' })
  await bad.locator('[data-testid="doc-status"]', { hasText: '失败' }).waitFor({ timeout: 60_000 })
  assert.ok((await bad.locator('.error-text').innerText()).trim().length > 0)

  // A running import shows its progress and can be cancelled.
  const seeds = ['000_72bc36100511d77e.txt', '001_5d2f6b62d4341969.txt', '002_e0b93d3b4b16b156.txt', '003_7f3569336a1c441f.txt', '004_50e7ba10f32f5ee2.txt']
  await input.setInputFiles(seeds.map((s) => join(root, SEEDS, s)))
  const job = page.locator('[data-testid="job"]').first()
  await job.waitFor()
  await page.screenshot({ path: join(shots, 'library-importing.png') })
  const cancel = job.getByRole('button', { name: '取消' })
  // On a fast machine the job may end before the click lands; either way it must settle.
  await cancel.click({ timeout: 2000 }).catch(() => {})
  await page.waitForFunction(() => {
    const j = document.querySelector('[data-testid="job"]')
    return !j || ['done', 'cancelled', 'failed'].includes(j.getAttribute('data-state'))
  })

  // An empty file dropped on the library is refused with its reason.
  const transfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer()
    dt.items.add(new File([], 'empty.txt', { type: 'text/plain' }))
    return dt
  })
  await page.locator('[data-testid="drop-zone"]').dispatchEvent('drop', { dataTransfer: transfer })
  const empty = page.locator('[data-testid="import-outcomes"], [data-testid="doc-row"]:has-text("empty.txt") .error-text').first()
  await empty.waitFor()
  assert.ok((await empty.innerText()).trim().length > 0)

  // A whole folder imports every readable file in it; a file already imported is said to be.
  await page.locator('input[type=file][data-testid="import-folder-input"]').setInputFiles(join(root, 'tests/fixtures/renderer'))
  await page.locator('[data-testid="doc-row"]', { hasText: 'r13_2021_govoffice_pipe.txt' }).waitFor()
  await page.locator('[data-testid="doc-row"]', { hasText: 'r16_2019_medins_lo.pdf' }).waitFor()
  await page.locator('[data-testid="import-outcomes"]', { hasText: 'error_page.pdf' }).waitFor()

  // Search narrows the list; sorting by name orders it.
  await page.getByTestId('library-search').fill('003_7f')
  assert.equal(await page.locator('[data-testid="doc-row"]').count(), 1)
  await page.getByTestId('library-search').fill('')
  await page.getByRole('button', { name: /^文件名/ }).click()
  const names = await page.locator('[data-testid="doc-row"] .name button').allInnerTexts()
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'zh-CN')))
  await page.screenshot({ path: join(shots, 'library-extracted.png') })

  // The English switch changes the interface language.
  await page.getByTestId('locale-switch').click()
  await page.getByRole('button', { name: 'Import files' }).waitFor()
  await page.screenshot({ path: join(shots, 'library-en.png') })
  await page.getByTestId('locale-switch').click()
}
