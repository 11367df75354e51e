// How a cell's review state shows in Excel: a fill for cells a reader should know about, and a
// note on corrected cells saying what the extractor read and who changed it when.
import type ExcelJS from 'exceljs'
import type { CellView } from '../../shared/api'
import type { CellStatus } from '../../shared/cells'

const solid = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } })

export const MARKS: Partial<Record<CellStatus, { fill: ExcelJS.Fill; meaning: string }>> = {
  corrected: { fill: solid('FFFFE699'), meaning: '审阅人更正的数值（批注写明原值、更正人和时间）' },
  inferred: { fill: solid('FFDDEBF7'), meaning: '报告未印出，由勾稽关系推算' },
  check: { fill: solid('FFF8CBAD'), meaning: '提取存疑，尚未审阅确认' }
}

function correctionNote(view: CellView): string {
  const c = view.correction
  const was = view.extracted.value ?? '空'
  const lines = [`更正：原提取值 ${was} → ${view.value ?? '空'}`]
  if (c) lines.push(`${c.by || '审阅人'} 于 ${c.at}`)
  if (c?.note) lines.push(c.note)
  return lines.join('\n')
}

// exceljs knows a style object it has seen (a WeakMap) and renders any other one to XML to look it
// up, for every cell: each cell's own fresh style made that most of an XLSX export's time. So all
// cells of one look share one style object, which nothing may change afterwards.
const styles = new Map<Partial<ExcelJS.Style> | undefined, Map<CellStatus | null, Partial<ExcelJS.Style>>>()

function sharedStyle(base: Partial<ExcelJS.Style> | undefined, status: CellStatus | null): Partial<ExcelJS.Style> {
  let looks = styles.get(base)
  if (!looks) styles.set(base, (looks = new Map()))
  let style = looks.get(status)
  if (!style) {
    const mark = status ? MARKS[status] : undefined
    looks.set(status, (style = { ...base, ...(mark ? { fill: mark.fill } : {}) }))
  }
  return style
}

/** Writes the effective value (numbers stay numbers) and its mark onto an Excel cell. */
export function writeCell(cell: ExcelJS.Cell, view: CellView | undefined, base?: Partial<ExcelJS.Style>): void {
  cell.value = view?.value ?? null
  cell.style = sharedStyle(base, view && MARKS[view.status] ? view.status : null)
  if (view?.status === 'corrected') cell.note = correctionNote(view)
}
