import type { CellKey, TemplateId } from './templates'

/** Statuses an extraction gives; `corrected`/`confirmed` come only from a reviewer. */
export const EXTRACTED_STATUSES = ['ok', 'check', 'missing', 'inferred'] as const
export const CELL_STATUSES = [...EXTRACTED_STATUSES, 'corrected', 'confirmed'] as const
export type ExtractedStatus = (typeof EXTRACTED_STATUSES)[number]
export type CellStatus = (typeof CELL_STATUSES)[number]

export const DOC_FORMS = ['txt', 'html', 'docx', 'pdf-text', 'pdf-scan', 'image'] as const
export type DocForm = (typeof DOC_FORMS)[number]

/** Where a value came from: a box on a page (PDF, image) or a range of the source text. */
export type CellSource =
  | { page: number; bbox: [number, number, number, number] }
  | { offset: [number, number] }

export interface Cell {
  value: number | null
  status: CellStatus
  raw?: string
  source?: CellSource
  /** Why the cell is not `ok`, in words for the reviewer. */
  reason?: string
}

/** A failing identity (勾稽关系), named and spelled out in words. */
export interface CheckResult {
  rule: string
  cells: CellKey[]
  message: string
  lhs: number
  rhs: number
}

/** The DESIGN.md extraction shape, printed by `cli extract --json`. */
export interface Extraction {
  file: string
  form: DocForm
  template: TemplateId
  agency: string | null
  year: number | null
  published: string | null
  cells: Record<CellKey, Cell>
  checks: CheckResult[]
  seconds: number
  pages?: number
}
