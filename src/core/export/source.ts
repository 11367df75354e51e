// What an exporter reads: reports streamed one at a time (never the whole dataset in memory),
// with the figures known before the first row is written.
import { Readable } from 'node:stream'
import type { CellSource } from '../../shared/cells'
import type { TemplateId } from '../../shared/templates'
import type { ReportDetail } from '../store/details'

export interface ExportSource {
  /** How many reports `reports` yields (for progress; reports without a template are skipped). */
  total: number
  /** Templates among the reports: decides the wide columns before the first row is written. */
  templates: TemplateId[]
  reports: Iterable<ReportDetail> | AsyncIterable<ReportDetail>
}

export interface ExportOptions {
  onProgress?: (done: number, total: number) => void
  signal?: AbortSignal
}

/** A report that has been extracted, so it has a template and every cell of it. */
export type ExportedReport = ReportDetail & { template: TemplateId }

/**
 * Yields the exportable reports, checks for cancellation between reports and reports progress
 * about a hundred times per export (each call may become an event sent to the UI).
 */
export async function* exportedReports(
  source: ExportSource,
  { onProgress, signal }: ExportOptions = {}
): AsyncGenerator<ExportedReport> {
  const step = Math.max(1, Math.floor(source.total / 100))
  let done = 0
  onProgress?.(0, source.total)
  for await (const report of source.reports) {
    signal?.throwIfAborted()
    if (report.template) yield report as ExportedReport
    done++
    if (done % step === 0 || done === source.total) onProgress?.(done, source.total)
  }
  signal?.throwIfAborted()
}

export function sourcePage(source: CellSource | undefined): number | null {
  return source && 'page' in source ? source.page : null
}

/**
 * A readable of the chunks (CSV records, JSON text) of each exported report, pulled one report at a
 * time: a report's chunks go out together, so there is one await per report, not per record, and
 * at most one report waits beyond the stream's buffer.
 */
export function reportChunks<T>(
  source: ExportSource,
  options: ExportOptions,
  chunks: (report: ExportedReport) => Iterable<T>,
  end: () => Iterable<T> = () => []
): Readable {
  const reports = exportedReports(source, options)
  return new Readable({
    objectMode: true,
    read() {
      const pull = (): void => {
        reports.next().then(
          (next) => {
            if (next.done) {
              for (const chunk of end()) this.push(chunk)
              this.push(null)
              return
            }
            let pushed = false
            for (const chunk of chunks(next.value)) {
              this.push(chunk)
              pushed = true
            }
            if (!pushed) pull()
          },
          (e: unknown) => this.destroy(e as Error)
        )
      }
      pull()
    }
  })
}
