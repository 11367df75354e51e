// The thin Electron shell: window, menu, dialogs and IPC wired to core.
import { app, BrowserWindow } from 'electron'
import { join } from 'node:path'
import { openCore, type Core } from '../core/app'
import { registerIpc } from './ipc'
import { installMenu } from './menu'
import { configureResources } from './resources'
import { appUrl, createMainWindow, installSessionGuards } from './window'

app.setName('Nianbao')
let win: BrowserWindow | null = null
let core: Core | null = null

if (!app.requestSingleInstanceLock()) app.quit()

app.on('second-instance', () => {
  if (win) {
    if (win.isMinimized()) win.restore()
    win.focus()
  }
})

app.on('web-contents-created', (_e, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
})

void app.whenReady().then(() => {
  const url = appUrl(join(__dirname, '../renderer'))
  configureResources()
  core = openCore({ dbPath: join(app.getPath('userData'), 'nianbao.sqlite') })
  installSessionGuards()
  registerIpc(core, url, () => win)
  installMenu(core, () => win, !app.isPackaged)
  const open = () => {
    win = createMainWindow({
      preload: join(__dirname, '../preload/index.cjs'),
      url,
      stateFile: join(app.getPath('userData'), 'window-state.json')
    })
    win.on('closed', () => (win = null))
  }
  open()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

app.on('will-quit', () => core?.close())
