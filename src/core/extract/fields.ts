// The source text as a stream of fields (text, number, empty slot) with their offsets, whatever
// the layout: tab grids, pipe cells, one cell per line, pdftotext -layout columns. Runs of number
// and empty fields form groups: the candidate value rows of the tables.
import { isBlankMark, parseNumber } from './number'

export type FieldKind = 'text' | 'num' | 'empty'

export interface Field {
  kind: FieldKind
  text: string
  start: number
  end: number
  value?: number
  /** Digits printed with no separator between cells (`_flat` dumps): to be split. */
  run?: boolean
}

export interface Group {
  slots: Field[]
  /** Index in `fields` of the group's first slot. */
  first: number
  last: number
}

function classify(text: string, start: number): Field {
  const lead = text.length - text.trimStart().length
  const t = text.trim()
  const s = start + lead
  const e = s + t.length
  if (!t || isBlankMark(t)) return { kind: 'empty', text: t, start: s, end: e }
  const n = parseNumber(t)
  if (n) return { kind: 'num', text: t, start: s, end: e, value: n.value }
  return { kind: 'text', text: t, start: s, end: e }
}

interface Piece {
  text: string
  start: number
}

function splitAt(line: string, at: number, sep: RegExp): Piece[] {
  const out: Piece[] = []
  let last = 0
  for (const m of line.matchAll(sep)) {
    out.push({ text: line.slice(last, m.index), start: at + last })
    last = (m.index ?? 0) + m[0].length
  }
  out.push({ text: line.slice(last), start: at + last })
  return out
}

/** A tab-grid line: trailing empty slots say nothing; leading ones matter only in a value row. */
function tabFields(line: string, at: number): Field[] {
  const fields = splitAt(line, at, /\t/g).map((p) => classify(p.text, p.start))
  while (fields.length && fields[fields.length - 1]?.kind === 'empty') fields.pop()
  const filled = fields.filter((f) => f.kind !== 'empty')
  const valueRow = filled.length >= 2 && filled.every((f) => f.kind === 'num')
  if (!valueRow) while (fields.length && fields[0]?.kind === 'empty') fields.shift()
  return fields
}

/** `text |` cells, one per line (seed 004); a line of pipes alone only closes a row. */
function pipeFields(line: string, at: number): Field[] | null {
  if (/^\s+\|\s*$/.test(line)) return [{ kind: 'empty', text: '', start: at, end: at }]
  const body = line.replace(/\|+\s*$/, '')
  if (!body.trim()) return []
  const lead = body.match(/^\s*\|/)?.[0].length ?? 0
  return splitAt(body.slice(lead), at + lead, /\|/g).map((p) => classify(p.text, p.start))
}

/**
 * A plain line (pdftotext, prose): whitespace-separated tokens; only the numbers ending the line
 * are values, so prose like "主动公开信息 97 条" yields none.
 */
function plainFields(line: string, at: number): Field[] {
  const tokens = splitAt(line, at, /[ \u3000]+/g).filter((p) => p.text)
  // A unit printed apart from its number ("13.7 万元") belongs to it.
  const merged: Piece[] = []
  for (const t of tokens) {
    const prev = merged[merged.length - 1]
    if (prev && /^(万元|元)$/.test(t.text) && parseNumber(prev.text)) {
      prev.text = line.slice(prev.start - at, t.start - at + t.text.length)
    } else merged.push({ ...t })
  }
  let tail = merged.length
  while (tail > 0) {
    const t = merged[tail - 1]
    if (!t || !parseNumber(t.text)) break
    tail--
  }
  const out: Field[] = []
  if (tail > 0) {
    const first = merged[0]
    const lastText = merged[tail - 1]
    if (first && lastText) {
      const text = line.slice(first.start - at, lastText.start - at + lastText.text.length)
      out.push({ kind: 'text', text, start: first.start, end: first.start + text.length })
    }
  }
  for (const t of merged.slice(tail)) out.push(classify(t.text, t.start))
  return out
}

export interface FieldStream {
  fields: Field[]
  groups: Group[]
}

export function fieldStream(text: string): FieldStream {
  const fields: Field[] = []
  const groups: Group[] = []
  let open: Group | null = null
  let at = 0
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '')
    let lineFields: Field[]
    let pipeLine = false
    if (line.includes('\t')) lineFields = tabFields(line, at)
    else if (/\|\s*$/.test(line)) {
      lineFields = pipeFields(line, at) ?? []
      pipeLine = true
    } else lineFields = line.trim() ? plainFields(line, at) : []
    at += raw.length + 1
    let added = 0
    for (const f of lineFields) {
      const idx = fields.length
      fields.push(f)
      if (f.kind === 'text') {
        open = null
        continue
      }
      if (!open) {
        open = { slots: [], first: idx, last: idx }
        groups.push(open)
      }
      open.slots.push(f)
      open.last = idx
      added++
    }
    // A line holding several values is a whole table row; single values (one cell per line) run on.
    if (added >= 2 && !pipeLine) open = null
    if (pipeLine && /^\s*\|\|+\s*$/.test(line)) open = null
  }
  return { fields, groups: groups.filter((g) => g.slots.some((s) => s.kind === 'num')) }
}

// Numbering that opens a label: （一） 一、 and the 1. whose digit touches the previous row's values.
const LABEL_START = /[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、/g

/**
 * Crawler text where cells run together with no separator: digit runs are value groups, the
 * text between them labels. A run's last digit followed by "." is the next row's numbering.
 */
export function flatStream(text: string): FieldStream {
  const fields: Field[] = []
  const groups: Group[] = []
  const pushText = (from: number, to: number): void => {
    const piece = text.slice(from, to)
    let last = 0
    for (const m of piece.matchAll(LABEL_START)) {
      if ((m.index ?? 0) > last) fields.push(classify(piece.slice(last, m.index), from + last))
      last = m.index ?? 0
    }
    if (piece.length > last) fields.push(classify(piece.slice(last), from + last))
  }
  let at = 0
  for (const m of text.matchAll(/[+-]?\d[\d,]*(?:[+-]\d+)*(?:\.\d+)?(?:万元|元)?/g)) {
    const start = m.index ?? 0
    let run = m[0]
    const next = text[start + run.length] ?? ''
    const after = text[start + run.length + 1] ?? ''
    let numbering = 0
    if (/[.．、]/.test(next) && !/\d/.test(after) && /^\d+$/.test(run)) numbering = 1
    if (run.length - numbering <= 0) continue
    const end = start + run.length - numbering
    run = text.slice(start, end)
    const prev = text[start - 1] ?? ''
    // Digits inside words (2021年, 第711号) are prose, not cells.
    if (/[年月日号件条次个人项名篇期天]/.test(text[end] ?? '') || prev === '第') continue
    if (start > at) pushText(at, start)
    const value = run.replace(/^[+-]/, '').replace(/万元$/, '')
    const f: Field =
      /^\d[\d+-]*(\.\d+)?$/.test(value) && value.replace(/[+-]|\.\d+$/g, '').length > 1
        ? { kind: 'num', text: run, start, end, run: true, value: parseNumber(run)?.value ?? 0 }
        : classify(run, start)
    const idx = fields.length
    fields.push(f)
    if (f.kind === 'num') groups.push({ slots: [f], first: idx, last: idx })
    at = end
  }
  if (text.length > at) pushText(at, text.length)
  return { fields, groups }
}
