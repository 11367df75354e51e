/** An 8-bit grayscale page image (0 = black), row-major. */
export interface Gray {
  width: number
  height: number
  data: Uint8Array
}

/** pdf.js decoded image kinds: 1 = 1 bpp gray, 2 = RGB, 3 = RGBA. */
export function grayFromPdfImage(img: { width: number; height: number; kind: number; data: Uint8Array | Uint8ClampedArray }): Gray {
  const { width, height, kind, data } = img
  const out = new Uint8Array(width * height)
  if (kind === 1) {
    const rowBytes = (width + 7) >> 3
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) out[y * width + x] = (data[y * rowBytes + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 255 : 0
  } else {
    const n = kind === 3 ? 4 : 3
    for (let i = 0, j = 0; i < out.length; i++, j += n) out[i] = (data[j]! * 77 + data[j + 1]! * 150 + data[j + 2]! * 29) >> 8
  }
  return { width, height, data: out }
}

export function grayFromRgba(width: number, height: number, rgba: Uint8Array | Uint8ClampedArray): Gray {
  return grayFromPdfImage({ width, height, kind: 3, data: rgba })
}

/** Quarter turns clockwise. */
export function rotateQuarter(g: Gray, turns: number): Gray {
  const t = ((turns % 4) + 4) % 4
  if (t === 0) return g
  const { width: w, height: h, data } = g
  // A half turn is the pixels in reverse order.
  if (t === 2) return { width: w, height: h, data: data.slice().reverse() }
  const out = new Uint8Array(w * h)
  // Pixel (x, y) goes to (h - 1 - y, x) turning clockwise, to (y, w - 1 - x) turning back.
  if (t === 1) for (let y = 0; y < h; y++) for (let x = 0, i = y * w; x < w; x++, i++) out[x * h + (h - 1 - y)] = data[i]!
  else for (let y = 0; y < h; y++) for (let x = 0, i = y * w; x < w; x++, i++) out[(w - 1 - x) * h + y] = data[i]!
  return { width: h, height: w, data: out }
}

/** Rotates by a small angle (degrees, clockwise positive) about the centre; bilinear, white fill. */
export function rotateSmall(g: Gray, degrees: number): Gray {
  if (Math.abs(degrees) < 0.05) return g
  const { width: w, height: h } = g
  const a = (degrees * Math.PI) / 180
  const cos = Math.cos(a), sin = Math.sin(a)
  const cx = w / 2, cy = h / 2
  const out = new Uint8Array(w * h)
  for (let y = 0; y < h; y++) {
    const dy = y - cy
    for (let x = 0; x < w; x++) {
      const dx = x - cx
      // Inverse map: where the output pixel came from.
      out[y * w + x] = bilinear(g, cos * dx + sin * dy + cx, -sin * dx + cos * dy + cy)
    }
  }
  return { width: w, height: h, data: out }
}

/** The gray level at a fractional position, interpolated from its four pixels; off the image is white paper. */
export function bilinear(g: Gray, sx: number, sy: number): number {
  const { width: w, height: h, data } = g
  const x0 = Math.floor(sx), y0 = Math.floor(sy)
  if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) return 255
  const fx = sx - x0, fy = sy - y0
  const i = y0 * w + x0
  const top = data[i]! * (1 - fx) + data[i + 1]! * fx
  const bot = data[i + w]! * (1 - fx) + data[i + w + 1]! * fx
  return top * (1 - fy) + bot * fy
}

/**
 * Ink mask by a local threshold (window mean minus a margin): survives paper tone, JPEG noise and
 * the uneven light of phone photos, where one global threshold loses faint rules.
 */
export function binarize(g: Gray): Uint8Array {
  const { width: w, height: h, data } = g
  const r = Math.max(8, Math.round(Math.min(w, h) / 50))
  const xa = new Int32Array(w)
  const xb = new Int32Array(w)
  for (let x = 0; x < w; x++) {
    xa[x] = Math.max(0, x - r)
    xb[x] = Math.min(w, x + r + 1)
  }
  // Each column's sum over the window's rows, slid down the page, and their running sum along
  // the row: a window's sum in two lookups, without a whole-page integral image to fill.
  const col = new Int32Array(w)
  const run = new Int32Array(w + 1)
  const none = new Uint8Array(w)
  for (let y = 0; y < Math.min(h, r); y++) for (let x = 0, i = y * w; x < w; x++, i++) col[x]! += data[i]!
  const ink = new Uint8Array(w * h)
  for (let y = 0; y < h; y++) {
    // Rows y - r to y + r: row y + r comes in, row y - r - 1 goes out (none past the edges).
    const enter = y + r < h ? data.subarray((y + r) * w, (y + r + 1) * w) : none
    const leave = y > r ? data.subarray((y - r - 1) * w, (y - r) * w) : none
    for (let x = 0, sum = 0; x < w; x++) {
      const c = col[x]! + enter[x]! - leave[x]!
      col[x] = c
      run[x + 1] = sum += c
    }
    const rows = Math.min(h, y + r + 1) - Math.max(0, y - r)
    for (let x = 0, i = y * w; x < w; x++, i++) {
      const v = data[i]!
      if (v >= 200) continue
      const a = xa[x]!, b = xb[x]!
      // v < mean - 18, in integers.
      if ((v + 18) * rows * (b - a) < run[b]! - run[a]!) ink[i] = 1
    }
  }
  return ink
}

/**
 * Skew in degrees (clockwise positive) by the projection profile: rows of text and table rules
 * give the sharpest horizontal profile when sheared back by the true angle.
 */
export function estimateSkew(ink: Uint8Array, w: number, h: number, maxDeg = 2): number {
  // Every row, every third column: sampling rows would favour 0° (all samples on even bins).
  // Samples are kept by column, as one shear moves a column's samples by one whole number of rows.
  const cols = Math.ceil(w / 3)
  const colStart = new Int32Array(cols + 1)
  for (let y = 0; y < h; y++) for (let x = 0, c = 1; x < w; x += 3, c++) if (ink[y * w + x]) colStart[c]!++
  for (let c = 0; c < cols; c++) colStart[c + 1]! += colStart[c]!
  const ys = new Int32Array(colStart[cols]!)
  const fill = colStart.slice(0, cols)
  for (let y = 0; y < h; y++) for (let x = 0, c = 0; x < w; x += 3, c++) if (ink[y * w + x]) ys[fill[c]!++] = y
  const bins = h * 2
  const hist = new Int32Array(bins)
  const score = (deg: number): number => {
    const t = Math.tan((deg * Math.PI) / 180)
    hist.fill(0)
    for (let c = 0; c < cols; c++) {
      // Math.round(y - x·t) for a whole y is y + Math.round(-x·t).
      const shift = Math.round(-c * 3 * t) + (h >> 1)
      const from = colStart[c]!, to = colStart[c + 1]!
      if (shift >= 0 && shift + h <= bins) for (let i = from; i < to; i++) hist[ys[i]! + shift]!++
      else
        for (let i = from; i < to; i++) {
          const yy = ys[i]! + shift
          if (yy >= 0 && yy < bins) hist[yy]!++
        }
    }
    let sum = 0
    for (let i = 0; i < bins; i++) sum += hist[i]! * hist[i]!
    return sum
  }
  const search = (from: number, to: number, step: number): number => {
    let best = from
    let bestScore = -1
    for (let deg = from; deg <= to + 1e-9; deg += step) {
      const sc = score(deg)
      if (sc > bestScore) {
        bestScore = sc
        best = deg
      }
    }
    return best
  }
  const coarse = search(-maxDeg, maxDeg, 0.1)
  return Math.round(search(coarse - 0.1, coarse + 0.1, 0.02) * 100) / 100
}

/** A run of ink along one axis: rows give horizontal rules, columns vertical ones. */
export interface Rule {
  at: number
  from: number
  to: number
}

/**
 * Table rules: ink runs longer than minLen along rows (horizontal) or columns (vertical),
 * bridging gaps of a few pixels (JPEG noise, faint print), grouped over adjacent scanlines.
 */
export function findRules(ink: Uint8Array, w: number, h: number, horizontal: boolean, minLen: number): Rule[] {
  const lines = horizontal ? h : w
  const len = horizontal ? w : h
  // Ink read in place along either axis: `line` steps by `ls`, a position along it by `ps`.
  const ls = horizontal ? w : 1
  const ps = horizontal ? 1 : w
  const raw: Rule[] = []
  for (let line = 0; line < lines; line++) {
    const base = line * ls
    // Here no run is open and the 4 positions before i hold no ink.
    for (let i = 0; i < len; ) {
      // A run of at least minLen that starts from i on reaches the probe, so ink lies in the
      // probe's last four positions (its gaps are at most 3); without, the whole stretch is passed over.
      const probe = i + minLen - 1
      if (probe >= len) break
      let inked = false
      for (let k = Math.max(i, probe - 3); k <= probe && !inked; k++) inked = ink[base + k * ps] === 1
      if (!inked) {
        i = probe + 1
        continue
      }
      // Pixel by pixel until a run closes (4 blank positions); one still open at the end is dropped.
      let start = -1
      let gap = 0
      let k = i
      for (; k <= len; k++) {
        if (k < len && ink[base + k * ps] === 1) {
          if (start < 0) start = k
          gap = 0
        } else if (start >= 0 && ++gap > 3) {
          const end = k - gap
          if (end - start >= minLen) raw.push({ at: line, from: start, to: end })
          break
        }
      }
      i = k + 1
    }
  }
  // Merge the scanlines of one thick rule. Runs come in scanline order: a rule whose last
  // scanline is over one line behind is finished, and no longer searched.
  const merged: (Rule & { n: number; last: number })[] = []
  let open: (Rule & { n: number; last: number })[] = []
  let openAt = -1
  for (const r of raw) {
    if (r.at !== openAt) {
      open = open.filter((q) => r.at - q.last <= 1)
      openAt = r.at
    }
    const m = open.find((q) => r.from < q.to && r.to > q.from)
    if (m) {
      m.at += r.at
      m.n++
      m.last = r.at
      m.from = Math.min(m.from, r.from)
      m.to = Math.max(m.to, r.to)
    } else {
      const q = { ...r, n: 1, last: r.at }
      merged.push(q)
      open.push(q)
    }
  }
  return merged.map((m) => ({ at: m.at / m.n, from: m.from, to: m.to }))
}

/**
 * A region, white-padded, as tesseract gets it. `scale` enlarges small print (bilinear): LSTM
 * models read best with glyphs 20-30 px high.
 */
export function crop(g: Gray, box: [number, number, number, number], pad = 0, scale = 1): Gray {
  const [x0, y0, x1, y1] = box.map(Math.round) as [number, number, number, number]
  const cw = Math.round((x1 - x0) * scale) + 2 * pad
  const ch = Math.round((y1 - y0) * scale) + 2 * pad
  const out = new Uint8Array(cw * ch).fill(255)
  for (let y = 0; y < ch - 2 * pad; y++) {
    const sy = Math.min(y1 - 1, y0 + y / scale)
    const iy = Math.floor(sy), fy = sy - iy
    const iy1 = Math.min(iy + 1, g.height - 1)
    const at = (y + pad) * cw + pad
    for (let x = 0; x < cw - 2 * pad; x++) {
      const sx = Math.min(x1 - 1, x0 + x / scale)
      const ix = Math.floor(sx), fx = sx - ix
      const ix1 = Math.min(ix + 1, g.width - 1)
      const d = g.data
      const top = d[iy * g.width + ix]! * (1 - fx) + d[iy * g.width + ix1]! * fx
      const bot = d[iy1 * g.width + ix]! * (1 - fx) + d[iy1 * g.width + ix1]! * fx
      out[at + x] = top * (1 - fy) + bot * fy
    }
  }
  return { width: cw, height: ch, data: out }
}

/** Netpbm P5 of an image: tesseract (leptonica) reads it as is, no encoder needed. */
export function pgm(g: Gray): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${g.width} ${g.height}\n255\n`)
  const out = new Uint8Array(header.length + g.data.length)
  out.set(header)
  out.set(g.data, header.length)
  return out
}

/** P5 of a region, white-padded and scaled as `crop`. */
export const toPgm = (g: Gray, box: [number, number, number, number], pad = 0, scale = 1): Uint8Array => pgm(crop(g, box, pad, scale))
