// A cell as reconstruction leaves it, before inference and checks.
import type { CellKey } from '../../shared/templates'

export interface Draft {
  value: number | null
  status: 'ok' | 'check' | 'missing'
  raw?: string
  start?: number
  end?: number
  reason?: string
}

/** A row whose values could sit in more than one way: dropped cells, or digits run together. */
export interface Ambiguous {
  keys: CellKey[]
  candidates: (number | null)[][]
  /** `flat`: every candidate is a split of printed digits, so some candidate is what was printed. */
  kind: 'dropped' | 'flat'
  raw: string
  start: number
  end: number
}

export type Drafts = Map<CellKey, Draft>
