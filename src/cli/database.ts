// The `--db FILE` option shared by the commands that use the review database.
import { resolve } from 'node:path'
import { defaultDbPath, openCore, type Core, type CoreOptions } from '../core/app'
import type { CommandContext } from './command'

export const dbOption = { db: { type: 'string' } } as const

export function openCoreFor(ctx: CommandContext, options: Omit<CoreOptions, 'dbPath'> = {}): Core {
  const db = ctx.values.db
  return openCore({ dbPath: typeof db === 'string' ? resolve(db) : defaultDbPath(), ...options })
}
