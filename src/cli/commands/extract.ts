// `extract <file> [--json] [--password P]`: one report, stateless (DESIGN.md "Command line").
import type { Extraction } from '../../shared/cells'
import { extractFile } from '../../core/extract'
import { toAppError } from '../../core/errors'
import { defineCommand, type CommandContext } from '../command'

function summary(ex: Extraction): string {
  const cells = Object.values(ex.cells)
  const count = (s: string): number => cells.filter((c) => c.status === s).length
  const lines = [
    `${ex.file}`,
    `  ${ex.agency ?? '（机关未知）'} · ${ex.year ?? '?'} 年度 · 模板 ${ex.template} · ${ex.form}${ex.published ? ` · 发布 ${ex.published}` : ''}`,
    `  ${cells.length} 格：ok ${count('ok')}，待核 ${count('check')}，推出 ${count('inferred')}，缺失 ${count('missing')} · ${ex.seconds}s`
  ]
  for (const c of ex.checks) lines.push(`  ✗ ${c.message}`)
  return lines.join('\n') + '\n'
}

export default defineCommand({
  options: {
    json: { type: 'boolean' },
    password: { type: 'string' }
  },
  usage: 'nianbao extract <file> [--json] [--password P]',
  async run(ctx: CommandContext): Promise<number> {
    const file = ctx.positionals[0]
    if (!file || ctx.positionals.length > 1) {
      process.stderr.write('usage: nianbao extract <file> [--json] [--password P]\n')
      return 2
    }
    const password = typeof ctx.values.password === 'string' ? ctx.values.password : undefined
    let ex: Extraction
    try {
      ex = await extractFile(file, password === undefined ? {} : { password })
    } catch (e) {
      const err = toAppError(e, file)
      process.stderr.write(`nianbao: ${file}: ${err.message.replace(/\s+/g, ' ')} (${err.code})\n`)
      return err.code === 'internal' ? 1 : 2
    }
    process.stdout.write(ctx.values.json ? JSON.stringify(ex) + '\n' : summary(ex))
    return 0
  }
})
