import { ipcMain, type BrowserWindow } from 'electron'
import type { Core } from '../core/app'
import { API_EVENT_CHANNEL, API_METHODS } from '../shared/api-methods'
import { fail } from '../shared/result'
import { exportWithDialog } from './dialogs'
import { isAppFrame } from './guards'

/** One generic handler per method: validation and dispatch live in core's invoke. */
export function registerIpc(core: Core, appUrl: string, window: () => BrowserWindow | null): void {
  for (const name of API_METHODS) {
    // An export from the window goes to a file chosen in the save dialog, not back as bytes.
    const run = name === 'exportDataset' ? (input: unknown) => exportWithDialog(core, window(), input) : (input: unknown) => core.invoke(name, input)
    ipcMain.handle(`api:${name}`, (e, input: unknown) =>
      isAppFrame(e.senderFrame, appUrl) ? run(input) : fail('forbidden', `${name}: 调用来源不可信`)
    )
  }
  core.events.subscribe((event) => {
    const win = window()
    if (win && !win.isDestroyed()) win.webContents.send(API_EVENT_CHANNEL, event)
  })
}
