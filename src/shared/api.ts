// The one API contract: an input schema per method (validated where calls enter main, browser
// mode and the CLI) and an output type. Transports loop over API_METHODS; only
// core/api/handlers.ts knows what a method does.
import * as v from 'valibot'
import type { ApiMethod } from './api-methods'
import type { Cell, CellSource, CheckResult, DocForm, ExtractedStatus } from './cells'
import type { OcrWord } from './ocr'
import type { AppError, Result } from './result'
import { TEMPLATE_IDS, type CellKey, type TemplateId } from './templates'

const id = v.pipe(v.number(), v.integer(), v.minValue(1))
const cellKeySchema = v.pipe(v.string(), v.regex(/^[a-z0-9_]+\/[a-z0-9_]+\/[a-z0-9_]+$/, '格式应为 表/行/列'))
const templateSchema = v.picklist(TEMPLATE_IDS)
const shortText = v.pipe(v.string(), v.maxLength(2000))
const bytes = v.instance(Uint8Array)

export const DOCUMENT_STATUSES = ['imported', 'extracting', 'extracted', 'in_review', 'reviewed', 'failed'] as const
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number]

export const documentFilterSchema = v.object({
  search: v.optional(shortText),
  status: v.optional(v.array(v.picklist(DOCUMENT_STATUSES))),
  years: v.optional(v.array(v.pipe(v.number(), v.integer()))),
  template: v.optional(templateSchema),
  ids: v.optional(v.array(id))
})
export type DocumentFilter = v.InferOutput<typeof documentFilterSchema>

export const EXPORT_FORMATS = ['csv', 'csv-wide', 'xlsx', 'json'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export const inputSchemas = {
  listDocuments: v.object({
    filter: v.optional(documentFilterSchema),
    /** 'recent' (default): newest import first; 'attention': most failing checks, then most cells to check. */
    order: v.optional(v.picklist(['recent', 'attention'])),
    /** A page of the list (10,000 reports need not cross the bridge at once); default: all. */
    limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    offset: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)))
  }),
  importFiles: v.object({
    files: v.pipe(
      v.array(v.object({ name: v.pipe(v.string(), v.minLength(1), v.maxLength(1000)), data: bytes })),
      v.minLength(1)
    )
  }),
  importPaths: v.object({ paths: v.pipe(v.array(v.pipe(v.string(), v.minLength(1))), v.minLength(1)) }),
  getDocument: v.object({ id }),
  getSource: v.object({ id }),
  /** The OCR words of a report's scanned pages: one page, or all without `page`. */
  getWords: v.object({ id, page: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))) }),
  deleteDocument: v.object({ id }),
  correctCell: v.object({
    documentId: id,
    key: cellKeySchema,
    value: v.nullable(v.pipe(v.number(), v.finite())),
    note: v.optional(shortText)
  }),
  confirmCells: v.object({ documentId: id, keys: v.pipe(v.array(cellKeySchema), v.minLength(1)) }),
  confirmTable: v.object({ documentId: id, table: v.pipe(v.string(), v.regex(/^[a-z0-9_]+$/)) }),
  undo: v.object({ documentId: id }),
  redo: v.object({ documentId: id }),
  setMetadata: v.object({
    documentId: id,
    field: v.picklist(['agency', 'year', 'template', 'published']),
    value: v.nullable(v.union([shortText, v.pipe(v.number(), v.integer())]))
  }),
  markReviewed: v.object({ documentId: id, overrideNote: v.optional(v.pipe(shortText, v.minLength(1))) }),
  reextract: v.object({ documentId: id }),
  listJobs: v.object({}),
  cancelJob: v.object({ id }),
  exportDataset: v.object({
    format: v.picklist(EXPORT_FORMATS),
    filter: v.optional(documentFilterSchema),
    /** Write to this path (Electron save dialog, CLI); without it the file comes back as bytes. */
    path: v.optional(v.pipe(v.string(), v.minLength(1)))
  }),
  getSettings: v.object({}),
  setSettings: v.object({
    reviewer: v.optional(v.pipe(v.string(), v.maxLength(100))),
    locale: v.optional(v.picklist(['zh-CN', 'en']))
  })
} satisfies Record<ApiMethod, v.GenericSchema>

export type ApiInput<M extends ApiMethod> = v.InferInput<(typeof inputSchemas)[M]>

export interface DocumentSummary {
  id: number
  name: string
  size: number
  sha256: string
  form: DocForm | null
  pages: number | null
  importedAt: string
  updatedAt: string
  status: DocumentStatus
  agency: string | null
  year: number | null
  template: TemplateId | null
  /** Cells whose effective status is check (or a second look after re-extraction). */
  toCheck: number
  failingChecks: number
  error: AppError | null
}

export interface CellView extends Cell {
  /** What the extractor said, before any reviewer action. */
  extracted: { value: number | null; status: ExtractedStatus }
  correction?: { by: string; at: string; note?: string }
  /** A newer extraction disagrees with this cell's correction. */
  secondLook?: boolean
}

export interface CrossCheck {
  rule: string
  message: string
  otherDocumentId: number
  cells: CellKey[]
}

export interface DocumentDetail extends DocumentSummary {
  published: string | null
  engineVersion: string | null
  cells: Record<CellKey, CellView>
  checks: CheckResult[]
  crossChecks: CrossCheck[]
  canUndo: boolean
  canRedo: boolean
  reviewNote: string | null
}

export interface SourceView {
  id: number
  name: string
  form: DocForm | null
  /** The original bytes (PDF, image) for the source pane to draw. */
  data: Uint8Array
  /** The text the extractor read (offsets in cell sources index into it). */
  text: string | null
  /** OCR or text-layer boxes per page, for highlighting: [start, end) into text. */
  spans: { start: number; end: number; page: number; bbox: [number, number, number, number]; confidence?: number }[]
}

export interface ImportOutcome {
  name: string
  outcome: 'imported' | 'duplicate' | 'failed'
  documentId?: number
  error?: AppError
}

export interface JobView {
  id: number
  kind: 'import' | 'extract' | 'export'
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled'
  done: number
  total: number
  label: string | null
  createdAt: string
  failures: { name: string; error: AppError }[]
}

export interface Settings {
  reviewer: string
  locale: 'zh-CN' | 'en'
}

export interface ApiOutputs {
  listDocuments: DocumentSummary[]
  importFiles: { outcomes: ImportOutcome[]; jobId: number | null }
  importPaths: { jobId: number }
  getDocument: DocumentDetail
  getSource: SourceView
  getWords: OcrWord[]
  deleteDocument: { deleted: boolean }
  correctCell: DocumentDetail
  confirmCells: DocumentDetail
  confirmTable: DocumentDetail
  undo: DocumentDetail
  redo: DocumentDetail
  setMetadata: DocumentDetail
  markReviewed: DocumentDetail
  reextract: { jobId: number }
  listJobs: JobView[]
  cancelJob: JobView
  exportDataset: { name: string; count: number; path?: string; data?: Uint8Array }
  getSettings: Settings
  setSettings: Settings
}

/** The API as the renderer sees it: every method resolves to a Result, never throws for expected errors. */
export type Api = { [M in ApiMethod]: (input: ApiInput<M>) => Promise<Result<ApiOutputs[M]>> }

/** Events pushed from core to the renderer (job progress, library changes). */
export type ApiEvent =
  | { type: 'job'; job: JobView }
  | { type: 'documents-changed'; ids: number[] }
  /** The Electron menu asks the page to open one of its dialogs. */
  | { type: 'command'; name: 'export' }

export type { CellSource, OcrWord }
