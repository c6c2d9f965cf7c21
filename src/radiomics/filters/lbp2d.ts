/**
 * PyRadiomics' `LBP2D` image type: scikit-image's `local_binary_pattern` (0.19) applied slice by slice in the plane
 * that excludes numpy axis `force2Ddimension` (0 = z: axial slices; 1 = y; 2 = x), with PyRadiomics' settings
 * `lbp2DRadius` (R, default 1), `lbp2DSamples` (P, default 8) and `lbp2DMethod` (default "uniform").
 *
 * scikit-image samples P points at (r - R sin(2 pi p / P), c + R cos(2 pi p / P)), offsets rounded to 5 decimals and R
 * held as float32, by bilinear interpolation with 0 outside the slice; bit p is set when the sample >= the centre.
 * "default": sum of bit p * 2^p; "ror": the smallest value over the P circular bit rotations; "uniform": the number
 * of set bits when the pattern has at most 2 changes between neighbouring bits p, p+1 (p < P - 1; scikit-image 0.19
 * does not compare the last bit with the first), else P + 1; "var": the biased variance of the P samples (NaN when 0).
 * PyRadiomics writes the result back into the image's own array, so an integer image keeps integer values
 * (truncated towards zero); see `storedAs`.
 */
import type { Volume } from "../image";
import { INTEGER_RANGES } from "../pixel-types";

/** LBP method names PyRadiomics' schema accepts. */
export type Lbp2DMethod = "default" | "ror" | "uniform" | "var";

export interface Lbp2DOptions {
  radius: number;
  samples: number;
  method: Lbp2DMethod;
  /** numpy axis left out of the LBP plane (PyRadiomics' force2Ddimension). */
  axis: number;
}

/** numpy's round-half-to-even to `decimals` places, as `np.round` does (scaling by 10^decimals). */
function roundDecimals(x: number, decimals: number): number {
  const scale = 10 ** decimals;
  const y = x * scale;
  let r = Math.round(y);
  if (Math.abs(y % 1) === 0.5 && r % 2 !== 0) r -= 1;
  return r / scale;
}

/** Sample offsets (rows, cols) of the P neighbours, as scikit-image computes them. */
function sampleOffsets(radius: number, samples: number): { rp: Float64Array; cp: Float64Array } {
  const r = Math.fround(radius);
  const rp = new Float64Array(samples), cp = new Float64Array(samples);
  for (let p = 0; p < samples; p++) {
    const angle = (2 * Math.PI * p) / samples;
    rp[p] = roundDecimals(-r * Math.sin(angle), 5);
    cp[p] = roundDecimals(r * Math.cos(angle), 5);
  }
  return { rp, cp };
}

/** scikit-image's bilinear interpolation of a row-major slice at (r, c), 0 outside; the same operations in the same order. */
function bilinear(slice: Float64Array, rows: number, cols: number, r: number, c: number): number {
  const minr = Math.floor(r), minc = Math.floor(c), maxr = Math.ceil(r), maxc = Math.ceil(c);
  const dr = r - minr, dc = c - minc;
  const inTop = minr >= 0 && minr < rows, inBottom = maxr >= 0 && maxr < rows;
  const inLeft = minc >= 0 && minc < cols, inRight = maxc >= 0 && maxc < cols;
  const topLeft = inTop && inLeft ? slice[minr * cols + minc] : 0;
  const topRight = inTop && inRight ? slice[minr * cols + maxc] : 0;
  const bottomLeft = inBottom && inLeft ? slice[maxr * cols + minc] : 0;
  const bottomRight = inBottom && inRight ? slice[maxr * cols + maxc] : 0;
  const top = (1 - dc) * topLeft + dc * topRight;
  const bottom = (1 - dc) * bottomLeft + dc * bottomRight;
  return (1 - dr) * top + dr * bottom;
}

/** Rotates the low `bits` bits of `value` right by one (scikit-image's _bit_rotate_right). */
function rotateRight(value: number, bits: number): number {
  return (value >>> 1) | ((value & 1) << (bits - 1));
}

/** The LBP code of one pixel from its P samples and their bits (sample >= centre). */
function lbpCode(texture: Float64Array, bits: Uint8Array, method: Lbp2DMethod): number {
  const P = texture.length;
  if (method === "var") {
    let sum = 0, sum2 = 0;
    for (let i = 0; i < P; i++) {
      sum += texture[i];
      sum2 += texture[i] * texture[i];
    }
    const variance = (sum2 - (sum * sum) / P) / P;
    return variance !== 0 ? variance : NaN;
  }
  if (method === "uniform") {
    let changes = 0;
    for (let i = 0; i < P - 1; i++) changes += bits[i] !== bits[i + 1] ? 1 : 0;
    if (changes > 2) return P + 1;
    let ones = 0;
    for (let i = 0; i < P; i++) ones += bits[i];
    return ones;
  }
  let code = 0;
  for (let i = 0, weight = 1; i < P; i++, weight *= 2) code += bits[i] * weight;
  if (method === "ror") {
    let rotated = code, best = code;
    for (let i = 1; i < P; i++) {
      rotated = rotateRight(rotated, P);
      best = Math.min(best, rotated);
    }
    return best;
  }
  return code;
}

/** LBP of one row-major slice. */
export function lbpSlice(slice: Float64Array, rows: number, cols: number, radius: number, samples: number, method: Lbp2DMethod): Float64Array {
  const { rp, cp } = sampleOffsets(radius, samples);
  const texture = new Float64Array(samples);
  const bits = new Uint8Array(samples);
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const centre = slice[r * cols + c];
      for (let i = 0; i < samples; i++) {
        texture[i] = bilinear(slice, rows, cols, r + rp[i], c + cp[i]);
        bits[i] = texture[i] - centre >= 0 ? 1 : 0;
      }
      out[r * cols + c] = lbpCode(texture, bits, method);
    }
  }
  return out;
}

/**
 * A value as stored in an array of the image's pixel type (PyRadiomics assigns the LBP into the image's own numpy
 * array): integer types truncate towards zero; float32 rounds. A value the integer type cannot hold (NaN, or out of
 * range, where numpy would store an arbitrary number) is refused.
 */
export function storedAs(value: number, pixelType: string | undefined, what: string): number {
  if (!pixelType || pixelType === "float64") return value;
  if (pixelType === "float32") return Math.fround(value);
  const range = INTEGER_RANGES[pixelType];
  const truncated = Math.trunc(value);
  if (!range || !Number.isFinite(value) || truncated < range[0] || truncated > range[1]) {
    throw new Error(`${what}: value ${value} cannot be stored in the image's ${pixelType} array as PyRadiomics does (use a float image)`);
  }
  return truncated;
}

/**
 * The LBP2D image: every slice across `axis` filtered with scikit-image's local_binary_pattern; the slice's rows and
 * columns are the remaining numpy axes in order (axis 0: rows y, cols x; axis 1: rows z, cols x; axis 2: rows y,
 * cols z).
 */
export function lbp2DImage(image: Volume, options: Lbp2DOptions): Volume {
  const [nx, ny] = image.size;
  // numpy axes (z, y, x) -> image axes (2, 1, 0).
  const slicedImageAxis = 2 - options.axis;
  const plane = options.axis === 0 ? [1, 0] : options.axis === 1 ? [2, 0] : [1, 2];
  const stride = [1, nx, nx * ny];
  const rows = image.size[plane[0]], cols = image.size[plane[1]];
  const out = new Float64Array(image.data.length);
  const slice = new Float64Array(rows * cols);
  for (let s = 0; s < image.size[slicedImageAxis]; s++) {
    const base = s * stride[slicedImageAxis];
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) slice[r * cols + c] = image.data[base + r * stride[plane[0]] + c * stride[plane[1]]];
    const lbp = lbpSlice(slice, rows, cols, options.radius, options.samples, options.method);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) out[base + r * stride[plane[0]] + c * stride[plane[1]]] = storedAs(lbp[r * cols + c], image.pixelType, "LBP2D");
    }
  }
  return { ...image, data: out };
}
