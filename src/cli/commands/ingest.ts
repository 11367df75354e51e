// `ingest <files or folders…> [--db FILE]`: imports report files into the review database as a
// persistent job, with a progress bar on stderr. An import interrupted earlier (a crash, a kill)
// resumes first, and the summary covers it: files it still holds are not queued a second time.
import type { JobView } from '../../shared/api'
import { NianbaoError } from '../../core/errors'
import type { Db } from '../../core/store/db'
import { getDocumentRow, toSummary } from '../../core/store/documents'
import { jobItems, unfinishedJobs } from '../../core/store/jobs'
import { dbOption, openCoreFor } from '../database'
import { defineCommand, type CommandContext } from '../command'

const USAGE = 'nianbao ingest <files or folders…> [--db FILE]'
const BAR = 24

function progressLine(job: JobView): string {
  const filled = job.total ? Math.round((job.done / job.total) * BAR) : BAR
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${job.done}/${job.total} ${job.label ?? ''}`
}

/** How each file of these jobs ended, each file once: a later pass over a file one of them stored is no news. */
function outcomes(db: Db, jobIds: number[]) {
  const all = jobIds.flatMap((id) => jobItems(db, id))
  const stored = new Set(all.filter((i) => i.state !== 'duplicate').map((i) => i.documentId))
  const told = new Set<number>()
  return all.filter((i) => {
    if (i.state !== 'duplicate' || i.documentId === null) return true
    if (stored.has(i.documentId) || told.has(i.documentId)) return false
    told.add(i.documentId)
    return true
  })
}

export default defineCommand({
  options: dbOption,
  usage: USAGE,
  async run(ctx: CommandContext): Promise<number> {
    if (!ctx.positionals.length) {
      process.stderr.write(`usage: ${USAGE}\n`)
      return 2
    }
    const core = openCoreFor(ctx, { resumeJobs: false })
    const resumed = unfinishedJobs(core.db, 'import')
    const tty = process.stderr.isTTY
    let lastLine = 0
    const unsubscribe = core.events.subscribe((e) => {
      if (e.type !== 'job') return
      const line = progressLine(e.job)
      if (tty) process.stderr.write(`\r${line.slice(0, (process.stderr.columns || 80) - 1).padEnd(lastLine)}`)
      else if (e.job.done !== lastLine) process.stderr.write(`${line}\n`)
      lastLine = tty ? line.length : e.job.done
    })
    try {
      const r = await core.invoke('importPaths', { paths: ctx.positionals })
      if (!r.ok) throw new NianbaoError(r.error.code, r.error.message, r.error.file)
      const { jobId } = r.value as { jobId: number }
      await core.jobs.idle()
      if (tty) process.stderr.write('\n')
      if (resumed.length) {
        const more = resumed.length > 1 ? ` 等 ${resumed.length} 个` : ''
        process.stdout.write(`继续完成上次中断的导入（任务 #${resumed[0]}${more}）\n`)
      }
      const items = outcomes(core.db, [...resumed, jobId])
      const count = (state: string) => items.filter((i) => i.state === state).length
      for (const i of items) {
        // Stored before but unreadable: say so again, with the reason kept from that first try.
        const row = i.state === 'duplicate' && i.documentId !== null ? getDocumentRow(core.db, i.documentId) : undefined
        const failedBefore = row?.status === 'failed' ? toSummary(row).error : null
        if (failedBefore) process.stderr.write(`已导入过，无法提取：${i.name}：${failedBefore.message}\n`)
        else if (i.state === 'duplicate') process.stdout.write(`已导入过（内容相同），未改动：${i.name}\n`)
        else if (i.state === 'failed') process.stderr.write(`失败：${i.name}：${i.error?.message ?? ''}\n`)
      }
      process.stdout.write(
        `导入 ${count('done')} 份，已存在 ${count('duplicate')} 份，失败 ${count('failed')} 份${count('cancelled') ? `，取消 ${count('cancelled')} 份` : ''}\n`
      )
      return count('failed') ? 1 : 0
    } finally {
      unsubscribe()
      core.close()
    }
  }
})
