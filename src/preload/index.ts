// Exposes the API to the sandboxed renderer. Generic: it knows method names only to refuse others.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { API_EVENT_CHANNEL, API_METHODS } from '../shared/api-methods'

const methods = new Set<string>(API_METHODS)

contextBridge.exposeInMainWorld('nianbao', {
  invoke(method: string, input: unknown): Promise<unknown> {
    if (!methods.has(method)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown-method', message: `没有这个接口：${method}` } })
    }
    return ipcRenderer.invoke(`api:${method}`, input)
  },
  onEvent(listener: (event: unknown) => void): () => void {
    const forward = (_e: IpcRendererEvent, event: unknown) => listener(event)
    ipcRenderer.on(API_EVENT_CHANNEL, forward)
    return () => ipcRenderer.removeListener(API_EVENT_CHANNEL, forward)
  }
})
