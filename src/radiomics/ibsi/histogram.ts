import { sharedStatistics } from "./statistics";

/** Counts H(i) of grey levels 1..ng (empty bins included). */
function levelCounts(levels: Float64Array, ng: number): Float64Array {
  const h = new Float64Array(ng + 1);
  for (const g of levels) h[g]++;
  return h;
}

/** Mode: the most frequent grey level, the lowest one on ties (IBSI AMMC). */
export function mode(h: Float64Array): number {
  let best = 1;
  for (let g = 2; g < h.length; g++) if (h[g] > h[best]) best = g;
  return best;
}

/** Entropy = -sum p_i log2 p_i over non-empty bins (IBSI TLU2). */
export function histogramEntropy(h: Float64Array, n: number): number {
  let s = 0;
  for (let g = 1; g < h.length; g++) if (h[g] > 0) s -= (h[g] / n) * Math.log2(h[g] / n);
  return s;
}

/** Uniformity = sum p_i^2 (IBSI BJ5W). */
export function histogramUniformity(h: Float64Array, n: number): number {
  let s = 0;
  for (let g = 1; g < h.length; g++) s += (h[g] / n) ** 2;
  return s;
}

/**
 * Histogram gradient H'(i): (H(i+1) - H(i-1)) / 2 inside, one-sided differences at the first and last bin
 * (IBSI "Maximum histogram gradient" 12CE); a single bin has gradient 0.
 */
export function histogramGradient(h: Float64Array): Float64Array {
  const ng = h.length - 1;
  const grad = new Float64Array(ng + 1);
  if (ng === 1) return grad;
  grad[1] = h[2] - h[1];
  grad[ng] = h[ng] - h[ng - 1];
  for (let g = 2; g < ng; g++) grad[g] = (h[g + 1] - h[g - 1]) / 2;
  return grad;
}

/**
 * Intensity histogram features (IBSI "Intensity histogram features", ih_): the statistics on grey levels, then
 * mode, entropy, uniformity and the maximum/minimum histogram gradient with the grey level where it occurs
 * (the first such level on ties).
 */
export function histogramFeatures(levels: Float64Array, ng: number): Record<string, number> {
  const out = sharedStatistics(levels, "ih");
  const h = levelCounts(levels, ng);
  const n = levels.length;
  out.ih_mode = mode(h);
  out.ih_entropy = histogramEntropy(h, n);
  out.ih_uniformity = histogramUniformity(h, n);
  const grad = histogramGradient(h);
  let gMax = 1;
  let gMin = 1;
  for (let g = 2; g <= ng; g++) {
    if (grad[g] > grad[gMax]) gMax = g;
    if (grad[g] < grad[gMin]) gMin = g;
  }
  out.ih_max_grad = grad[gMax];
  out.ih_max_grad_g = gMax;
  out.ih_min_grad = grad[gMin];
  out.ih_min_grad_g = gMin;
  return out;
}

/**
 * Intensity-volume histogram (IBSI "Intensity-volume histogram features", ivh_). `values` are the intensity-mask
 * values on a discrete scale of step `step` from `lower` to `upper` (intensities when they are integers, else grey
 * levels). Fractional volume nu(i) = fraction of voxels with value >= i; intensity fraction
 * gamma(i) = (i - lower) / (upper - lower).
 * - V_x (BC2M, NK6P): nu at the lowest discrete value with gamma >= x;
 * - I_x (GBPN, 3NXX): the lowest discrete value with nu <= x (for x = 10 % and 90 %);
 * - differences V10 - V90 and I10 - I90 (WITY, JXJA).
 */
export function volumeHistogramFeatures(values: Float64Array, lower: number, upper: number, step: number): Record<string, number> {
  const n = values.length;
  const bins = Math.round((upper - lower) / step) + 1;
  const counts = new Float64Array(bins);
  for (const v of values) counts[Math.min(Math.max(Math.round((v - lower) / step), 0), bins - 1)]++;
  // nu[k]: fraction of voxels at or above the k-th discrete value.
  const nu = new Float64Array(bins);
  let above = 0;
  for (let k = bins - 1; k >= 0; k--) {
    above += counts[k];
    nu[k] = above / n;
  }
  const valueAt = (k: number) => lower + k * step;
  const volumeAt = (fraction: number) => {
    const target = lower + fraction * (upper - lower);
    const k = Math.ceil((target - lower) / step - 1e-9);
    return k >= bins ? 0 : nu[Math.max(k, 0)];
  };
  const intensityAt = (fraction: number) => {
    for (let k = 0; k < bins; k++) if (nu[k] <= fraction) return valueAt(k);
    return valueAt(bins - 1) + step;
  };
  const v10 = volumeAt(0.1);
  const v90 = volumeAt(0.9);
  const i10 = intensityAt(0.1);
  const i90 = intensityAt(0.9);
  return { ivh_v10: v10, ivh_v90: v90, ivh_i10: i10, ivh_i90: i90, ivh_diff_v10_v90: v10 - v90, ivh_diff_i10_i90: i10 - i90 };
}
