import { digitizeKernel, roiRangeKernel } from "./kernels/texture";
import type { CroppedRoi } from "./mask";

/** A gray-level discretised ROI: bin indices 1..Ng inside the mask, 0 outside. */
export interface DiscretizedRoi {
  size: [number, number, number];
  spacing: [number, number, number];
  mask: Uint8Array;
  gray: Int32Array;
  /** Highest bin index inside the ROI. */
  Ng: number;
  /** Bin indices present in the ROI, ascending. */
  grayLevels: Int32Array;
  /** Number of ROI voxels. */
  count: number;
}

/** The ROI holds a NaN or infinite value, which cannot be binned (numpy.histogram refuses a non-finite range). */
export class NonFiniteRoiError extends Error {
  constructor(readonly value: number) {
    super(`the ROI holds ${value} voxels; cannot discretise`);
  }
}

/** numpy's float modulo (result takes the divisor's sign). */
function pyMod(a: number, b: number): number {
  let m = a % b;
  if (m !== 0 && b < 0 !== m < 0) m += b;
  return m;
}

/** Default largest number of bins a discretisation may create (`limits: { maxGrayLevels }` raises it). */
export const DEFAULT_MAX_GRAY_LEVELS = 100_000;

/** Thrown when binning would create more bins than allowed; the extractor names the setting and the image. */
export class GrayLevelLimitError extends Error {
  constructor(readonly bins: number, readonly limit: number, readonly min: number, readonly max: number) {
    super(`discretisation would create ${bins} bins (limit ${limit})`);
  }
}

/**
 * Bin edges as PyRadiomics imageoperations.getBinEdges computes them.
 *
 * Fixed bin width W (IBSI "fixed bin size", but edges equally spaced from 0 rather than from the minimum):
 * edges = lowBound + k W with lowBound = min - (min mod W), up to max + 2W, so that
 * bin(x) = floor(x / W) - floor(min / W) + 1. A flat region gets edges [e - 0.5, e + 0.5].
 *
 * Fixed bin count N (IBSI "fixed bin number"): numpy.histogram's N + 1 equal-width edges over [min, max],
 * the last raised by 1 so the maximum falls in bin N.
 *
 * @example
 * binEdges(Float64Array.of(54, 166), { binWidth: 25, binCount: null }); // [50, 75, 100, 125, 150, 175, 200]
 */
export function binEdges(values: ArrayLike<number>, opts: BinningOptions): Float64Array {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return binEdgesOfRange(min, max, opts);
}

/** The discretisation settings binEdges and discretize read. */
export interface BinningOptions {
  binWidth: number;
  binCount: number | null;
  maxGrayLevels?: number;
}

/** Bin edges (see binEdges) for values whose smallest is `min` and largest `max`. */
function binEdgesOfRange(min: number, max: number, opts: BinningOptions): Float64Array {
  if (opts.binCount !== null) {
    let first = min;
    let last = max;
    if (first === last) {
      first -= 0.5;
      last += 0.5;
    }
    const n = opts.binCount;
    const limit = opts.maxGrayLevels ?? DEFAULT_MAX_GRAY_LEVELS;
    if (n > limit) throw new GrayLevelLimitError(n, limit, min, max);
    const step = (last - first) / n;
    const edges = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) edges[i] = i * step + first;
    edges[n] = last + 1;
    return edges;
  }
  const w = opts.binWidth;
  const low = min - pyMod(min, w);
  const high = max + 2 * w;
  // numpy.arange: length ceil((stop - start) / step), values start + i * (start + step - start)
  const len = Math.ceil((high - low) / w);
  const limit = opts.maxGrayLevels ?? DEFAULT_MAX_GRAY_LEVELS;
  // Checked before allocating: a tiny binWidth or a huge intensity range would otherwise ask for an impossible array.
  if (!(len - 1 <= limit)) throw new GrayLevelLimitError(len - 1, limit, min, max);
  const delta = low + w - low;
  if (len === 1) return Float64Array.of(low - 0.5, low + 0.5);
  const edges = new Float64Array(len);
  for (let i = 0; i < len; i++) edges[i] = low + i * delta;
  return edges;
}

/**
 * Discretises the ROI voxels of a cropped image (PyRadiomics imageoperations.binImage); voxels outside the
 * mask get 0.
 */
export function discretize(roi: CroppedRoi, opts: BinningOptions): DiscretizedRoi {
  // As WebAssembly (kernels/texture.ts): the ROI's range and whether a value is NaN or infinite (the sum of v - v).
  const range = roiRangeKernel(roi.values, roi.mask);
  if (!range.finite) {
    const bad = roi.values.find((v, i) => roi.mask[i] !== 0 && !Number.isFinite(v));
    throw new NonFiniteRoiError(bad as number);
  }
  const edges = binEdgesOfRange(range.min, range.max, opts);
  // Bin index = numpy.digitize(x, edges), the number of edges <= x, as WebAssembly (kernels/texture.ts: compiled
  // from its first call, it spares a single extraction the warm-up of a JavaScript loop). The edges are (nearly)
  // equally spaced: it guesses the bin from the first spacing, then steps to the exact count, at most a step or
  // two away (a binary search costs about five mispredicted branches per voxel).
  const { gray, seen, largest: Ng } = digitizeKernel(roi.values, roi.mask, edges);
  const levels: number[] = [];
  for (let g = 1; g < seen.length; g++) if (seen[g]) levels.push(g);
  return {
    size: roi.size,
    spacing: roi.spacing,
    mask: roi.mask,
    gray,
    Ng,
    grayLevels: new Int32Array(levels),
    count: roi.count,
  };
}
