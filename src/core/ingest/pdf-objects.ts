import { unzlibSync } from 'fflate'

/**
 * Just enough of a PDF's object syntax to find a scanned page's image stream in the file itself:
 * pdf.js decodes every image while listing a page's operators (a scan's JPEG in JavaScript, then
 * widened to RGB), where a native decoder reads it several times faster. Anything this reader
 * does not follow gives undefined, and the page goes the pdf.js way.
 */
export class Name {
  constructor(readonly name: string) {}
}
export class Ref {
  constructor(
    readonly num: number,
    readonly gen: number
  ) {}
}
class Keyword {
  constructor(readonly word: string) {}
}
export type PdfValue = number | boolean | null | string | Name | Ref | Keyword | PdfValue[] | Map<string, PdfValue>

/** A stream's dictionary and its bytes as stored (still encoded). */
export class PdfStream {
  constructor(
    readonly dict: Map<string, PdfValue>,
    readonly data: Uint8Array
  ) {}
}

const SPACE = new Set([0, 9, 10, 12, 13, 32])
const DELIMITER = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)))
const regular = (c: number | undefined): boolean => c !== undefined && !SPACE.has(c) && !DELIMITER.has(c)
const digit = (c: number | undefined): boolean => c !== undefined && c >= 48 && c <= 57

class Lexer {
  constructor(
    readonly b: Uint8Array,
    public at: number
  ) {}

  skipSpace(): void {
    for (;;) {
      const c = this.b[this.at]
      if (c === undefined) return
      if (SPACE.has(c)) this.at++
      else if (c === 37) while (this.at < this.b.length && this.b[this.at] !== 10 && this.b[this.at] !== 13) this.at++
      else return
    }
  }

  private word(): string {
    const from = this.at
    while (regular(this.b[this.at])) this.at++
    return String.fromCharCode(...this.b.subarray(from, this.at))
  }

  value(depth = 0): PdfValue {
    if (depth > 32) throw new Error('nested too deep')
    this.skipSpace()
    const b = this.b
    const c = b[this.at]
    if (c === undefined) throw new Error('end of file')
    if (c === 60 && b[this.at + 1] === 60) {
      this.at += 2
      const dict = new Map<string, PdfValue>()
      for (;;) {
        this.skipSpace()
        if (b[this.at] === 62 && b[this.at + 1] === 62) {
          this.at += 2
          return dict
        }
        const key = this.value(depth + 1)
        if (!(key instanceof Name)) throw new Error('dictionary key')
        dict.set(key.name, this.value(depth + 1))
      }
    }
    if (c === 91) {
      this.at++
      const list: PdfValue[] = []
      for (;;) {
        this.skipSpace()
        if (b[this.at] === 93) {
          this.at++
          return list
        }
        list.push(this.value(depth + 1))
      }
    }
    if (c === 47) {
      this.at++
      return new Name(this.word().replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))))
    }
    if (c === 60) {
      const end = b.indexOf(62, this.at)
      // Unclosed, it runs to the end of the file, as an unclosed string does.
      this.at = end < 0 ? b.length : end + 1
      if (end < 0) throw new Error('hex string')
      return ''
    }
    if (c === 40) {
      // Strings are skipped over, not read: nothing here needs their text.
      let nest = 0
      for (; this.at < b.length; this.at++) {
        const s = b[this.at]
        if (s === 92) this.at++
        else if (s === 40) nest++
        else if (s === 41 && --nest === 0) {
          this.at++
          return ''
        }
      }
      throw new Error('string')
    }
    const w = this.word()
    if (!w) throw new Error('unexpected byte')
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(w)) {
      // num gen R is a reference.
      const back = this.at
      if (/^\d+$/.test(w)) {
        this.skipSpace()
        if (digit(b[this.at])) {
          const gen = this.word()
          this.skipSpace()
          if (/^\d+$/.test(gen) && b[this.at] === 82 && !regular(b[this.at + 1])) {
            this.at++
            return new Ref(Number(w), Number(gen))
          }
        }
      }
      this.at = back
      return Number(w)
    }
    if (w === 'true' || w === 'false') return w === 'true'
    if (w === 'null') return null
    return new Keyword(w)
  }
}

interface ObjStm {
  nums: number[]
  offsets: number[]
  first: number
  data: Uint8Array
}

const HEADER = /(\d+)[ \t\r\n\f\0]+(\d+)[ \t\r\n\f\0]+obj\b/g

/**
 * The objects of a PDF, found by reading the file from the start (the last definition of a number
 * wins, as incremental updates append), objects packed in object streams included. Stream data
 * is stepped over by its length, so bytes inside an image are never taken for an object.
 */
export class PdfObjects {
  private readonly at = new Map<number, number>()
  private readonly packed = new Map<number, { stream: number; index: number }>()
  private readonly unpacked = new Map<number, ObjStm>()

  /** Whether the file names an encryption dictionary (its streams are then stored encrypted). */
  readonly encrypted: boolean

  constructor(private readonly b: Uint8Array) {
    const text = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1')
    this.encrypted = /\/Encrypt\b/.test(text)
    const streams: number[] = []
    const header = new RegExp(HEADER)
    // The next 'endobj' and 'stream' (-1: none left), searched again only once passed: headers are
    // found in file order, so a file without them is not searched to its end at every header.
    let end = 0
    let stream = 0
    for (let m = header.exec(text); m; m = header.exec(text)) {
      const num = Number(m[1])
      this.at.set(num, m.index)
      const body = m.index + m[0].length
      if (end >= 0 && end < body) end = text.indexOf('endobj', body)
      if (stream >= 0 && stream < body) stream = text.indexOf('stream', body)
      // Only a stream's dictionary is read here, for the length of data to step over.
      if (stream >= 0 && (end < 0 || stream < end)) {
        const lex = new Lexer(b, body)
        try {
          const dict = lex.value()
          const kw = dict instanceof Map ? lex.value() : undefined
          if (dict instanceof Map && kw instanceof Keyword && kw.word === 'stream') {
            const length = dict.get('Length')
            // A negative length would step back to this header, and read it again forever.
            const after = typeof length === 'number' && length >= 0 ? lex.at + length : text.indexOf('endstream', lex.at)
            if (after < 0) break
            header.lastIndex = after
            const type = dict.get('Type')
            if (type instanceof Name && type.name === 'ObjStm') streams.push(num)
            continue
          }
        } catch {
          // An object this reader cannot parse is looked up again only if a page needs it. Headers
          // within what it read (an unclosed string runs to the end) are not parsed again each.
          header.lastIndex = Math.max(end, lex.at)
          continue
        }
      }
      if (end >= 0) header.lastIndex = end
    }
    for (const s of streams)
      this.objStm(s)?.nums.forEach((num, index) => {
        if (!this.at.has(num)) this.packed.set(num, { stream: s, index })
      })
  }

  /** The value of an object (a stream as its dictionary and stored bytes), or undefined. */
  get(ref: Ref | number, depth = 0): PdfValue | PdfStream | undefined {
    const num = typeof ref === 'number' ? ref : ref.num
    try {
      const at = this.at.get(num)
      if (at !== undefined) {
        const lex = new Lexer(this.b, at)
        lex.value()
        lex.value()
        lex.value()
        const value = lex.value()
        if (!(value instanceof Map)) return value
        const kw = lex.value()
        if (!(kw instanceof Keyword) || kw.word !== 'stream') return value
        let start = lex.at
        if (this.b[start] === 13) start++
        if (this.b[start] === 10) start++
        let length = value.get('Length')
        if (length instanceof Ref && depth === 0) length = this.get(length, 1) as PdfValue
        if (typeof length !== 'number' || start + length > this.b.length) return undefined
        return new PdfStream(value, this.b.subarray(start, start + length))
      }
      const p = this.packed.get(num)
      const stm = p && this.objStm(p.stream)
      if (!p || !stm) return undefined
      return new Lexer(stm.data, stm.first + stm.offsets[p.index]!).value()
    } catch {
      return undefined
    }
  }

  /** A value, following a reference. */
  resolve(v: PdfValue | undefined): PdfValue | PdfStream | undefined {
    return v instanceof Ref ? this.get(v) : v
  }

  /** An object stream's objects: their numbers, and offsets from `first` in the inflated data. */
  private objStm(s: number): ObjStm | undefined {
    const known = this.unpacked.get(s)
    if (known) return known
    const stream = this.get(s)
    if (!(stream instanceof PdfStream)) return undefined
    const filter = stream.dict.get('Filter')
    if (stream.dict.has('DecodeParms') || !(filter instanceof Name) || filter.name !== 'FlateDecode') return undefined
    const n = stream.dict.get('N'), first = stream.dict.get('First')
    if (typeof n !== 'number' || typeof first !== 'number') return undefined
    // A corrupt stream (bad zlib data, fewer entries than N) holds nothing this reader follows:
    // the pages it would have given go the pdf.js way.
    try {
      const data = unzlibSync(stream.data)
      const lex = new Lexer(data, 0)
      const nums: number[] = []
      const offsets: number[] = []
      for (let i = 0; i < n; i++) {
        nums.push(lex.value() as number)
        offsets.push(lex.value() as number)
      }
      const stm = { nums, offsets, first, data }
      this.unpacked.set(s, stm)
      return stm
    } catch {
      return undefined
    }
  }
}
