import { dialog, type BrowserWindow } from 'electron'
import type { Core } from '../core/app'
import { defaultExportName, EXTENSIONS } from '../core/export'
import { EXPORT_FORMATS, type ExportFormat } from '../shared/api'
import { fail, type Result } from '../shared/result'

const REPORT_FILTER = { name: '年度报告', extensions: ['pdf', 'txt', 'html', 'htm', 'docx', 'png', 'jpg', 'jpeg', 'tif', 'tiff'] }

/** The native open dialog (menu: 导入文件… / 导入文件夹…); the import itself is the API's. */
export async function importWithDialog(core: Core, win: BrowserWindow, folders: boolean): Promise<void> {
  const result = await dialog.showOpenDialog(win, {
    title: folders ? '导入文件夹' : '导入报告',
    properties: folders ? ['openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'],
    filters: folders ? [] : [REPORT_FILTER]
  })
  if (result.canceled || result.filePaths.length === 0) return
  const outcome = await core.invoke('importPaths', { paths: result.filePaths })
  if (!outcome.ok) dialog.showErrorBox('导入失败', outcome.error.message)
}

const EXPORT_FILTERS: Record<ExportFormat, { name: string; extensions: string[] }> = {
  csv: { name: 'CSV 长表（每个单元格一行）', extensions: ['csv'] },
  'csv-wide': { name: 'CSV 宽表（每份报告一行）', extensions: ['csv'] },
  xlsx: { name: 'Excel 工作簿', extensions: ['xlsx'] },
  json: { name: 'JSON', extensions: ['json'] }
}

/**
 * exportDataset from the window: core writes the file where the reviewer chose in the native save
 * dialog, so a dataset of hundreds of MB never crosses IPC as bytes. The renderer never names a
 * path itself (a compromised page could write anywhere); cancelling the dialog answers cancelled.
 */
export async function exportWithDialog(core: Core, win: BrowserWindow | null, input: unknown): Promise<Result<unknown>> {
  const given = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {}
  if ('path' in given) return fail('forbidden', 'exportDataset: 文件位置由保存对话框选择')
  const format = given.format as ExportFormat
  // An unknown format goes on to core, whose validation answers it.
  if (!win || !EXPORT_FORMATS.includes(format)) return core.invoke('exportDataset', input)
  const chosen = await dialog.showSaveDialog(win, {
    title: '导出数据',
    defaultPath: defaultExportName(format),
    filters: [EXPORT_FILTERS[format]]
  })
  if (chosen.canceled || !chosen.filePath) return fail('cancelled', '已取消导出')
  const path = chosen.filePath.endsWith(`.${EXTENSIONS[format]}`) ? chosen.filePath : `${chosen.filePath}.${EXTENSIONS[format]}`
  return core.invoke('exportDataset', { ...given, path })
}
