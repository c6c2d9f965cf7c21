import { OrderStatistics } from "../../stats/order-statistics";
import * as firstorder from "../features/firstorder";
import type { FirstOrderData } from "../features/firstorder";

/**
 * Intensity-based statistical features (IBSI 3.3, family HCUG... "stat_") and the statistical part of the
 * intensity histogram features ("ih_", on grey levels). Where IBSI and PyRadiomics define a statistic alike the
 * PyRadiomics first-order function is used (voxelArrayShift 0); IBSI-only ones are written here.
 */
export function momentsData(values: Float64Array): FirstOrderData {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { values, order: new OrderStatistics(values), min, max, mean: sum / values.length, moments: null, p: new Float64Array(0), shift: 0, voxelVolume: 1 };
}

/** (Excess) kurtosis = mu4 / mu2^2 - 3 (IBSI IPH6 / C3I7); PyRadiomics' Kurtosis is not excess. */
export const excessKurtosis = (d: FirstOrderData): number => firstorder.kurtosis(d) - 3;

/** 25th and 75th percentiles (numpy linear interpolation, as PyRadiomics' interquartile range). */
function quartiles(d: FirstOrderData): [number, number] {
  return [d.order.percentile(25), d.order.percentile(75)];
}

/** Median absolute deviation = (1/N) sum |X - median(X)| (IBSI N72L / 4RNL). */
export function medianAbsoluteDeviation(d: FirstOrderData): number {
  const median = firstorder.median(d);
  let s = 0;
  for (const v of d.values) s += Math.abs(v - median);
  return s / d.values.length;
}

/** Coefficient of variation = sigma / mu, sigma the population SD (IBSI 7TET / CWYJ). */
export function coefficientOfVariation(d: FirstOrderData): number {
  return Math.sqrt(firstorder.variance(d)) / d.mean;
}

/** Quartile coefficient of dispersion = (P75 - P25) / (P75 + P25) (IBSI 9S40 / 7GPN). */
export function quartileCoefficientOfDispersion(d: FirstOrderData): number {
  const [p25, p75] = quartiles(d);
  return (p75 - p25) / (p75 + p25);
}

/** The statistics IBSI defines on both intensities (stat_) and grey levels (ih_), by tag suffix. */
const SHARED: Record<string, (d: FirstOrderData) => number> = {
  mean: firstorder.mean,
  var: firstorder.variance,
  skew: firstorder.skewness,
  kurt: excessKurtosis,
  median: firstorder.median,
  min: firstorder.minimum,
  p10: firstorder.percentile10,
  p90: firstorder.percentile90,
  max: firstorder.maximum,
  iqr: firstorder.interquartileRange,
  range: firstorder.range,
  mad: firstorder.meanAbsoluteDeviation,
  rmad: firstorder.robustMeanAbsoluteDeviation,
  medad: medianAbsoluteDeviation,
  cov: coefficientOfVariation,
  qcod: quartileCoefficientOfDispersion,
};

/** Statistics shared by stat_ and ih_, keyed `<prefix>_<name>`. */
export function sharedStatistics(values: Float64Array, prefix: "stat" | "ih"): Record<string, number> {
  const d = momentsData(values);
  const out: Record<string, number> = {};
  for (const [name, f] of Object.entries(SHARED)) out[`${prefix}_${name}`] = f(d);
  return out;
}

/**
 * Intensity-based statistical features (IBSI "Intensity-based statistical features"): the shared statistics
 * plus energy = sum X^2 (N8CA) and root mean square = sqrt(sum X^2 / N) (5ZWQ), on the intensity mask.
 */
export function statisticalFeatures(values: Float64Array): Record<string, number> {
  const out = sharedStatistics(values, "stat");
  const d = momentsData(values);
  out.stat_energy = firstorder.energy(d);
  out.stat_rms = firstorder.rootMeanSquared(d);
  return out;
}
