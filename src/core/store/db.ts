import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { NianbaoError } from '../errors'
import { MIGRATIONS } from './migrations'

export type Db = Database.Database

/** Prepares a module's statements once per connection (better-sqlite3 statements belong to one). */
export function preparedFor<T>(prepare: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>()
  return (db) => {
    let s = cache.get(db)
    if (!s) cache.set(db, (s = prepare(db)))
    return s
  }
}

/** Opens (creating if needed) a Nianbao database and brings its schema up to date. */
export function openDb(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  // FULL: a transaction that returned is on disk, so "saved" in the UI is true after a power cut.
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  // 64 MB of page cache: the list of 10,000 reports stays in memory between calls.
  db.pragma('cache_size = -65536')
  migrate(db)
  return db
}

export function migrate(db: Db, migrations: readonly string[] = MIGRATIONS): void {
  const version = db.pragma('user_version', { simple: true }) as number
  if (version > migrations.length) {
    db.close()
    throw new NianbaoError(
      'conflict',
      `数据库版本 ${version} 比本程序支持的 ${migrations.length} 新，请升级年报审阅台`
    )
  }
  if (version === migrations.length) return
  db.transaction(() => {
    for (let i = version; i < migrations.length; i++) db.exec(migrations[i]!)
    db.pragma(`user_version = ${migrations.length}`)
  })()
}
