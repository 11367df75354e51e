// Label normalisation for matching: traditional -> simplified, full -> half width, no spacing,
// punctuation or numbering. Offsets are never taken from normalised text.
import { Converter } from 'opencc-js/t2cn'

let t2s: ((s: string) => string) | null = null
// Characters only traditional-script reports use; their absence spares the (slow) converter.
const TRADITIONAL = /[於後開請數結處辦報計與關機條資訊執複議訴訟認這個經過節點統類總審]/
const cache = new Map<string, string>()

export function toSimplified(s: string): string {
  if (!TRADITIONAL.test(s)) return s
  t2s ??= Converter({ from: 't', to: 'cn' })
  return t2s(s)
}

/** Full-width ASCII (digits, letters, punctuation) to half width; same length, so offsets hold. */
export function halfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ')
}

const NUMBERING = /[(（]?[一二三四五六七八九十]{1,3}[)）、]|[(（][一二三四五六七八九十]{1,3}|\d{1,2}\s*[.．、]/g

/** The CJK letters of a label, simplified, with numbering like 一、（三）2. removed. */
export function normLabel(s: string): string {
  let out = cache.get(s)
  if (out === undefined) {
    out = toSimplified(halfWidth(s)).replace(/\s+/g, '').replace(NUMBERING, '').replace(/[^\u4e00-\u9fff]/g, '')
    if (cache.size > 20000) cache.clear()
    cache.set(s, out)
  }
  return out
}

function counts(s: string): Map<string, number> {
  const m = new Map<string, number>()
  for (const ch of s) m.set(ch, (m.get(ch) ?? 0) + 1)
  return m
}

/** Dice coefficient over character multisets: robust to typos, dropped and moved characters. */
export function similarity(a: string, b: string): number {
  if (!a || !b) return 0
  const ca = counts(a)
  let common = 0
  for (const ch of b) {
    const n = ca.get(ch)
    if (n) {
      common++
      ca.set(ch, n - 1)
    }
  }
  return (2 * common) / (a.length + b.length)
}
