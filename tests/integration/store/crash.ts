// Spawning the command line (or a core script) and killing it with SIGKILL at a chosen moment.
// Entries are bundled once with esbuild and run by plain node: tsx compiles on every start
// (seconds on a busy machine), and these tests start 40 processes. Split into chunks, so what the
// code imports lazily (the readers, the export writers) is loaded lazily, as under tsx.
import { spawn } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
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

/** Bundles a TypeScript entry (path from the repository root) into a runnable .mjs and its chunks. */
export async function bundle(entry: string): Promise<{ script: string; cleanup(): void }> {
  const name = basename(entry, '.ts')
  const outdir = join(OUT, `${process.pid}-${name}`)
  mkdirSync(outdir, { recursive: true })
  await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outdir,
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning'
  })
  return { script: join(outdir, `${name}.mjs`), cleanup: () => rmSync(outdir, { recursive: true, force: true }) }
}

/**
 * Runs a bundled entry; `killWhen` sees the output so far and returns true to kill -9 the child
 * `delayMs` later (never, if the child ends first). A random delay lands the kill anywhere in the
 * work after the line seen, not only at the moment the line was written.
 */
export function run(
  script: string,
  args: string[],
  killWhen?: (out: { stdout: string; stderr: string }) => boolean,
  delayMs = 0
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    const out = { stdout: '', stderr: '' }
    let killed = false
    const watch = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      out[stream] += chunk.toString()
      if (!killed && killWhen?.(out)) {
        killed = true
        setTimeout(() => child.kill('SIGKILL'), delayMs)
      }
    }
    child.stdout.on('data', watch('stdout'))
    child.stderr.on('data', watch('stderr'))
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ ...out, code, signal }))
  })
}
