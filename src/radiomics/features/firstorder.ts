import type { DiscretizedRoi } from "../discretize";
import type { CroppedRoi } from "../mask";
import { EPS, evaluateFeatures, type FeatureFunction } from "./common";

/** Inputs of the first-order features: X = ROI intensities (sorted), p(i) = discretised histogram. */
export interface FirstOrderData {
  /** ROI intensities, ascending. */
  sorted: Float64Array;
  mean: number;
  /** Normalised histogram of the discretised intensities (non-empty bins only). */
  p: Float64Array;
  /** voxelArrayShift c. */
  shift: number;
  /** Voxel volume in mm^3. */
  voxelVolume: number;
}

/** numpy.percentile (linear interpolation, numpy >= 1.22 lerp) of ascending values. */
export function percentile(sorted: Float64Array, q: number): number {
  const idx = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(idx);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const t = idx - lo;
  const a = sorted[lo];
  const b = sorted[hi];
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** n-th central moment (n = 2, 3 or 4): (1/Np) sum (X - mean)^n. */
function centralMoment(d: FirstOrderData, n: 2 | 3 | 4): number {
  let s = 0;
  for (let i = 0; i < d.sorted.length; i++) {
    const v = d.sorted[i] - d.mean;
    const v2 = v * v;
    s += n === 2 ? v2 : n === 3 ? v2 * v : v2 * v2;
  }
  return s / d.sorted.length;
}

/** Energy = sum (X(i) + c)^2. IBSI: energy (3D intensity statistics, shift c = 0). */
export const energy: FeatureFunction<FirstOrderData> = (d) => {
  let s = 0;
  for (let i = 0; i < d.sorted.length; i++) s += (d.sorted[i] + d.shift) ** 2;
  return s;
};

/** Total Energy = V_voxel * Energy (not in IBSI). */
export const totalEnergy: FeatureFunction<FirstOrderData> = (d) => d.voxelVolume * energy(d);

/** Entropy = -sum p(i) log2(p(i) + eps) over the discretised histogram. IBSI: intensity histogram entropy. */
export const entropy: FeatureFunction<FirstOrderData> = (d) => {
  let s = 0;
  for (let i = 0; i < d.p.length; i++) s -= d.p[i] * Math.log2(d.p[i] + EPS);
  return s;
};

/** Minimum = min(X). IBSI: minimum intensity. */
export const minimum: FeatureFunction<FirstOrderData> = (d) => d.sorted[0];

/** 10th percentile of X (linear interpolation). IBSI: 10th intensity percentile. */
export const percentile10: FeatureFunction<FirstOrderData> = (d) => percentile(d.sorted, 10);

/** 90th percentile of X (linear interpolation). IBSI: 90th intensity percentile. */
export const percentile90: FeatureFunction<FirstOrderData> = (d) => percentile(d.sorted, 90);

/** Maximum = max(X). IBSI: maximum intensity. */
export const maximum: FeatureFunction<FirstOrderData> = (d) => d.sorted[d.sorted.length - 1];

/** Mean = (1/Np) sum X(i). IBSI: mean intensity. */
export const mean: FeatureFunction<FirstOrderData> = (d) => d.mean;

/** Median of X. IBSI: median intensity. */
export const median: FeatureFunction<FirstOrderData> = (d) => percentile(d.sorted, 50);

/** Interquartile range = P75 - P25. IBSI: intensity interquartile range. */
export const interquartileRange: FeatureFunction<FirstOrderData> = (d) => percentile(d.sorted, 75) - percentile(d.sorted, 25);

/** Range = max(X) - min(X). IBSI: intensity range. */
export const range: FeatureFunction<FirstOrderData> = (d) => maximum(d) - minimum(d);

/** Mean absolute deviation = (1/Np) sum |X(i) - mean|. IBSI: intensity-based mean absolute deviation. */
export const meanAbsoluteDeviation: FeatureFunction<FirstOrderData> = (d) => {
  let s = 0;
  for (let i = 0; i < d.sorted.length; i++) s += Math.abs(d.mean - d.sorted[i]);
  return s / d.sorted.length;
};

/**
 * Robust mean absolute deviation: mean |X - mean(X_10-90)| over the voxels with P10 <= X <= P90.
 * IBSI: intensity-based robust mean absolute deviation.
 */
export const robustMeanAbsoluteDeviation: FeatureFunction<FirstOrderData> = (d) => {
  const p10 = percentile10(d);
  const p90 = percentile90(d);
  let n = 0;
  let s = 0;
  for (let i = 0; i < d.sorted.length; i++) {
    if (d.sorted[i] >= p10 && d.sorted[i] <= p90) {
      s += d.sorted[i];
      n++;
    }
  }
  const m = s / n;
  let dev = 0;
  for (let i = 0; i < d.sorted.length; i++) if (d.sorted[i] >= p10 && d.sorted[i] <= p90) dev += Math.abs(d.sorted[i] - m);
  return dev / n;
};

/** Root mean squared = sqrt((1/Np) sum (X(i) + c)^2). IBSI: root mean square intensity (c = 0). */
export const rootMeanSquared: FeatureFunction<FirstOrderData> = (d) => Math.sqrt(energy(d) / d.sorted.length);

/** Skewness = mu3 / mu2^1.5 (0 for a flat region). IBSI: intensity skewness. */
export const skewness: FeatureFunction<FirstOrderData> = (d) => {
  const m2 = centralMoment(d, 2);
  return m2 === 0 ? 0 : centralMoment(d, 3) / m2 ** 1.5;
};

/** Kurtosis = mu4 / mu2^2 (0 for a flat region). IBSI: (excess) intensity kurtosis + 3. */
export const kurtosis: FeatureFunction<FirstOrderData> = (d) => {
  const m2 = centralMoment(d, 2);
  return m2 === 0 ? 0 : centralMoment(d, 4) / m2 ** 2;
};

/** Variance = (1/Np) sum (X(i) - mean)^2. IBSI: intensity variance. */
export const variance: FeatureFunction<FirstOrderData> = (d) => Math.sqrt(centralMoment(d, 2)) ** 2;

/** Uniformity = sum p(i)^2. IBSI: intensity histogram uniformity. */
export const uniformity: FeatureFunction<FirstOrderData> = (d) => {
  let s = 0;
  for (let i = 0; i < d.p.length; i++) s += d.p[i] * d.p[i];
  return s;
};

/** Standard deviation = sqrt(Variance); deprecated in PyRadiomics, computed only when named. */
export const standardDeviation: FeatureFunction<FirstOrderData> = (d) => Math.sqrt(centralMoment(d, 2));

/** First-order features by PyRadiomics name. */
export const FIRSTORDER_FEATURES: Record<string, FeatureFunction<FirstOrderData>> = {
  "10Percentile": percentile10,
  "90Percentile": percentile90,
  Energy: energy,
  Entropy: entropy,
  InterquartileRange: interquartileRange,
  Kurtosis: kurtosis,
  Maximum: maximum,
  Mean: mean,
  MeanAbsoluteDeviation: meanAbsoluteDeviation,
  Median: median,
  Minimum: minimum,
  Range: range,
  RobustMeanAbsoluteDeviation: robustMeanAbsoluteDeviation,
  RootMeanSquared: rootMeanSquared,
  Skewness: skewness,
  TotalEnergy: totalEnergy,
  Uniformity: uniformity,
  Variance: variance,
};

/** Prepares the first-order inputs from the cropped ROI and its discretisation. */
export function firstOrderData(roi: CroppedRoi, binned: DiscretizedRoi, voxelArrayShift: number): FirstOrderData {
  const sorted = new Float64Array(roi.count);
  const counts = new Float64Array(binned.Ng + 1);
  let sum = 0;
  for (let i = 0, k = 0; i < roi.mask.length; i++) {
    if (!roi.mask[i]) continue;
    sorted[k++] = roi.values[i];
    sum += roi.values[i];
    counts[binned.gray[i]]++;
  }
  sorted.sort();
  const p = new Float64Array(binned.grayLevels.length);
  for (let k = 0; k < p.length; k++) p[k] = counts[binned.grayLevels[k]] / roi.count;
  const [sx, sy, sz] = roi.spacing;
  return { sorted, mean: sum / roi.count, p, shift: voxelArrayShift, voxelVolume: sx * sy * sz };
}

/**
 * First-order statistics of the ROI (PyRadiomics RadiomicsFirstOrder).
 *
 * @example
 * firstOrderFeatures(roi, binned, 0, null).Mean;
 */
export function firstOrderFeatures(
  roi: CroppedRoi,
  binned: DiscretizedRoi,
  voxelArrayShift: number,
  names: string[] | null,
): Record<string, number> {
  return evaluateFeatures("firstorder", FIRSTORDER_FEATURES, firstOrderData(roi, binned, voxelArrayShift), names, {
    StandardDeviation: standardDeviation,
  });
}
