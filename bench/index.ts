// `npm run bench [name] [args…]`: runs every bench/<name>.ts (or the one named) in turn.
// Each exports `default async function run(args: string[])` and prints its own figures.
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const [only, ...args] = process.argv.slice(2)
const names = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .map((f) => f.slice(0, -3))
  .filter((n) => !only || n === only)
  .sort()

if (only && names.length === 0) {
  process.stderr.write(`no benchmark named ${only}\n`)
  process.exit(2)
}
for (const name of names) {
  process.stdout.write(`\n## ${name}\n`)
  const mod = (await import(pathToFileURL(join(here, `${name}.ts`)).href)) as { default: (args: string[]) => Promise<void> }
  await mod.default(args)
}
