// HTML and Word tables become text lines in the `_grid` style every reader shares: one line per
// table row, one tab-separated field per grid slot, a merged cell's text in its top-left slot.

export interface GridCell {
  text: string
  colspan: number
  rowspan: number
}

/** Cell text on one line: whitespace collapsed, tabs and newlines gone (they delimit the grid). */
export function cellText(s: string): string {
  return s.replace(/[\s\u00a0]+/g, ' ').trim()
}

export function gridLines(rows: GridCell[][]): string[] {
  const taken: boolean[][] = []
  const out: string[][] = []
  rows.forEach((row, r) => {
    const line = (out[r] ??= [])
    const occ = (taken[r] ??= [])
    let c = 0
    for (const cell of row) {
      while (occ[c]) c++
      for (let dr = 0; dr < Math.max(1, cell.rowspan); dr++) {
        const o = (taken[r + dr] ??= [])
        for (let dc = 0; dc < Math.max(1, cell.colspan); dc++) o[c + dc] = true
      }
      line[c] = cell.text
      c += Math.max(1, cell.colspan)
    }
  })
  return out.map((line, r) => {
    const width = Math.max(line.length, taken[r]?.length ?? 0)
    return Array.from({ length: width }, (_, i) => line[i] ?? '').join('\t')
  })
}
