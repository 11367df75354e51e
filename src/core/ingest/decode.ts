// Text decoding for reports saved by Chinese offices: UTF-8 (±BOM), GB18030/GBK, Big5, UTF-16.
// The encoding is detected from the bytes, never assumed from the file name.
import { NianbaoError } from '../errors'

// Characters every report repeats, simplified and traditional forms, to tell GB18030 from Big5.
const REPORT_CHARS = new Set(
  '的政府信息公开開申请請年度报報告告处處理办辦结結果数數量本机機关關条條例工作情况況行复復议議诉訴讼訟不予其他总總计計'
)

function tryDecode(label: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

/** NUL bytes at one parity mark UTF-16 without a BOM (ASCII digits, tabs and newlines). */
function utf16Parity(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 8192) & ~1
  if (n < 4) return null
  let even = 0
  let odd = 0
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++
    if (bytes[i + 1] === 0) odd++
  }
  const pairs = n / 2
  // CJK code points like U+4E00 (一) have a zero low byte too, so compare the parities.
  if (odd > pairs * 0.05 && even * 4 < odd) return 'utf-16le'
  if (even > pairs * 0.05 && odd * 4 < even) return 'utf-16be'
  return null
}

function reportScore(text: string): number {
  let score = 0
  for (const ch of text) if (REPORT_CHARS.has(ch)) score++
  return score
}

/** Control characters other than whitespace betray a binary file decoded as text. */
function looksBinary(text: string): boolean {
  let bad = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) bad++
  }
  return bad > Math.max(2, text.length * 0.002)
}

export interface Decoded {
  text: string
  encoding: string
}

/** Decodes text bytes; throws `empty-file` or `undecodable` naming the file. */
export function decodeText(bytes: Uint8Array, name: string, declared?: string): Decoded {
  if (bytes.length === 0) throw new NianbaoError('empty-file', '文件为空', name)
  const done = (text: string, encoding: string): Decoded => {
    const body = text.replace(/^\uFEFF/, '')
    if (!body.trim()) throw new NianbaoError('empty-file', '文件没有文字内容', name)
    if (looksBinary(body)) throw new NianbaoError('undecodable', '无法识别文件的文字编码（像是二进制文件）', name)
    return { text: body, encoding }
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const t = tryDecode('utf-8', bytes.subarray(3))
    if (t !== null) return done(t, 'utf-8-sig')
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const t = tryDecode('utf-16le', bytes.subarray(2))
    if (t !== null) return done(t, 'utf-16le')
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const t = tryDecode('utf-16be', bytes.subarray(2))
    if (t !== null) return done(t, 'utf-16be')
  }
  const parity = utf16Parity(bytes)
  if (parity) {
    const t = tryDecode(parity, bytes)
    if (t !== null) return done(t, parity)
  }
  const utf8 = tryDecode('utf-8', bytes)
  if (utf8 !== null) return done(utf8, 'utf-8')
  // A declared legacy charset (HTML meta) is a hint; gb2312/gbk pages are often GB18030 bytes.
  const candidates = ['gb18030', 'big5']
  if (declared && /big5/i.test(declared)) candidates.reverse()
  let best: Decoded | null = null
  let bestScore = -1
  for (const label of candidates) {
    const t = tryDecode(label, bytes)
    if (t === null) continue
    const s = reportScore(t)
    if (s > bestScore) {
      best = { text: t, encoding: label }
      bestScore = s
    }
  }
  if (best && bestScore > 0) return done(best.text, best.encoding)
  throw new NianbaoError('undecodable', '无法识别文件的文字编码', name)
}
