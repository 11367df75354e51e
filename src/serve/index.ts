// `npm run serve`: browser mode for people without Electron, and how the UI is tested.
import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import { defaultDbPath, openCore } from '../core/app'
import { startBrowserMode } from './server'

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    port: { type: 'string' },
    renderer: { type: 'string' }
  }
})

const core = openCore({ dbPath: values.db ?? defaultDbPath() })
const served = await startBrowserMode({
  core,
  rendererDir: resolve(values.renderer ?? 'out/renderer'),
  port: values.port ? Number(values.port) : 0
})
process.stdout.write(`Nianbao browser mode: ${served.url}\n`)

const stop = () => {
  void served.close().then(() => {
    core.close()
    process.exit(0)
  })
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
