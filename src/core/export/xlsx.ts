// XLSX through exceljs's streaming writer: a data sheet (one row per report, one column per cell,
// Chinese labels in the header rows), then, for a handful of reports, one sheet per report in the
// official layout, then a legend. Rows are committed as they are written, so 10,000 reports never
// sit in memory at once.
import ExcelJS from 'exceljs'
import type { Writable } from 'node:stream'
import type { CellKey, TemplateId } from '../../shared/templates'
import { MARKS, writeCell } from './cell-mark'
import { REPORT_FIELDS, wideColumns, type WideColumn } from './columns'
import { addReportSheet } from './report-sheet'
import { exportedReports, type ExportedReport, type ExportOptions, type ExportSource } from './source'

/** Up to this many reports, each also gets its own sheet in the official layout. */
export const REPORT_SHEETS_MAX = 50

export const DATA_SHEET = '数据'
/** Header rows of the data sheet: table, row, column, template, machine key. */
export const DATA_HEADER_ROWS = 5

const headStyle: Partial<ExcelJS.Style> = {
  font: { bold: true },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } }
}

/** Row labels such as （二）部分公开（区分处理的…） need three lines at the column width. */
const HEADER_HEIGHTS = [30, 48, 30, 16, 16]

// A shared column is named by its bare key (see columns.ts), whatever templates this dataset holds.
const scope = (c: WideColumn) => (c.id === c.key ? '两版模板通用' : `${c.templates[0]}版模板`)

/** Header texts of one value column, top to bottom (the last row is the key used by the CSV). */
function headerTexts(c: WideColumn): string[] {
  const row = c.rowGroup && !c.rowLabel.startsWith(c.rowGroup) ? `${c.rowGroup} ${c.rowLabel}` : c.rowLabel
  const column = c.columnGroup ? `${c.columnGroup} ${c.columnLabel}` : c.columnLabel
  return [c.tableTitle, row, column, scope(c), c.id]
}

function writeDataHeader(sheet: ExcelJS.Worksheet, columns: WideColumn[]): void {
  const fixed = REPORT_FIELDS.length
  const texts = columns.map(headerTexts)
  for (let level = 0; level < DATA_HEADER_ROWS; level++) {
    const row = sheet.getRow(level + 1)
    REPORT_FIELDS.forEach((f, i) => (row.getCell(i + 1).value = level === DATA_HEADER_ROWS - 1 ? f.id : f.label))
    texts.forEach((t, i) => (row.getCell(fixed + i + 1).value = t[level]!))
    row.eachCell((cell) => (cell.style = headStyle))
  }
  for (let i = 0; i < fixed; i++) sheet.mergeCells(1, i + 1, DATA_HEADER_ROWS - 1, i + 1)
  // The table title spans its columns, the row label the columns of one row of one table.
  for (const level of [0, 1]) {
    const group = (t: string[]) => t.slice(0, level + 1).join('\u0000')
    let from = 0
    for (let i = 1; i <= texts.length; i++) {
      if (i < texts.length && group(texts[i]!) === group(texts[from]!)) continue
      if (i - 1 > from) sheet.mergeCells(level + 1, fixed + from + 1, level + 1, fixed + i)
      from = i
    }
  }
  HEADER_HEIGHTS.forEach((height, level) => {
    const row = sheet.getRow(level + 1)
    row.height = height
    row.commit()
  })
}

function writeLegend(workbook: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const sheet = workbook.addWorksheet('说明')
  sheet.columns = [{ width: 14 }, { width: 60 }]
  sheet.addRow(['标记', '含义']).commit()
  for (const [status, mark] of Object.entries(MARKS)) {
    const row = sheet.addRow([status, mark.meaning])
    row.getCell(1).fill = mark.fill
    row.commit()
  }
  sheet.addRow([]).commit()
  sheet.addRow(['数据表', `前 ${DATA_HEADER_ROWS} 行为表头：表、行、列、适用模板、字段名（与 CSV 宽表列名相同）。`]).commit()
  sheet.addRow(['字段名', '两版模板含义相同的单元格共用一列；只在一版模板中出现或含义不同的单元格，字段名以模板年份开头，如 2019:item20_5/licensing/decisions。']).commit()
  sheet.commit()
}

/** Lets the zip compressor drain what has been written so far, so memory stays flat. */
const drain = () => new Promise((resolve) => setImmediate(resolve))

export async function writeXlsx(source: ExportSource, out: Writable, options: ExportOptions = {}): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  // exceljs listens for output errors only once it finalises: catch them from the start.
  let outError: unknown = null
  const failed = new Promise<never>((_, reject) => out.once('error', (e) => reject((outError = e))))
  failed.catch(() => {})
  workbook.creator = workbook.lastModifiedBy = '年报审阅台'
  const columns = wideColumns(source.templates)
  const sheet = workbook.addWorksheet(DATA_SHEET, {
    views: [{ state: 'frozen', xSplit: 4, ySplit: DATA_HEADER_ROWS }]
  })
  sheet.columns = [...REPORT_FIELDS.map((f) => ({ width: f.id === 'file' || f.id === 'agency' ? 24 : 10 })), ...columns.map(() => ({ width: 12 }))]
  writeDataHeader(sheet, columns)
  const kept: ExportedReport[] = []
  let count = 0
  // Per template, its columns as [sheet column, cell key].
  const filled = new Map<TemplateId, [number, CellKey][]>()
  const columnsOf = (t: TemplateId) => {
    let list = filled.get(t)
    if (!list) filled.set(t, (list = columns.flatMap((c, i) => (c.templates.includes(t) ? [[REPORT_FIELDS.length + i + 1, c.key] as [number, CellKey]] : []))))
    return list
  }
  for await (const r of exportedReports(source, options)) {
    const row = sheet.addRow(REPORT_FIELDS.map((f) => f.value(r)))
    for (const [column, key] of columnsOf(r.template)) {
      const view = r.cells[key]
      // A blank cell without a mark is left out, as Excel itself writes one.
      if (view && (view.value !== null || MARKS[view.status])) writeCell(row.getCell(column), view)
    }
    row.commit()
    if (source.total <= REPORT_SHEETS_MAX) kept.push(r)
    if (++count % 20 === 0) await drain()
    if (outError) throw outError
  }
  sheet.commit()
  for (const r of kept) addReportSheet(workbook, r)
  writeLegend(workbook)
  await Promise.race([workbook.commit(), failed])
  return count
}
