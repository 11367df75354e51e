// Spawning the command line (or a core script) and killing it with SIGKILL at a chosen moment.
// Entries are bundled once with esbuild and run by plain node: tsx compiles on every start
// (seconds on a busy machine), and these tests start 40 processes.
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
// Inside the repository so the bundle's external packages resolve from node_modules.
const OUT = join(ROOT, 'node_modules/.cache/nianbao-crash-tests')

export interface Run {
  stdout: string
  stderr: string
  code: number | null
  signal: NodeJS.Signals | null
}

/** Bundles a TypeScript entry (path from the repository root) into a runnable .mjs. */
export async function bundle(entry: string): Promise<string> {
  mkdirSync(OUT, { recursive: true })
  const outfile = join(OUT, `${process.pid}-${basename(entry, '.ts')}.mjs`)
  await build({ entryPoints: [join(ROOT, entry)], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'warning' })
  return outfile
}

/**
 * Runs a bundled entry; `killWhen` sees the output so far and returns true to kill -9 the child
 * at that moment (never, if the child ends first).
 */
export function run(script: string, args: string[], killWhen?: (out: { stdout: string; stderr: string }) => boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    const out = { stdout: '', stderr: '' }
    let killed = false
    const watch = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      out[stream] += chunk.toString()
      if (!killed && killWhen?.(out)) {
        killed = true
        child.kill('SIGKILL')
      }
    }
    child.stdout.on('data', watch('stdout'))
    child.stderr.on('data', watch('stderr'))
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ ...out, code, signal }))
  })
}
