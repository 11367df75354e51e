// `check [--db FILE]`: lists the failing identities of every report in the database, then the
// failing cross-report checks (shown on each of the two reports). Always exits 0: failing checks
// are findings, not errors.
import type { DocumentDetail } from '../../shared/api'
import { iterateDocumentDetails } from '../../core/store/details'
import { dbOption, openCoreFor } from '../database'
import { defineCommand, type CommandContext } from '../command'

function heading(d: DocumentDetail): string {
  return `#${d.id} ${d.name} · ${d.agency ?? '（机关未知）'} · ${d.year ?? '?'} 年度 · ${d.status}`
}

export default defineCommand({
  options: dbOption,
  usage: 'nianbao check [--db FILE]',
  async run(ctx: CommandContext): Promise<number> {
    const core = openCoreFor(ctx, { resumeJobs: false })
    try {
      let reports = 0
      let failing = 0
      let failed = 0
      for (const d of iterateDocumentDetails(core.db)) {
        reports++
        if (d.status === 'failed') {
          failed++
          process.stdout.write(`${heading(d)}\n  ! 无法提取：${d.error?.message ?? ''}\n`)
          continue
        }
        if (!d.checks.length && !d.crossChecks.length) continue
        failing++
        const lines = [
          ...d.checks.map((c) => `  ✗ ${c.message}`),
          ...d.crossChecks.map((c) => `  ✗ 跨年度（对照 #${c.otherDocumentId}）：${c.message}`)
        ]
        process.stdout.write(`${heading(d)}\n${lines.join('\n')}\n`)
      }
      process.stdout.write(`共 ${reports} 份报告，${failing} 份有不成立的勾稽关系${failed ? `，${failed} 份无法提取` : ''}\n`)
      return 0
    } finally {
      core.close()
    }
  }
})
