// Opens Nianbao's engine for one database: used by Electron main, browser mode, the CLI and tests.
import { homedir } from 'node:os'
import { join } from 'node:path'
import { createHandlers } from './api/handlers'
import { invoke, type Handlers } from './api/invoke'
import { createEventHub, type EventHub } from './events'
import { openDb, type Db } from './store/db'

export interface CoreOptions {
  dbPath: string
}

export interface Core {
  db: Db
  events: EventHub
  handlers: Handlers
  invoke(name: string, input: unknown): ReturnType<typeof invoke>
  close(): void
}

export function openCore(options: CoreOptions): Core {
  const db = openDb(options.dbPath)
  const events = createEventHub()
  const handlers = createHandlers({ db, events })
  return {
    db,
    events,
    handlers,
    invoke: (name, input) => invoke(handlers, name, input),
    close: () => db.close()
  }
}

/** The folder Electron uses as userData for "Nianbao", so the app, CLI and browser mode share one database. */
export function defaultDataDir(env = process.env, platform = process.platform): string {
  if (env.NIANBAO_DATA_DIR) return env.NIANBAO_DATA_DIR
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Nianbao')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Nianbao')
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Nianbao')
}

export function defaultDbPath(env = process.env): string {
  return join(defaultDataDir(env), 'nianbao.sqlite')
}
