import { dialog, type BrowserWindow } from 'electron'
import type { Core } from '../core/app'

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
