import type { DiscretizedRoi } from "../discretize";
import { evaluateFeatures, type FeatureFunction } from "./common";
import { ngtdmSumsKernel } from "../kernels/texture";
import { neighbourCounts, paddedRoi } from "./padded";

/**
 * Neighbouring gray tone difference matrix over the present gray levels: n_i voxels of level i,
 * s_i = sum over them of |i - mean of their ROI neighbours| (0 for a voxel without neighbours),
 * p_i = n_i / N_vp.
 */
export interface NgtdmMatrix {
  levels: Float64Array;
  n: Float64Array;
  s: Float64Array;
  p: Float64Array;
  /** Number of counted voxels N_vp. */
  Nvp: number;
  /** Number of levels with p_i > 0. */
  Ngp: number;
}

/** Builds the NGTDM (PyRadiomics cmatrices calculate_ngtdm) with neighbours at `distances`, both directions. */
export function ngtdmMatrix(
  roi: DiscretizedRoi,
  opts: { distances: number[]; force2D: boolean; force2Ddimension: number },
): NgtdmMatrix {
  const { gray, voxels } = paddedRoi(roi, Math.max(...opts.distances));
  const { inRoi, sum } = neighbourCounts(roi, opts.distances, opts.force2D, opts.force2Ddimension);
  // Per level: voxel count and sum of |g - mean neighbour level|, summed in voxel order (as WebAssembly, kernels/texture.ts).
  const { count: nAll, diff: sAll } = ngtdmSumsKernel(gray, voxels, inRoi, sum, roi.Ng);
  const present: number[] = [];
  for (let g = 1; g <= roi.Ng; g++) if (nAll[g] > 0) present.push(g);
  const levels = new Float64Array(present);
  const n = Float64Array.from(present.map((g) => nAll[g]));
  const s = Float64Array.from(present.map((g) => sAll[g]));
  const Nvp = n.reduce((a, b) => a + b, 0);
  const p = n.map((v) => v / Nvp);
  return { levels, n, s, p, Nvp, Ngp: present.length };
}

/** Coarseness = 1 / sum p_i s_i; 1e6 when the sum is 0 (flat region). IBSI: coarseness. */
export const coarseness: FeatureFunction<NgtdmMatrix> = (m) => {
  let sum = 0;
  for (let k = 0; k < m.p.length; k++) sum += m.p[k] * m.s[k];
  return sum === 0 ? 1e6 : 1 / sum;
};

/**
 * Contrast = [1 / (Ngp (Ngp - 1)) sum_i sum_j p_i p_j (i - j)^2] [1 / N_vp sum_i s_i]; 0 when Ngp = 1.
 * IBSI: contrast.
 */
export const contrast: FeatureFunction<NgtdmMatrix> = (m) => {
  const div = m.Ngp * (m.Ngp - 1);
  if (div === 0) return 0;
  let pair = 0;
  for (let a = 0; a < m.p.length; a++) for (let b = 0; b < m.p.length; b++) pair += m.p[a] * m.p[b] * (m.levels[a] - m.levels[b]) ** 2;
  const sSum = m.s.reduce((x, y) => x + y, 0);
  return (pair * sSum) / m.Nvp / div;
};

/** Busyness = sum p_i s_i / sum_i sum_j |i p_i - j p_j| (over p_i, p_j > 0); 0 when the denominator is 0. IBSI: busyness. */
export const busyness: FeatureFunction<NgtdmMatrix> = (m) => {
  let num = 0;
  let den = 0;
  for (let a = 0; a < m.p.length; a++) {
    num += m.p[a] * m.s[a];
    for (let b = 0; b < m.p.length; b++) den += Math.abs(m.levels[a] * m.p[a] - m.levels[b] * m.p[b]);
  }
  return den === 0 ? 0 : num / den;
};

/** Complexity = (1 / N_vp) sum_i sum_j |i - j| (p_i s_i + p_j s_j) / (p_i + p_j). IBSI: complexity. */
export const complexity: FeatureFunction<NgtdmMatrix> = (m) => {
  let sum = 0;
  for (let a = 0; a < m.p.length; a++) {
    for (let b = 0; b < m.p.length; b++) {
      sum += (Math.abs(m.levels[a] - m.levels[b]) * (m.p[a] * m.s[a] + m.p[b] * m.s[b])) / (m.p[a] + m.p[b]);
    }
  }
  return sum / m.Nvp;
};

/** Strength = sum_i sum_j (p_i + p_j)(i - j)^2 / sum_i s_i; 0 when sum s_i = 0. IBSI: strength. */
export const strength: FeatureFunction<NgtdmMatrix> = (m) => {
  const sSum = m.s.reduce((x, y) => x + y, 0);
  if (sSum === 0) return 0;
  let sum = 0;
  for (let a = 0; a < m.p.length; a++) for (let b = 0; b < m.p.length; b++) sum += (m.p[a] + m.p[b]) * (m.levels[a] - m.levels[b]) ** 2;
  return sum / sSum;
};

/** NGTDM features by PyRadiomics name. */
export const NGTDM_FEATURES: Record<string, FeatureFunction<NgtdmMatrix>> = {
  Busyness: busyness,
  Coarseness: coarseness,
  Complexity: complexity,
  Contrast: contrast,
  Strength: strength,
};

/**
 * Neighbouring gray tone difference matrix features (PyRadiomics RadiomicsNGTDM).
 *
 * @example
 * ngtdmFeatures(binned, { distances: [1], force2D: false, force2Ddimension: 0 }, null).Coarseness;
 */
export function ngtdmFeatures(
  roi: DiscretizedRoi,
  opts: { distances: number[]; force2D: boolean; force2Ddimension: number },
  names: string[] | null,
): Record<string, number> {
  return evaluateFeatures("ngtdm", NGTDM_FEATURES, ngtdmMatrix(roi, opts), names);
}
