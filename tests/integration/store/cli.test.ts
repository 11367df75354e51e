// The command line over the review database: ingest (no-op on the same bytes, failures kept with
// their reason and told again) and check (failing identities listed, exit 0).
import { cpSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openCore } from '../../../src/core/app'
import { FIXTURES, tempDir } from '../../unit/store/fixture'
import { bundle, run } from './crash'

const SEEDS = ['000_72bc36100511d77e.txt', '004_50e7ba10f32f5ee2.txt']
let tmp: ReturnType<typeof tempDir>
let cli: Awaited<ReturnType<typeof bundle>>

beforeAll(async () => {
  tmp = tempDir()
  cli = await bundle('src/cli/index.ts')
  mkdirSync(join(tmp.dir, 'in'))
  for (const f of [...SEEDS, 'garbage.txt']) cpSync(join(FIXTURES, f), join(tmp.dir, 'in', f))
})
afterAll(() => {
  tmp.cleanup()
  cli.cleanup()
})

it('ingests a folder, says so for the same bytes again, and checks', async () => {
  const db = join(tmp.dir, 'nianbao.sqlite')
  const first = await run(cli.script, ['ingest', join(tmp.dir, 'in'), '--db', db])
  expect(first.code).toBe(1)
  expect(first.stdout).toContain('导入 2 份，已存在 0 份，失败 1 份')
  expect(first.stderr).toMatch(/失败：garbage\.txt：.+/)
  expect(first.stderr).toContain('3/3')

  const again = await run(cli.script, ['ingest', join(tmp.dir, 'in', SEEDS[0]!), join(tmp.dir, 'in', 'garbage.txt'), '--db', db])
  expect(again.code).toBe(0)
  expect(again.stdout).toContain(`已导入过（内容相同），未改动：${SEEDS[0]}`)
  // A file that could not be read the first time is not retried, but its reason is told again.
  expect(again.stderr).toMatch(/已导入过，无法提取：garbage\.txt：.+/)
  expect(again.stdout).toContain('导入 0 份，已存在 2 份，失败 0 份')

  const core = openCore({ dbPath: db, resumeJobs: false })
  const id = (core.db.prepare('SELECT id FROM documents WHERE name = ?').get(SEEDS[0]) as { id: number }).id
  await core.invoke('correctCell', { documentId: id, key: 'requests/new/natural', value: 4 })
  core.close()

  const check = await run(cli.script, ['check', '--db', db])
  expect(check.code).toBe(0)
  expect(check.stdout).toContain(`#${id} ${SEEDS[0]}`)
  expect(check.stdout).toMatch(/✗ 自然人：新收 4/)
  expect(check.stdout).toMatch(/garbage\.txt[^\n]*\n {2}! 无法提取：/)
  expect(check.stdout).toContain('共 3 份报告，1 份有不成立的勾稽关系，1 份无法提取')
}, 120_000)
