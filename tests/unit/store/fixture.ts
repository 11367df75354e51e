// Temp databases and extractions built from fixture truth files (real reports' figures).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Cell, Extraction } from '../../../src/shared/cells'
import type { TemplateId } from '../../../src/shared/templates'

export const FIXTURES = join(__dirname, '../../fixtures/store')

interface Truth {
  template: TemplateId
  agency: string
  year: number
  published: string | null
  cells: Record<string, number | null>
}

export function truth(name: string): Truth {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.truth.json`), 'utf8')) as Truth
}

/** An extraction that read every printed figure of the truth file, all `ok`. */
export function extractionFrom(name: string, override: Record<string, Partial<Cell>> = {}): Extraction {
  const t = truth(name)
  const cells: Record<string, Cell> = {}
  for (const [k, value] of Object.entries(t.cells)) {
    cells[k] = { value, status: value === null ? 'missing' : 'ok', ...override[k] } as Cell
  }
  return { file: name, form: 'txt', template: t.template, agency: t.agency, year: t.year, published: t.published, cells, checks: [], seconds: 0 }
}

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-store-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}
