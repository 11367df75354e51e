// Issue 2's slice: import a seed report through the page (button and drag-and-drop), find it in
// the library after a reload; the API refuses calls without the token and malformed arguments.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export const name = 'library: import by button and drag-and-drop, listed after reload, token enforced'

const SEEDS = '../shared/fixtures/seeds'

export async function run({ page, url, root, shots }) {
  await page.goto(url)
  const first = join(root, SEEDS, '000_72bc36100511d77e.txt')
  await page.locator('input[type=file][data-testid="import-input"]').setInputFiles(first)
  await page.locator('[data-testid="doc-row"]', { hasText: '000_72bc36100511d77e.txt' }).waitFor()

  // Drag-and-drop: a DataTransfer built in the page carries the second seed's bytes.
  const secondName = '002_e0b93d3b4b16b156.txt'
  const bytes = [...readFileSync(join(root, SEEDS, secondName))]
  const transfer = await page.evaluateHandle(
    ({ bytes, name }) => {
      const dt = new DataTransfer()
      dt.items.add(new File([new Uint8Array(bytes)], name, { type: 'text/plain' }))
      return dt
    },
    { bytes, name: secondName }
  )
  const zone = page.locator('[data-testid="drop-zone"]')
  await zone.dispatchEvent('dragenter', { dataTransfer: transfer })
  await zone.dispatchEvent('dragover', { dataTransfer: transfer })
  await zone.dispatchEvent('drop', { dataTransfer: transfer })
  await page.locator('[data-testid="doc-row"]', { hasText: secondName }).waitFor()

  await page.reload()
  const row = page.locator('[data-testid="doc-row"]', { hasText: '000_72bc36100511d77e.txt' })
  await row.waitFor()
  const text = await row.innerText()
  assert.match(text, /10(\.\d)?\s*KB|9\.\d\s*KB|10,076|10076/, `size shown: ${text}`)
  assert.equal(await page.locator('[data-testid="doc-row"]').count(), 2)
  await page.screenshot({ path: join(shots, 'library.png') })

  // The API without the token is refused; with it, a malformed argument gets a clear error.
  const origin = new URL(url).origin
  const token = new URL(url).hash.replace('#token=', '')
  const noToken = await page.evaluate(async (o) => {
    const r = await fetch(`${o}/api/listDocuments`, { method: 'POST', body: '{}' })
    return { status: r.status, body: await r.json() }
  }, origin)
  assert.equal(noToken.status, 403)
  assert.equal(noToken.body.error.code, 'forbidden')
  const malformed = await page.evaluate(
    async ({ o, t }) => {
      const r = await fetch(`${o}/api/getDocument`, {
        method: 'POST',
        headers: { 'x-nianbao-token': t },
        body: JSON.stringify({ id: 'seven' })
      })
      return r.json()
    },
    { o: origin, t: token }
  )
  assert.equal(malformed.ok, false)
  assert.equal(malformed.error.code, 'invalid-input')
  assert.match(malformed.error.message, /getDocument/)
}
