// One worksheet per report in the official table layout (see layout.ts), for handing a few
// reports on the way offices file them.
import type ExcelJS from 'exceljs'
import type { DocumentStatus } from '../../shared/api'
import { TEMPLATES } from '../../shared/templates'
import { writeCell } from './cell-mark'
import { officialLayout, type LayoutCell } from './layout'
import type { ExportedReport } from './source'

const thin: ExcelJS.Border = { style: 'thin', color: { argb: 'FF000000' } }
const border: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin }
const center: Partial<ExcelJS.Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true }

const STYLES: Record<LayoutCell['kind'], Partial<ExcelJS.Style>> = {
  section: { font: { bold: true, size: 12 } },
  title: { font: { bold: true }, alignment: center, border },
  head: { font: { bold: true }, alignment: center, border, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } } },
  label: { alignment: { vertical: 'middle', wrapText: true }, border },
  value: { alignment: { horizontal: 'right', vertical: 'middle' }, border }
}

const STATUS_LABELS: Record<DocumentStatus, string> = {
  imported: '已导入',
  extracting: '提取中',
  extracted: '已提取，未审阅',
  in_review: '审阅中',
  reviewed: '已审阅',
  failed: '提取失败'
}

const IDEOGRAPHIC_SPACE = '\u3000'

/** Rows above the tables: the report's name and where it comes from. */
const INFO_ROWS = 3

/** A worksheet name Excel accepts (≤ 31 characters, none of []:*?/\), unique through the id. */
export function reportSheetName(r: ExportedReport): string {
  const name = `${r.id} ${r.agency ?? r.name}${r.year ? ` ${r.year}` : ''}`
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31).trim()
}

export function addReportSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, r: ExportedReport): void {
  const layout = officialLayout(r.template)
  const sheet = workbook.addWorksheet(reportSheetName(r), { pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } })
  sheet.columns = layout.widths.map((width) => ({ width }))
  layout.heights.forEach((height, i) => (sheet.getRow(INFO_ROWS + i + 1).height = height))
  const title = sheet.getCell(1, 1)
  title.value = `${r.agency ?? r.name}${r.year ? ` ${r.year}年度` : ''}政府信息公开工作年度报告统计表`
  title.font = { bold: true, size: 14 }
  sheet.getCell(2, 1).value = [`模板：${TEMPLATES[r.template].basis}`, `文件：${r.name}`, `审阅状态：${STATUS_LABELS[r.status]}`].join(IDEOGRAPHIC_SPACE)
  for (const c of layout.cells) {
    const cell = sheet.getCell(INFO_ROWS + c.row, c.col)
    if (c.key) writeCell(cell, r.cells[c.key], STYLES.value)
    else {
      cell.value = c.text ?? null
      cell.style = STYLES[c.kind]
    }
    // Merged cells take the first cell's style, so borders run round the whole merged block.
    if (c.rowEnd > c.row || c.colEnd > c.col) sheet.mergeCells(INFO_ROWS + c.row, c.col, INFO_ROWS + c.rowEnd, c.colEnd)
  }
  sheet.commit()
}
