// Digits run together (`_flat` crawler dumps print 745 25 2 4 19 7 802 as 7452524197802): every
// way to cut them into a row's cells, without leading zeros, kept only if the row's own
// identities hold.
const LIMIT = 300000

/**
 * `run` may hold signs (行政许可200+90 is 200 | +9 | 0): a sign always starts a cell; and one
 * decimal fraction at its end (政府集中采购4115.51万元), which belongs to the last cell.
 */
export function digitSplits(
  run: string,
  n: number,
  accept: (vals: number[]) => boolean,
  signedCols: Set<number> = new Set()
): number[][] {
  const signs = new Map<number, number>()
  let digits = ''
  const [whole = '', frac] = run.replace(/,/g, '').replace(/万元$/, '').split('.')
  if (frac !== undefined && !/^\d+$/.test(frac)) return []
  for (const ch of whole) {
    if (ch === '+' || ch === '-') signs.set(digits.length, ch === '-' ? -1 : 1)
    else digits += ch
  }
  if (!/^\d+$/.test(digits) || n < 1 || digits.length < n) return []
  const out: number[][] = []
  let visited = 0
  const parts: number[] = []
  const walk = (at: number): void => {
    if (visited++ > LIMIT) return
    const left = n - parts.length
    if (left === 0) {
      if (at === digits.length && accept(parts)) out.push([...parts])
      return
    }
    const rest = digits.length - at
    const maxLen = left === 1 ? rest : rest - (left - 1)
    for (let len = 1; len <= maxLen && len <= 9; len++) {
      if (len > 1 && (digits[at] === '0' || signs.has(at + len - 1))) break
      // A printed sign belongs to a column that can be negative (本年增/减).
      if (signs.has(at) && !signedCols.has(parts.length)) break
      const cell = digits.slice(at, at + len) + (left === 1 && frac ? `.${frac}` : '')
      parts.push((signs.get(at) ?? 1) * Number(cell))
      walk(at + len)
      parts.pop()
    }
  }
  walk(0)
  return out
}
