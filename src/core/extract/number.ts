// Numbers as reports print them: thousands separators, signs (+9, －3), full-width digits, units.
import { halfWidth } from './normalize'

export interface ParsedNumber {
  value: number
  /** True when the print gave 元 and the value was converted to 万元. */
  yuan: boolean
}

const NUM = /^([+\-−－]?)\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(万元|元|件|项|个|条|次)?$/

export function parseNumber(raw: string): ParsedNumber | null {
  const s = halfWidth(raw).trim()
  const m = NUM.exec(s)
  if (!m) return null
  const sign = m[1] && m[1] !== '+' ? -1 : 1
  let value = sign * Number.parseFloat((m[2] ?? '').replace(/,/g, '') + (m[3] ?? ''))
  const yuan = m[4] === '元'
  if (yuan) value = value / 10000
  return { value: Number.isFinite(value) ? round(value) : 0, yuan }
}

export function round(v: number): number {
  return Math.round(v * 1e6) / 1e6
}

/** Placeholders printed for "nothing": a dash or slash alone. */
export function isBlankMark(raw: string): boolean {
  return /^[\s\-—–－/／\\、]*$/.test(raw)
}
