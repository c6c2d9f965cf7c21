import type { DiscretizedRoi } from "../discretize";
import type { CroppedRoi } from "../mask";
import { OrderStatistics } from "../../stats/order-statistics";
import { roiValuesKernel } from "../kernels/texture";
import { EPS, evaluateFeatures, type FeatureFunction } from "./common";

/** Inputs of the first-order features: X = ROI intensities, p(i) = discretised histogram. */
export interface FirstOrderData {
  /** ROI intensities in scan order. */
  values: Float64Array;
  /** Order statistics of `values` (percentiles), computed on demand. */
  order: OrderStatistics;
  min: number;
  max: number;
  mean: number;
  /** Central moments mu_2, mu_3, mu_4 about the mean, computed on first use. */
  moments: Float64Array | null;
  /** Normalised histogram of the discretised intensities (non-empty bins only). */
  p: Float64Array;
  /** voxelArrayShift c. */
  shift: number;
  /** Voxel volume in mm^3. */
  voxelVolume: number;
}

/** numpy.percentile (linear interpolation, numpy >= 1.22 lerp) of the ROI intensities. */
function percentile(d: FirstOrderData, q: number): number {
  return d.order.percentile(q);
}

/** n-th central moment (n = 2, 3 or 4): (1/Np) sum (X - mean)^n; the three in one pass, kept for reuse. */
function centralMoment(d: FirstOrderData, n: 2 | 3 | 4): number {
  if (!d.moments) {
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    for (let i = 0; i < d.values.length; i++) {
      const v = d.values[i] - d.mean;
      const v2 = v * v;
      s2 += v2;
      s3 += v2 * v;
      s4 += v2 * v2;
    }
    const np = d.values.length;
    d.moments = Float64Array.of(s2 / np, s3 / np, s4 / np);
  }
  return d.moments[n - 2];
}

/** Energy = sum (X(i) + c)^2. IBSI: energy (3D intensity statistics, shift c = 0). */
export const energy: FeatureFunction<FirstOrderData> = (d) => {
  let s = 0;
  for (let i = 0; i < d.values.length; i++) s += (d.values[i] + d.shift) ** 2;
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
export const minimum: FeatureFunction<FirstOrderData> = (d) => d.min;

/** 10th percentile of X (linear interpolation). IBSI: 10th intensity percentile. */
export const percentile10: FeatureFunction<FirstOrderData> = (d) => percentile(d, 10);

/** 90th percentile of X (linear interpolation). IBSI: 90th intensity percentile. */
export const percentile90: FeatureFunction<FirstOrderData> = (d) => percentile(d, 90);

/** Maximum = max(X). IBSI: maximum intensity. */
export const maximum: FeatureFunction<FirstOrderData> = (d) => d.max;

/** Mean = (1/Np) sum X(i). IBSI: mean intensity. */
export const mean: FeatureFunction<FirstOrderData> = (d) => d.mean;

/** Median of X. IBSI: median intensity. */
export const median: FeatureFunction<FirstOrderData> = (d) => percentile(d, 50);

/** Interquartile range = P75 - P25. IBSI: intensity interquartile range. */
export const interquartileRange: FeatureFunction<FirstOrderData> = (d) => percentile(d, 75) - percentile(d, 25);

/** Range = max(X) - min(X). IBSI: intensity range. */
export const range: FeatureFunction<FirstOrderData> = (d) => maximum(d) - minimum(d);

/** Mean absolute deviation = (1/Np) sum |X(i) - mean|. IBSI: intensity-based mean absolute deviation. */
export const meanAbsoluteDeviation: FeatureFunction<FirstOrderData> = (d) => {
  let s = 0;
  for (let i = 0; i < d.values.length; i++) s += Math.abs(d.mean - d.values[i]);
  return s / d.values.length;
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
  for (let i = 0; i < d.values.length; i++) {
    if (d.values[i] >= p10 && d.values[i] <= p90) {
      s += d.values[i];
      n++;
    }
  }
  const m = s / n;
  let dev = 0;
  for (let i = 0; i < d.values.length; i++) if (d.values[i] >= p10 && d.values[i] <= p90) dev += Math.abs(d.values[i] - m);
  return dev / n;
};

/** Root mean squared = sqrt((1/Np) sum (X(i) + c)^2). IBSI: root mean square intensity (c = 0). */
export const rootMeanSquared: FeatureFunction<FirstOrderData> = (d) => Math.sqrt(energy(d) / d.values.length);

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

/** Prepares the first-order inputs from the cropped ROI and its discretisation (the voxel pass as WebAssembly, kernels/texture.ts). */
export function firstOrderData(roi: CroppedRoi, binned: DiscretizedRoi, voxelArrayShift: number): FirstOrderData {
  const { values, sum, min, max, counts } = roiValuesKernel(roi.values, roi.mask, binned.gray, roi.count, binned.Ng);
  const p = new Float64Array(binned.grayLevels.length);
  for (let k = 0; k < p.length; k++) p[k] = counts[binned.grayLevels[k]] / roi.count;
  const [sx, sy, sz] = roi.spacing;
  return { values, order: new OrderStatistics(values), min, max, mean: sum / roi.count, moments: null, p, shift: voxelArrayShift, voxelVolume: sx * sy * sz };
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
