// Which files a folder import picks up: report files only, in a stable order.
import { readdirSync, statSync } from 'node:fs'
import { basename, extname, join, resolve } from 'node:path'

export const REPORT_EXTENSIONS = ['.txt', '.html', '.htm', '.docx', '.pdf', '.png', '.jpg', '.jpeg', '.tif', '.tiff']

const isReport = (name: string) => REPORT_EXTENSIONS.includes(extname(name).toLowerCase()) && !name.startsWith('.')

/**
 * Expands folders (recursively) into their report files; files named directly are kept whatever
 * their extension, so the job can say why one cannot be read.
 */
export function expandPaths(paths: readonly string[]): { name: string; path: string }[] {
  const out: { name: string; path: string }[] = []
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const e of entries) {
      const p = join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.isFile() && isReport(e.name)) out.push({ name: e.name, path: p })
    }
  }
  for (const given of paths) {
    const p = resolve(given)
    // A path that does not exist stays in the list: the job records it as failed, with the reason.
    if (statSync(p, { throwIfNoEntry: false })?.isDirectory()) walk(p)
    else out.push({ name: basename(p), path: p })
  }
  return out
}
