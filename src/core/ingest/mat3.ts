// 3×3 matrices for plane homographies: points and lines in homogeneous coordinates.

export type Vec3 = [number, number, number]
export type Mat3 = [Vec3, Vec3, Vec3]

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
}

export function mul(a: Mat3, b: Mat3): Mat3 {
  return a.map((row) => [0, 1, 2].map((k) => row[0] * b[0][k]! + row[1] * b[1][k]! + row[2] * b[2][k]!)) as Mat3
}

export function inverse(m: Mat3): Mat3 {
  const [[a, b, c], [d, e, f], [g, h, i]] = m
  const A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g
  const det = a * A + b * B + c * C
  return [
    [A / det, -(b * i - c * h) / det, (b * f - c * e) / det],
    [B / det, (a * i - c * g) / det, -(a * f - c * d) / det],
    [C / det, -(a * h - b * g) / det, (a * e - b * d) / det]
  ]
}

/** The point a homography maps `p` to. */
export function apply(m: Mat3, p: [number, number]): [number, number] {
  const z = m[2][0] * p[0] + m[2][1] * p[1] + m[2][2]
  return [(m[0][0] * p[0] + m[0][1] * p[1] + m[0][2]) / z, (m[1][0] * p[0] + m[1][1] * p[1] + m[1][2]) / z]
}

/** Jacobi rotations on a symmetric 3×3 matrix; the eigenvector of its smallest eigenvalue. */
export function smallestEigenvector(m: Mat3): Vec3 {
  // Row-major flat copies: a is diagonalised in place, v collects the rotations.
  const a = Float64Array.from(m.flat())
  const v = Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1])
  const rotate = (x: Float64Array, i: number, j: number, cs: number, sn: number): void => {
    const xi = x[i]!, xj = x[j]!
    x[i] = cs * xi - sn * xj
    x[j] = sn * xi + cs * xj
  }
  for (let sweep = 0; sweep < 50; sweep++) {
    if (a[1]! ** 2 + a[2]! ** 2 + a[5]! ** 2 < 1e-30) break
    for (const [p, q] of [
      [0, 1],
      [0, 2],
      [1, 2]
    ] as const) {
      const apq = a[p * 3 + q]!
      if (Math.abs(apq) < 1e-300) continue
      const theta = (a[q * 3 + q]! - a[p * 3 + p]!) / (2 * apq)
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
      const cs = 1 / Math.sqrt(t * t + 1), sn = t * cs
      for (let k = 0; k < 3; k++) rotate(a, k * 3 + p, k * 3 + q, cs, sn)
      for (let k = 0; k < 3; k++) rotate(a, p * 3 + k, q * 3 + k, cs, sn)
      for (let k = 0; k < 3; k++) rotate(v, k * 3 + p, k * 3 + q, cs, sn)
    }
  }
  let best = 0
  for (let k = 1; k < 3; k++) if (a[k * 4]! < a[best * 4]!) best = k
  return [v[best]!, v[3 + best]!, v[6 + best]!]
}
