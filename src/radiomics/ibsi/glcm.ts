import type { IbsiRoi } from "./roi";
import { DIRECTIONS_2D, DIRECTIONS_3D, meanFeatures, offsetOf, suffixed, voxelGroups } from "./texture";

/** A symmetric grey level co-occurrence count matrix, ng x ng, level i at row i - 1. */
export interface Cooccurrence {
  counts: Float64Array;
  ng: number;
}

/** Co-occurrences at distance 1 along one direction among `voxels`, counted both ways (symmetric matrix). */
export function cooccurrence(roi: IbsiRoi, direction: readonly number[], voxels: Int32Array): Cooccurrence {
  const ng = roi.ng;
  const counts = new Float64Array(ng * ng);
  const step = offsetOf(roi, direction);
  for (const v of voxels) {
    const j = roi.gray[v + step];
    if (j === 0) continue;
    const i = roi.gray[v];
    counts[(i - 1) * ng + (j - 1)]++;
    counts[(j - 1) * ng + (i - 1)]++;
  }
  return { counts, ng };
}

/** Sum of matrices (IBSI merging); no matrix gives an empty one. */
function merge(list: Cooccurrence[], ng: number): Cooccurrence {
  const counts = new Float64Array(ng * ng);
  for (const m of list) for (let k = 0; k < counts.length; k++) counts[k] += m.counts[k];
  return { counts, ng };
}

/** -sum p log2 p over p > 0. */
function entropy(p: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < p.length; k++) if (p[k] > 0) s -= p[k] * Math.log2(p[k]);
  return s;
}

/**
 * The 25 IBSI GLCM features of one matrix (p = counts / total; p_x, p_y marginals; p_{i-j}(k), k = 0..ng-1;
 * p_{i+j}(k), k = 2..2ng):
 * joint maximum max p (GYBY), joint average mu = sum i p (60VM), joint variance sum (i - mu)^2 p (UR99),
 * joint entropy (TU9B), difference average/variance/entropy of p_{i-j} (TF7R, D3YU, NTRS), sum average/variance/
 * entropy of p_{i+j} (ZGXS, OEEB, P6QZ), angular second moment sum p^2 (8ZQL), contrast sum (i-j)^2 p (ACUI),
 * dissimilarity sum |i-j| p (8S9J), inverse difference sum p / (1 + |i-j|) (IB1Z) and normalised with |i-j| / ng
 * (NDRX), inverse difference moment with (i-j)^2 (WF0Z) and normalised with (i-j)^2 / ng^2 (1QCO), inverse variance
 * sum_{i != j} p / (i-j)^2 (E8JP), correlation (NI2N), autocorrelation sum i j p (QWB0), cluster tendency/shade/
 * prominence sum (i + j - 2 mu)^{2,3,4} p (DG8W, 7NFM, AE86), information correlation 1 (HXY - HXY1) / HX (R8DG)
 * and 2 sqrt(1 - exp(-2 (HXY2 - HXY))) (JN9H).
 */
export function cooccurrenceFeatures(m: Cooccurrence): Record<string, number> {
  const { ng } = m;
  let total = 0;
  for (const c of m.counts) total += c;
  const p = m.counts.map((c) => c / total);
  const px = new Float64Array(ng);
  const diff = new Float64Array(ng);
  const sum = new Float64Array(2 * ng + 1);
  let max = 0;
  let mu = 0;
  let energy = 0;
  let contrast = 0;
  let dissimilarity = 0;
  let invDiff = 0;
  let invDiffNorm = 0;
  let invMom = 0;
  let invMomNorm = 0;
  let invVar = 0;
  let autoCorr = 0;
  for (let a = 0; a < ng; a++) {
    for (let b = 0; b < ng; b++) {
      const v = p[a * ng + b];
      if (v === 0) continue;
      const i = a + 1;
      const j = b + 1;
      const d = Math.abs(i - j);
      px[a] += v;
      diff[d] += v;
      sum[i + j] += v;
      if (v > max) max = v;
      mu += i * v;
      energy += v * v;
      contrast += d * d * v;
      dissimilarity += d * v;
      invDiff += v / (1 + d);
      invDiffNorm += v / (1 + d / ng);
      invMom += v / (1 + d * d);
      invMomNorm += v / (1 + (d * d) / (ng * ng));
      if (d > 0) invVar += v / (d * d);
      autoCorr += i * j * v;
    }
  }
  let jointVar = 0;
  let cov = 0;
  let tend = 0;
  let shade = 0;
  let prom = 0;
  let hxy1 = 0;
  let hxy2 = 0;
  for (let a = 0; a < ng; a++) {
    for (let b = 0; b < ng; b++) {
      const q = px[a] * px[b];
      if (q > 0) hxy2 -= q * Math.log2(q);
      const v = p[a * ng + b];
      if (v === 0) continue;
      const i = a + 1;
      const j = b + 1;
      const c = i + j - 2 * mu;
      jointVar += (i - mu) ** 2 * v;
      cov += (i - mu) * (j - mu) * v;
      tend += c * c * v;
      shade += c ** 3 * v;
      prom += c ** 4 * v;
      hxy1 -= v * Math.log2(q);
    }
  }
  let diffAvg = 0;
  for (let k = 0; k < ng; k++) diffAvg += k * diff[k];
  let diffVar = 0;
  for (let k = 0; k < ng; k++) diffVar += (k - diffAvg) ** 2 * diff[k];
  let sumAvg = 0;
  for (let k = 2; k <= 2 * ng; k++) sumAvg += k * sum[k];
  let sumVar = 0;
  for (let k = 2; k <= 2 * ng; k++) sumVar += (k - sumAvg) ** 2 * sum[k];
  const hxy = entropy(p);
  const hx = entropy(px);
  const features: Record<string, number> = {
    cm_joint_max: max,
    cm_joint_avg: mu,
    cm_joint_var: jointVar,
    cm_joint_entr: hxy,
    cm_diff_avg: diffAvg,
    cm_diff_var: diffVar,
    cm_diff_entr: entropy(diff),
    cm_sum_avg: sumAvg,
    cm_sum_var: sumVar,
    cm_sum_entr: entropy(sum),
    cm_energy: energy,
    cm_contrast: contrast,
    cm_dissimilarity: dissimilarity,
    cm_inv_diff: invDiff,
    cm_inv_diff_norm: invDiffNorm,
    cm_inv_diff_mom: invMom,
    cm_inv_diff_mom_norm: invMomNorm,
    cm_inv_var: invVar,
    cm_corr: jointVar === 0 ? 1 : cov / jointVar,
    cm_auto_corr: autoCorr,
    cm_clust_tend: tend,
    cm_clust_shade: shade,
    cm_clust_prom: prom,
    cm_info_corr1: hx === 0 ? 0 : (hxy - hxy1) / hx,
    cm_info_corr2: Math.sqrt(Math.max(0, 1 - Math.exp(-2 * (hxy2 - hxy)))),
  };
  // No pair at all (a one-voxel ROI, or one voxel per slice): every feature is undefined.
  if (total === 0) for (const key of Object.keys(features)) features[key] = NaN;
  return features;
}

/** True when the matrix holds at least one pair (empty slice-direction matrices are left out of averages). */
const nonEmpty = (m: Cooccurrence) => m.counts.some((c) => c > 0);

/**
 * GLCM features in the six IBSI aggregations (see runLengthFeatures for their meaning). The matrix is symmetric,
 * so the row and column marginals agree and the correlation uses sigma_x sigma_y = joint variance.
 */
export function cooccurrenceAggregations(roi: IbsiRoi): Record<string, number> {
  const [volume] = voxelGroups(roi, false);
  const perDirection = DIRECTIONS_3D.map((d) => cooccurrence(roi, d, volume)).filter(nonEmpty);
  const perSlice = voxelGroups(roi, true)
    .map((s) => DIRECTIONS_2D.map((d) => cooccurrence(roi, d, s)))
    .filter((dirs) => dirs.some(nonEmpty));
  const { ng } = roi;
  const f = cooccurrenceFeatures;
  // Average of the features of the matrices; NaN features when there is none.
  const averaged = (list: Cooccurrence[]) => (list.length ? meanFeatures(list.map(f)) : f(merge([], ng)));
  const byDirection = DIRECTIONS_2D.map((_, k) => merge(perSlice.map((dirs) => dirs[k]), ng)).filter(nonEmpty);
  return {
    ...suffixed(averaged(perSlice.flat().filter(nonEmpty)), "2D_avg"),
    ...suffixed(averaged(perSlice.map((dirs) => merge(dirs, ng))), "2D_comb"),
    ...suffixed(averaged(byDirection), "2_5D_avg"),
    ...suffixed(f(merge(perSlice.flat(), ng)), "2_5D_comb"),
    ...suffixed(averaged(perDirection), "3D_avg"),
    ...suffixed(f(merge(perDirection, ng)), "3D_comb"),
  };
}
