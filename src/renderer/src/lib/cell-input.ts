// What a reviewer may type into a cell. Counts are whole and never negative; 本年增/减 may be
// negative; amounts in 万元 may have decimals. Full-width digits and thousands separators, as a
// Chinese IME types them, are accepted. Empty means "not printed" (null).
import { splitCellKey, type CellKey } from '../../../shared/templates'
import type { MessageKey } from './i18n/zh-CN'

export type ParsedInput = { ok: true; value: number | null } | { ok: false; message: MessageKey }

const MAX = 1e12

export function parseCellInput(key: CellKey, text: string): ParsedInput {
  const normal = text
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[－—–]/g, '-')
    .replace(/[．。]/g, '.')
    .replace(/[,，\s]/g, '')
  if (normal === '') return { ok: true, value: null }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(normal)) return { ok: false, message: 'input.notNumber' }
  const value = Number(normal)
  if (!Number.isFinite(value) || Math.abs(value) > MAX) return { ok: false, message: 'input.tooLarge' }
  const { column } = splitCellKey(key)
  if (value < 0 && column !== 'change') return { ok: false, message: 'input.negative' }
  if (!Number.isInteger(value) && column !== 'amount') return { ok: false, message: 'input.fraction' }
  return { ok: true, value }
}
