// JSON: an array of reports in the DESIGN.md extraction shape (what `cli extract --json` prints),
// with the effective values, and for each cell a reviewer touched what the extractor had said and
// who corrected it when. One report per line, streamed.
import type { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Cell, CheckResult, DocForm } from '../../shared/cells'
import { cellKeys, type CellKey, type TemplateId } from '../../shared/templates'
import type { CellView } from '../../shared/api'
import { reportChunks, type ExportedReport, type ExportOptions, type ExportSource } from './source'

export interface ExportedCell extends Cell {
  extracted?: CellView['extracted']
  correction?: CellView['correction']
}

export interface ExportedJsonReport {
  id: number
  file: string
  form: DocForm | null
  template: TemplateId
  agency: string | null
  year: number | null
  published: string | null
  reviewStatus: ExportedReport['status']
  reviewNote: string | null
  cells: Record<CellKey, ExportedCell>
  checks: CheckResult[]
}

const MISSING: ExportedCell = { value: null, status: 'missing' }

// Every cell gets the same properties in the same order (JSON.stringify leaves out the undefined
// ones): objects of one shape stringify several times faster than cells built up field by field.
function exportedCell(view: CellView | undefined): ExportedCell {
  if (!view) return MISSING
  const corrected = view.correction !== undefined
  return {
    value: view.value,
    status: view.status,
    raw: view.raw,
    source: view.source,
    reason: view.reason,
    extracted: corrected ? view.extracted : undefined,
    correction: view.correction
  }
}

export function toJsonReport(r: ExportedReport): ExportedJsonReport {
  const cells: Record<CellKey, ExportedCell> = {}
  for (const key of cellKeys(r.template)) cells[key] = exportedCell(r.cells[key])
  return {
    id: r.id,
    file: r.name,
    form: r.form,
    template: r.template,
    agency: r.agency,
    year: r.year,
    published: r.published,
    reviewStatus: r.status,
    reviewNote: r.reviewNote,
    cells,
    checks: r.checks
  }
}

export async function writeJson(source: ExportSource, out: Writable, options: ExportOptions = {}): Promise<number> {
  let count = 0
  const chunks = reportChunks(
    source,
    options,
    (r) => [(count++ ? ',\n' : '[\n') + JSON.stringify(toJsonReport(r))],
    () => [count ? '\n]\n' : '[]\n']
  )
  await pipeline(chunks, out, options.signal ? { signal: options.signal } : {})
  return count
}
