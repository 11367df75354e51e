// `export --format json [--db FILE] --out FILE`. Written by the store helper as a first version;
// the export helper owns it from here (other formats, filters).
import { EXPORT_FORMATS, type ExportFormat } from '../../shared/api'
import { exportDataset } from '../../core/export'
import { dbOption, openCoreFor } from '../database'
import type { CommandContext } from '../index'

const USAGE = `nianbao export --format ${EXPORT_FORMATS.join('|')} [--db FILE] --out FILE`

export default {
  options: { ...dbOption, format: { type: 'string' }, out: { type: 'string' } } as const,
  usage: USAGE,
  async run(ctx: CommandContext): Promise<number> {
    const { format, out } = ctx.values
    if (typeof out !== 'string' || !EXPORT_FORMATS.includes(format as ExportFormat) || ctx.positionals.length) {
      process.stderr.write(`usage: ${USAGE}\n`)
      return 2
    }
    const core = openCoreFor(ctx, { resumeJobs: false })
    try {
      const r = await exportDataset(core.db, { format: format as ExportFormat, path: out })
      process.stdout.write(`已导出 ${r.count} 份报告：${r.path}\n`)
      return 0
    } finally {
      core.close()
    }
  }
}
