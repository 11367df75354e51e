import type { ParseArgsConfig } from 'node:util'

export interface CommandContext {
  positionals: string[]
  values: Record<string, string | boolean | string[] | boolean[] | undefined>
}

export interface Command {
  options: ParseArgsConfig['options']
  usage: string
  run(ctx: CommandContext): Promise<number>
}

/** Gives a command's option table its literal types ('string' | 'boolean') without casts. */
export function defineCommand(command: Command): Command {
  return command
}
