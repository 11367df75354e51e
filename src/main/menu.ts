import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron'
import type { Core } from '../core/app'
import type { ApiEvent } from '../shared/api'
import { API_EVENT_CHANNEL } from '../shared/api-methods'
import { importWithDialog } from './dialogs'

export function installMenu(core: Core, window: () => BrowserWindow | null, dev: boolean): void {
  const withWindow = (fn: (win: BrowserWindow) => Promise<void>) => () => {
    const win = window()
    if (win) void fn(win)
  }
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: '文件',
      submenu: [
        { label: '导入报告…', accelerator: 'CmdOrCtrl+O', click: withWindow((w) => importWithDialog(core, w, false)) },
        { label: '导入文件夹…', accelerator: 'CmdOrCtrl+Shift+O', click: withWindow((w) => importWithDialog(core, w, true)) },
        {
          label: '导出数据…',
          accelerator: 'CmdOrCtrl+E',
          // The dialog lives in the page (format, scope, progress); the save dialog follows from there.
          click: withWindow(async (w) => w.webContents.send(API_EVENT_CHANNEL, { type: 'command', name: 'export' } satisfies ApiEvent))
        },
        { type: 'separator' },
        { role: 'quit', label: '退出' }
      ]
    },
    // Cut/copy/paste for text fields; undo/redo of cells is the review screen's own (Ctrl+Z).
    { label: '编辑', submenu: [{ role: 'cut', label: '剪切' }, { role: 'copy', label: '复制' }, { role: 'paste', label: '粘贴' }, { role: 'selectAll', label: '全选' }] },
    {
      label: '视图',
      submenu: [
        { role: 'resetZoom', label: '实际大小' },
        { role: 'zoomIn', label: '放大' },
        { role: 'zoomOut', label: '缩小' },
        { role: 'togglefullscreen', label: '全屏' },
        ...(dev ? [{ role: 'toggleDevTools' as const }, { role: 'reload' as const }] : [])
      ]
    }
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
