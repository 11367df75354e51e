import type { Settings } from '../../shared/api'
import { preparedFor, type Db } from './db'

const DEFAULTS: Settings = { reviewer: '', locale: 'zh-CN' }

const stmts = preparedFor((db: Db) => ({
  all: db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings'),
  put: db.prepare<[string, string]>('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)')
}))

export function getSettings(db: Db): Settings {
  const stored = Object.fromEntries(stmts(db).all.all().map((r) => [r.key, JSON.parse(r.value) as unknown]))
  return { ...DEFAULTS, ...(stored as Partial<Settings>) }
}

export function setSettings(db: Db, changes: Partial<Settings>): Settings {
  const s = stmts(db)
  db.transaction(() => {
    for (const [key, value] of Object.entries(changes)) if (value !== undefined) s.put.run(key, JSON.stringify(value))
  })()
  return getSettings(db)
}
