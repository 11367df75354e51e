// `export --format csv|csv-wide|xlsx|json --out FILE [--db FILE] [--reviewed] [--year 2023 …]
// [--template 2021] [--agency TEXT] [--ids 1,2]`: writes the corrected dataset, with a progress
// line on stderr.
import { resolve } from 'node:path'
import { EXPORT_FORMATS, type DocumentFilter, type ExportFormat } from '../../shared/api'
import { isTemplateId } from '../../shared/templates'
import { exportDataset } from '../../core/export'
import { dbOption, openCoreFor } from '../database'
import { defineCommand, type CommandContext } from '../command'

const USAGE = `nianbao export --format ${EXPORT_FORMATS.join('|')} --out FILE [--db FILE] [--reviewed] [--year YEAR …] [--template 2019|2021] [--agency TEXT] [--ids 1,2,…]`

const integers = (xs: string[]) => xs.flatMap((x) => x.split(',')).map((x) => Number(x.trim()))

/** The filter the options ask for, or a message saying which option is wrong. */
function filterOf(values: CommandContext['values']): DocumentFilter | string {
  const filter: DocumentFilter = {}
  if (values.reviewed) filter.status = ['reviewed']
  const years = values.year as string[] | undefined
  if (years?.length) filter.years = integers(years)
  if (filter.years?.some((y) => !Number.isInteger(y))) return `--year 应为年份：${years!.join(' ')}`
  if (values.template !== undefined) {
    if (!isTemplateId(values.template)) return `--template 应为 2019 或 2021：${String(values.template)}`
    filter.template = values.template
  }
  if (typeof values.agency === 'string' && values.agency.trim()) filter.search = values.agency
  if (typeof values.ids === 'string') {
    filter.ids = integers([values.ids])
    if (filter.ids.some((id) => !Number.isInteger(id) || id < 1)) return `--ids 应为逗号分隔的报告编号：${values.ids}`
  }
  return filter
}

export default defineCommand({
  options: {
    ...dbOption,
    format: { type: 'string' },
    out: { type: 'string' },
    reviewed: { type: 'boolean' },
    year: { type: 'string', multiple: true },
    template: { type: 'string' },
    agency: { type: 'string' },
    ids: { type: 'string' }
  } as const,
  usage: USAGE,
  async run(ctx: CommandContext): Promise<number> {
    const { format, out } = ctx.values
    const filter = filterOf(ctx.values)
    if (typeof filter === 'string') process.stderr.write(`${filter}\n`)
    if (typeof out !== 'string' || !EXPORT_FORMATS.includes(format as ExportFormat) || ctx.positionals.length || typeof filter === 'string') {
      process.stderr.write(`usage: ${USAGE}\n`)
      return 2
    }
    const core = openCoreFor(ctx, { resumeJobs: false })
    const tty = process.stderr.isTTY
    try {
      const r = await exportDataset(
        core.db,
        { format: format as ExportFormat, filter, path: resolve(out) },
        { onProgress: (done, total) => tty && process.stderr.write(`\r导出 ${done}/${total}`) }
      )
      if (tty) process.stderr.write('\n')
      process.stdout.write(`已导出 ${r.count} 份报告：${r.path}\n`)
      return 0
    } finally {
      core.close()
    }
  }
})
