// Opens Nianbao's engine for one database: used by Electron main, browser mode, the CLI and tests.
import { homedir } from 'node:os'
import { join } from 'node:path'
import { createHandlers } from './api/handlers'
import { invoke, type Handlers } from './api/invoke'
import { createEventHub, type EventHub } from './events'
import { createJobRunner, type Extractor, type JobRunner } from './jobs/runner'
import { openDb, type Db } from './store/db'

export interface CoreOptions {
  dbPath: string
  /** Resume unfinished import jobs on open (default). Read-only commands pass false. */
  resumeJobs?: boolean
  /** Replaces the extractor (tests that need a slow or failing one). */
  extract?: Extractor
}

export interface Core {
  db: Db
  events: EventHub
  handlers: Handlers
  jobs: JobRunner
  invoke(name: string, input: unknown): ReturnType<typeof invoke>
  close(): void
}

export function openCore(options: CoreOptions): Core {
  const db = openDb(options.dbPath)
  const events = createEventHub()
  const jobs = createJobRunner({ db, events, ...(options.extract ? { extract: options.extract } : {}) })
  const handlers = createHandlers({ db, events, jobs })
  if (options.resumeJobs !== false) jobs.kick()
  return {
    db,
    events,
    handlers,
    jobs,
    invoke: (name, input) => invoke(handlers, name, input),
    close: () => {
      // The file being extracted is abandoned, not lost: its job item is still queued.
      jobs.stop()
      db.close()
    }
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
