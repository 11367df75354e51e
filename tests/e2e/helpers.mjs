// Steps the scenarios share (run.mjs runs only *.e2e.mjs files, so this one is not a scenario).
import { basename } from 'node:path'

/** Waits until the library row for `file` shows a status other than imported/extracting, and resolves with that status. */
export async function waitExtracted(page, file, timeout = 120_000) {
  const status = page.locator('[data-testid="doc-row"]', { hasText: file }).locator('[data-testid="doc-status"]')
  await page.waitForFunction((el) => el && !['已导入', '提取中'].includes(el.textContent.trim()), await status.elementHandle(), { timeout })
  return (await status.innerText()).trim()
}

/** Opens the library, imports the file at `path` by its button, waits for the extraction and opens the report. */
export async function importAndOpen(page, url, path, timeout) {
  const file = basename(path)
  await page.goto(url)
  await page.locator('input[type=file][data-testid="import-input"]').setInputFiles(path)
  await waitExtracted(page, file, timeout)
  await page.locator('[data-testid="doc-row"]', { hasText: file }).getByRole('button', { name: file }).click()
}
