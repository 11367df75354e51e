// Label normalisation for matching: traditional -> simplified, full -> half width, no spacing,
// punctuation or numbering. Offsets are never taken from normalised text.
import { Converter } from 'opencc-js/t2cn'

let t2s: ((s: string) => string) | null = null
// Characters only traditional-script reports use; their absence spares the (slow) converter.
const TRADITIONAL = /[個傳價優內劾動務勞區員單圍園執報學審專屆屬廢廣廳彈後復徹據數於書會條業標機檔權決況準濟為獲現環產當療發監確稅穩節範糾納結統經網縣總繳續義聯與舉華藝處號術衛補製複規覽計訊記訟訪訴認請議護讀財貫買費貿資質購較輸辦農這運過達違鄉醫錄鎮門開閱關險電響頁項題類館體點]/
const cache = new Map<string, string>()

/** Whether a text uses traditional script at all: decides once whether its pieces need converting. */
export function hasTraditional(s: string): boolean {
  return TRADITIONAL.test(s)
}

export function toSimplified(s: string, force = false): string {
  if (!force && !TRADITIONAL.test(s)) return s
  t2s ??= Converter({ from: 't', to: 'cn' })
  return t2s(s)
}

/** Full-width ASCII (digits, letters, punctuation) to half width; same length, so offsets hold. */
export function halfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ')
}

// A sub-table heading a PDF line merged into the row label before it (行政许可第二十条第（六）项).
const ITEM_HEADING = /第二十条第\([一二三四五六七八九十]{1,3}\)项/g
const NUMBERING = /[(（]?[一二三四五六七八九十]{1,3}[)）、]|[(（][一二三四五六七八九十]{1,3}|\d{1,2}\s*[.．、]/g

/** The CJK letters of a label, simplified, with numbering like 一、（三）2. removed. */
export function normLabel(s: string): string {
  let out = cache.get(s)
  if (out === undefined) {
    out = toSimplified(halfWidth(s)).replace(/\s+/g, '').replace(ITEM_HEADING, '').replace(NUMBERING, '').replace(/[^\u4e00-\u9fff]/g, '')
    if (cache.size > 20000) cache.clear()
    cache.set(s, out)
  }
  return out
}

/** A string as a multiset of its characters: sorted UTF-16 codes, compared without allocating. */
export type Bag = Uint16Array

const bags = new Map<string, Bag>()

export function bag(s: string): Bag {
  let b = bags.get(s)
  if (!b) {
    b = new Uint16Array(s.length)
    for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i)
    b.sort()
    if (bags.size > 20000) bags.clear()
    bags.set(s, b)
  }
  return b
}

/** Dice coefficient over character multisets: robust to typos, dropped and moved characters. */
export function bagSimilarity(a: Bag, b: Bag): number {
  const la = a.length
  const lb = b.length
  // Dice cannot reach 0.5 when one side is three times longer: skip the walk.
  if (!la || !lb || la > 3 * lb || lb > 3 * la) return 0
  let i = 0
  let j = 0
  let common = 0
  while (i < la && j < lb) {
    const x = a[i] as number
    const y = b[j] as number
    if (x === y) {
      common++
      i++
      j++
    } else if (x < y) i++
    else j++
  }
  return (2 * common) / (la + lb)
}

export function similarity(a: string, b: string): number {
  return bagSimilarity(bag(a), bag(b))
}
