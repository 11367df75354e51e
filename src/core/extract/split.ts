// Digits run together (`_flat` crawler dumps print 745 25 2 4 19 7 802 as 7452524197802): every
// way to cut them into a row's cells, without leading zeros, kept only if the row's own
// identities hold.
const LIMIT = 300000

export function digitSplits(digits: string, n: number, accept: (vals: number[]) => boolean): number[][] {
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
    for (let len = 1; len <= maxLen; len++) {
      if (len > 1 && digits[at] === '0') break
      if (len > 9) break
      parts.push(Number(digits.slice(at, at + len)))
      walk(at + len)
      parts.pop()
    }
  }
  walk(0)
  return out
}
