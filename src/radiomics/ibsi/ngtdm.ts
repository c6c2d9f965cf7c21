import type { IbsiRoi } from "./roi";
import { meanFeatures, neighbourOffsets, suffixed, voxelGroups } from "./texture";

/** Neighbourhood grey tone difference matrix: s_i = sum |i - A| and n_i per grey level (index 1..ng). */
export interface ToneDifferences {
  s: Float64Array;
  n: Float64Array;
}

/**
 * NGTDM over `voxels` (IBSI "Neighbourhood grey tone difference based features", Chebyshev distance 1): A is the
 * mean grey level of a voxel's neighbours inside the ROI; voxels without any such neighbour are left out.
 */
export function toneDifferences(roi: IbsiRoi, voxels: Int32Array, twoD: boolean): ToneDifferences {
  const offsets = neighbourOffsets(roi, twoD);
  const s = new Float64Array(roi.ng + 1);
  const n = new Float64Array(roi.ng + 1);
  for (const v of voxels) {
    let count = 0;
    let sum = 0;
    for (const o of offsets) {
      const g = roi.gray[v + o];
      if (g > 0) (count++, (sum += g));
    }
    if (!count) continue;
    const g = roi.gray[v];
    s[g] += Math.abs(g - sum / count);
    n[g]++;
  }
  return { s, n };
}

/** Sum of NGTDMs (2.5D merging); no matrix gives an empty one. */
function merge(list: ToneDifferences[], ng: number): ToneDifferences {
  const s = new Float64Array(ng + 1);
  const n = new Float64Array(ng + 1);
  for (const m of list) for (let g = 0; g < s.length; g++) (s[g] += m.s[g]), (n[g] += m.n[g]);
  return { s, n };
}

/**
 * The five NGTDM features, with p_i = n_i / N_v, N_v = sum n_i, N_g,p the number of levels with p_i > 0:
 * - coarseness (QCDE) = 1 / sum p_i s_i;
 * - contrast (65HE) = [sum_i sum_j p_i p_j (i - j)^2 / (N_g,p (N_g,p - 1))] [sum s_i / N_v];
 * - busyness (NQ30) = sum p_i s_i / sum_i sum_j |i p_i - j p_j| over p_i, p_j > 0;
 * - complexity (HDEZ) = (1 / N_v) sum_i sum_j |i - j| (p_i s_i + p_j s_j) / (p_i + p_j);
 * - strength (1X9X) = sum_i sum_j (p_i + p_j)(i - j)^2 / sum s_i.
 */
export function toneFeatures(m: ToneDifferences): Record<string, number> {
  let nv = 0;
  for (const c of m.n) nv += c;
  const levels: number[] = [];
  for (let g = 1; g < m.n.length; g++) if (m.n[g] > 0) levels.push(g);
  const p = (g: number) => m.n[g] / nv;
  let ps = 0;
  let sSum = 0;
  for (const g of levels) (ps += p(g) * m.s[g]), (sSum += m.s[g]);
  let contrast = 0;
  let busy = 0;
  let complexity = 0;
  let strength = 0;
  for (const i of levels) {
    for (const j of levels) {
      contrast += p(i) * p(j) * (i - j) ** 2;
      busy += Math.abs(i * p(i) - j * p(j));
      complexity += (Math.abs(i - j) * (p(i) * m.s[i] + p(j) * m.s[j])) / (p(i) + p(j));
      strength += (p(i) + p(j)) * (i - j) ** 2;
    }
  }
  const ngp = levels.length;
  // No voxel with a neighbour (a one-voxel ROI): every feature is undefined.
  if (nv === 0) return { ngt_coarseness: NaN, ngt_contrast: NaN, ngt_busyness: NaN, ngt_complexity: NaN, ngt_strength: NaN };
  return {
    ngt_coarseness: ps === 0 ? 1e6 : 1 / ps,
    ngt_contrast: ngp > 1 ? (contrast / (ngp * (ngp - 1))) * (sSum / nv) : 0,
    ngt_busyness: busy === 0 ? 0 : ps / busy,
    ngt_complexity: complexity / nv,
    ngt_strength: sSum === 0 ? 0 : strength / sSum,
  };
}

/** NGTDM features: 2D (per slice, averaged), 2_5D (slice matrices merged) and 3D. */
export function toneDifferenceFeatures(roi: IbsiRoi): Record<string, number> {
  const [volume] = voxelGroups(roi, false);
  const slices = voxelGroups(roi, true).map((s) => toneDifferences(roi, s, true)).filter((m) => m.n.some((c) => c > 0));
  return {
    ...suffixed(slices.length ? meanFeatures(slices.map(toneFeatures)) : toneFeatures(merge([], roi.ng)), "2D"),
    ...suffixed(toneFeatures(merge(slices, roi.ng)), "2_5D"),
    ...suffixed(toneFeatures(toneDifferences(roi, volume, false)), "3D"),
  };
}
