/**
 * PyRadiomics' `LoG` image type: SimpleITK's LaplacianRecursiveGaussianImageFilter with NormalizeAcrossScale on,
 * reproduced step by step from ITK 5's recursive (Deriche, fourth-order IIR) Gaussian so that the values equal
 * SimpleITK's, float32 rounding of every intermediate image included.
 *
 * ITK's pipeline, per image axis d: the second-derivative Gaussian along d, then the zero-order (smoothing) Gaussian
 * along each other axis in increasing order, each pass stored as float32; the three results are summed as
 * `sum = float32(sum + pass / spacing[d]^2)`. With NormalizeAcrossScale the second-order kernel is scaled by sigma^2
 * (the zero-order one is not), so the result is sigma^2 * Laplacian of the Gaussian-smoothed image, in physical units.
 */
import type { Volume } from "../image";

/** The recursive filter's coefficients (ITK's m_N*, m_D*, m_M*, m_BN*, m_BM*). */
interface RecursiveCoefficients {
  n: [number, number, number, number];
  d: [number, number, number, number];
  m: [number, number, number, number];
  bn: [number, number, number, number];
  bm: [number, number, number, number];
}

/** Deriche's exponential-series constants of the Gaussian (order 0) and its second derivative (order 2), as in ITK. */
const DERICHE = {
  w1: 0.6681, l1: -1.3932, w2: 2.0787, l2: -1.3732,
  order0: { a1: 1.353, b1: 1.8151, a2: -0.3531, b2: 0.0902 },
  order2: { a1: -1.3563, b1: 5.2318, a2: 0.3446, b2: -2.2355 },
};

/** Causal numerator terms N0..N3 and their sums SN, DN, EN for one set of Deriche constants at `sigmad` voxels. */
function numerator(sigmad: number, k: { a1: number; b1: number; a2: number; b2: number }) {
  const { w1, l1, w2, l2 } = DERICHE;
  const sin1 = Math.sin(w1 / sigmad), sin2 = Math.sin(w2 / sigmad);
  const cos1 = Math.cos(w1 / sigmad), cos2 = Math.cos(w2 / sigmad);
  const exp1 = Math.exp(l1 / sigmad), exp2 = Math.exp(l2 / sigmad);
  const n0 = k.a1 + k.a2;
  let n1 = exp2 * (k.b2 * sin2 - (k.a2 + 2 * k.a1) * cos2);
  n1 += exp1 * (k.b1 * sin1 - (k.a1 + 2 * k.a2) * cos1);
  let n2 = (k.a1 + k.a2) * cos2 * cos1;
  n2 -= k.b1 * cos2 * sin1 + k.b2 * cos1 * sin2;
  n2 *= 2 * exp1 * exp2;
  n2 += k.a2 * exp1 * exp1 + k.a1 * exp2 * exp2;
  let n3 = exp2 * exp1 * exp1 * (k.b2 * sin2 - k.a2 * cos2);
  n3 += exp1 * exp2 * exp2 * (k.b1 * sin1 - k.a1 * cos1);
  return { n: [n0, n1, n2, n3] as [number, number, number, number], sn: n0 + n1 + n2 + n3, dn: n1 + 2 * n2 + 3 * n3, en: n1 + 4 * n2 + 9 * n3 };
}

/** Denominator terms D1..D4 and their sums SD, DD, ED (shared by all orders). */
function denominator(sigmad: number) {
  const { w1, l1, w2, l2 } = DERICHE;
  const cos1 = Math.cos(w1 / sigmad), cos2 = Math.cos(w2 / sigmad);
  const exp1 = Math.exp(l1 / sigmad), exp2 = Math.exp(l2 / sigmad);
  const d4 = exp1 * exp1 * exp2 * exp2;
  let d3 = -2 * cos1 * exp1 * exp2 * exp2;
  d3 += -2 * cos2 * exp2 * exp1 * exp1;
  let d2 = 4 * cos2 * cos1 * exp1 * exp2;
  d2 += exp1 * exp1 + exp2 * exp2;
  const d1 = -2 * (exp2 * cos2 + exp1 * cos1);
  return { d: [d1, d2, d3, d4] as [number, number, number, number], sd: 1 + d1 + d2 + d3 + d4, dd: d1 + 2 * d2 + 3 * d3 + 4 * d4, ed: d1 + 4 * d2 + 9 * d3 + 16 * d4 };
}

/**
 * Coefficients of ITK's RecursiveGaussianImageFilter for `sigma` (mm) along an axis of `spacing` (mm):
 * order 0 normalised to unit gain; order 2 normalised so that its response to x^2 / 2 is 1, times sigma^2 when
 * `normalizeAcrossScale`. Both are symmetric kernels (anti-causal numerators M = N - D * N0).
 */
export function recursiveGaussianCoefficients(sigma: number, spacing: number, order: 0 | 2, normalizeAcrossScale: boolean): RecursiveCoefficients {
  const sigmad = sigma / Math.abs(spacing);
  const { d, sd, dd, ed } = denominator(sigmad);
  let n: [number, number, number, number];
  if (order === 0) {
    const z = numerator(sigmad, DERICHE.order0);
    const alpha0 = 2 * z.sn / sd - z.n[0];
    n = z.n.map((v) => v * (1 / alpha0)) as typeof n;
  } else {
    const z = numerator(sigmad, DERICHE.order0);
    const s = numerator(sigmad, DERICHE.order2);
    const beta = -(2 * s.sn - sd * s.n[0]) / (2 * z.sn - sd * z.n[0]);
    n = s.n.map((v, i) => v + beta * z.n[i]) as typeof n;
    const sn = s.sn + beta * z.sn, dn = s.dn + beta * z.dn, en = s.en + beta * z.en;
    let alpha2 = en * sd * sd - ed * sn * sd - 2 * dn * dd * sd + 2 * dd * dd * sn;
    alpha2 /= sd * sd * sd;
    const scale = (normalizeAcrossScale ? sigma * sigma : 1) / alpha2;
    n = n.map((v) => v * scale) as typeof n;
  }
  const m: [number, number, number, number] = [n[1] - d[0] * n[0], n[2] - d[1] * n[0], n[3] - d[2] * n[0], -d[3] * n[0]];
  const sumN = n[0] + n[1] + n[2] + n[3];
  const sumM = m[0] + m[1] + m[2] + m[3];
  const sumD = 1 + d[0] + d[1] + d[2] + d[3];
  return {
    n, d, m,
    bn: d.map((v) => v * sumN / sumD) as typeof n,
    bm: d.map((v) => v * sumM / sumD) as typeof n,
  };
}

/**
 * Filters one line (ITK's FilterDataArray): a causal pass and an anti-causal pass, each started as if the line
 * continued with its edge value, added together. `out` and `scratch` have the line's length (at least 4).
 */
function filterLine(data: Float64Array, out: Float64Array, scratch: Float64Array, c: RecursiveCoefficients): void {
  const ln = data.length;
  const [n0, n1, n2, n3] = c.n;
  const [d1, d2, d3, d4] = c.d;
  const [m1, m2, m3, m4] = c.m;
  const v1 = data[0];
  out[0] = v1 * n0 + v1 * n1 + v1 * n2 + v1 * n3;
  out[1] = data[1] * n0 + v1 * n1 + v1 * n2 + v1 * n3;
  out[2] = data[2] * n0 + data[1] * n1 + v1 * n2 + v1 * n3;
  out[3] = data[3] * n0 + data[2] * n1 + data[1] * n2 + v1 * n3;
  out[0] -= v1 * c.bn[0] + v1 * c.bn[1] + v1 * c.bn[2] + v1 * c.bn[3];
  out[1] -= out[0] * d1 + v1 * c.bn[1] + v1 * c.bn[2] + v1 * c.bn[3];
  out[2] -= out[1] * d1 + out[0] * d2 + v1 * c.bn[2] + v1 * c.bn[3];
  out[3] -= out[2] * d1 + out[1] * d2 + out[0] * d3 + v1 * c.bn[3];
  for (let i = 4; i < ln; i++) {
    out[i] = data[i] * n0 + data[i - 1] * n1 + data[i - 2] * n2 + data[i - 3] * n3;
    out[i] -= out[i - 1] * d1 + out[i - 2] * d2 + out[i - 3] * d3 + out[i - 4] * d4;
  }
  const v2 = data[ln - 1];
  const s = scratch;
  s[ln - 1] = v2 * m1 + v2 * m2 + v2 * m3 + v2 * m4;
  s[ln - 2] = data[ln - 1] * m1 + v2 * m2 + v2 * m3 + v2 * m4;
  s[ln - 3] = data[ln - 2] * m1 + data[ln - 1] * m2 + v2 * m3 + v2 * m4;
  s[ln - 4] = data[ln - 3] * m1 + data[ln - 2] * m2 + data[ln - 1] * m3 + v2 * m4;
  s[ln - 1] -= v2 * c.bm[0] + v2 * c.bm[1] + v2 * c.bm[2] + v2 * c.bm[3];
  s[ln - 2] -= s[ln - 1] * d1 + v2 * c.bm[1] + v2 * c.bm[2] + v2 * c.bm[3];
  s[ln - 3] -= s[ln - 2] * d1 + s[ln - 1] * d2 + v2 * c.bm[2] + v2 * c.bm[3];
  s[ln - 4] -= s[ln - 3] * d1 + s[ln - 2] * d2 + s[ln - 1] * d3 + v2 * c.bm[3];
  for (let i = ln - 4; i > 0; i--) {
    s[i - 1] = data[i] * m1 + data[i + 1] * m2 + data[i + 2] * m3 + data[i + 3] * m4;
    s[i - 1] -= s[i] * d1 + s[i + 1] * d2 + s[i + 2] * d3 + s[i + 3] * d4;
  }
  for (let i = 0; i < ln; i++) out[i] += s[i];
}

/** Runs the recursive filter along image axis `axis` over every line; the result is stored as float32, as in ITK. */
function filterAlongAxis(src: ArrayLike<number>, size: [number, number, number], axis: number, c: RecursiveCoefficients): Float32Array {
  const stride = [1, size[0], size[0] * size[1]];
  const ln = size[axis];
  const [a, b] = [0, 1, 2].filter((k) => k !== axis);
  const line = new Float64Array(ln), out = new Float64Array(ln), scratch = new Float64Array(ln);
  const result = new Float32Array(size[0] * size[1] * size[2]);
  for (let j = 0; j < size[b]; j++) {
    for (let i = 0; i < size[a]; i++) {
      const start = i * stride[a] + j * stride[b];
      for (let k = 0; k < ln; k++) line[k] = src[start + k * stride[axis]];
      filterLine(line, out, scratch, c);
      for (let k = 0; k < ln; k++) result[start + k * stride[axis]] = out[k];
    }
  }
  return result;
}

/**
 * The LoG image of `image` at `sigma` mm, equal to SimpleITK's
 * `LaplacianRecursiveGaussianImageFilter(sigma, NormalizeAcrossScale=True)` (float32 output, here widened to
 * float64). A 2D image (`dimension` 2) is filtered along x and y only, as ITK's 2D filter. Every filtered axis needs
 * at least 4 voxels (ITK's own requirement).
 *
 * @example
 * const log = laplacianOfGaussian(vol, 3); // sigma 3 mm
 */
export function laplacianOfGaussian(image: Volume, sigma: number): Volume {
  const { size, spacing } = image;
  const axes = image.dimension === 2 ? [0, 1] : [0, 1, 2];
  if (axes.some((a) => size[a] < 4)) throw new Error(`LoG needs at least 4 voxels along every axis (image size ${size.join(" x ")})`);
  const sum = new Float32Array(size[0] * size[1] * size[2]);
  for (const axis of axes) {
    let pass = filterAlongAxis(image.data, size, axis, recursiveGaussianCoefficients(sigma, spacing[axis], 2, true));
    for (const other of axes) {
      if (other !== axis) pass = filterAlongAxis(pass, size, other, recursiveGaussianCoefficients(sigma, spacing[other], 0, true));
    }
    const inverseSpacing2 = 1 / (spacing[axis] * spacing[axis]);
    for (let i = 0; i < sum.length; i++) sum[i] = sum[i] + pass[i] * inverseSpacing2;
  }
  return { ...image, data: Float64Array.from(sum), pixelType: "float32" };
}
