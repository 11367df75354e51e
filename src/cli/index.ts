// Nianbao's command line over core: extract, ingest, export, check (DESIGN.md "Command line").
import { parseArgs } from 'node:util'
import { NianbaoError, toAppError } from '../core/errors'
import type { Command } from './command'

const commands: Record<string, () => Promise<Command>> = {
  extract: async () => (await import('./commands/extract')).default,
  ingest: async () => (await import('./commands/ingest')).default,
  export: async () => (await import('./commands/export')).default,
  check: async () => (await import('./commands/check')).default
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  const load = name ? commands[name] : undefined
  if (!load) {
    process.stderr.write(`usage: nianbao <${Object.keys(commands).join('|')}> …\n`)
    return name ? 2 : 0
  }
  const command = await load()
  let parsed
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true })
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\nusage: ${command.usage}\n`)
    return 2
  }
  return command.run({ positionals: parsed.positionals, values: parsed.values })
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    const err = toAppError(e)
    const where = err.file ? `${err.file}: ` : ''
    process.stderr.write(`nianbao: ${where}${err.message}\n`)
    process.exitCode = e instanceof NianbaoError ? 2 : 1
  }
)
