// Label normalisation for matching: traditional -> simplified, full -> half width, no spacing,
// punctuation or numbering. Offsets are never taken from normalised text.
import { Converter } from 'opencc-js/t2cn'

let t2s: ((s: string) => string) | null = null
// Characters only traditional-script reports use; their absence spares the (slow) converter.
const TRADITIONAL = /[個傳價優內劾動務勞區員單圍園執報學審專屆屬廢廣廳彈後復徹據數於書會條業標機檔權決況準濟為獲現環產當療發監確禁稅穩節範糾納結統經網縣總繳續義聯育與舉華藝處號術衛補製複規覽計訊記訟訪訴認請議護讀財貫買費貿資質購較輸辦農這運過達違鄉醫錄鎮門開閱關險電響頁項題類館體點]/
const cache = new Map<string, string>()

export function toSimplified(s: string, force = false): string {
  if (!force && !TRADITIONAL.test(s)) return s
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
