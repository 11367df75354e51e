// Export entry: picks the writer for a format and sends its output to a file (written beside the
// target and renamed, so a failed or cancelled export never leaves half a file under the real
// name) or into memory for a browser download.
import { open, rename, rm, type FileHandle } from 'node:fs/promises'
import { basename } from 'node:path'
import { Writable } from 'node:stream'
import type { ApiOutputs, DocumentFilter, ExportFormat } from '../../shared/api'
import { isTemplateId, type TemplateId } from '../../shared/templates'
import { NianbaoError } from '../errors'
import type { Db } from '../store/db'
import { iterateReportDetails } from '../store/details'
import { listDocumentRows } from '../store/documents'
import { writeCsv } from './csv'
import { writeJson } from './json'
import type { ExportOptions, ExportSource } from './source'

export type { ExportOptions, ExportSource } from './source'

export const EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', 'csv-wide': 'csv', xlsx: 'xlsx', json: 'json' }

export async function writeExport(format: ExportFormat, source: ExportSource, out: Writable, options: ExportOptions = {}): Promise<number> {
  switch (format) {
    case 'csv':
      return writeCsv('long', source, out, options)
    case 'csv-wide':
      return writeCsv('wide', source, out, options)
    case 'xlsx':
      // Loaded when needed: exceljs takes longer to load than a CSV of a thousand reports to write.
      return (await import('./xlsx')).writeXlsx(source, out, options)
    case 'json':
      return writeJson(source, out, options)
  }
}

/** The matching reports of a database, streamed; only their summaries are read up front. */
export function datasetSource(db: Db, filter: DocumentFilter = {}): ExportSource {
  const rows = listDocumentRows(db, filter)
  const templates = new Set<TemplateId>()
  for (const r of rows) if (isTemplateId(r.template)) templates.add(r.template)
  return { total: rows.length, templates: [...templates], reports: iterateReportDetails(db, filter) }
}

export function defaultExportName(format: ExportFormat, at = new Date()): string {
  const day = at.toISOString().slice(0, 10)
  return `年报数据${format === 'csv-wide' ? '-宽表' : ''}-${day}.${EXTENSIONS[format]}`
}

function writeFailure(e: unknown, path: string): unknown {
  const code = (e as NodeJS.ErrnoException)?.code
  if (code && /^E[A-Z]+$/.test(code)) return new NianbaoError('refused', `无法写入文件：${(e as Error).message}`, path)
  return e
}

/** Writes into memory; for browser mode, where the renderer saves the bytes itself. */
function memorySink(): { sink: Writable; bytes: () => Uint8Array } {
  const chunks: Buffer[] = []
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk))
      done()
    }
  })
  return { sink, bytes: () => new Uint8Array(Buffer.concat(chunks)) }
}

export async function exportDataset(
  db: Db,
  input: { format: ExportFormat; filter?: DocumentFilter; path?: string },
  options: ExportOptions = {}
): Promise<ApiOutputs['exportDataset']> {
  const { format, filter, path } = input
  const source = datasetSource(db, filter)
  if (!path) {
    const { sink, bytes } = memorySink()
    const count = await writeExport(format, source, sink, options)
    return { name: defaultExportName(format), count, data: bytes() }
  }
  const part = `${path}.${process.pid}.part`
  // Opened before any writer runs, so a folder that is missing or read-only fails at once.
  let file: FileHandle
  try {
    file = await open(part, 'w')
  } catch (e) {
    throw writeFailure(e, path)
  }
  const out = file.createWriteStream({ highWaterMark: 1 << 20 })
  try {
    const count = await writeExport(format, source, out, options)
    await rename(part, path)
    return { name: basename(path), count, path }
  } catch (e) {
    out.destroy()
    await rm(part, { force: true })
    throw writeFailure(e, path)
  }
}
