import { generateAngles } from "../angles";
import type { DiscretizedRoi } from "../discretize";
import { deflatedLargestEigenvalue, symmetricEigenvalues } from "../linalg";
import { EPS, angleMean, evaluateFeatures, nanmean, type FeatureFunction } from "./common";
import { cooccurrenceKernel } from "../kernels/texture";
import { paddedRoi } from "./padded";

/**
 * One normalised gray level co-occurrence matrix p(i, j) (one angle, or the distance-weighted sum),
 * restricted to the gray levels present in the ROI, with its marginals. Only the non-zero entries are stored,
 * in row-major order: every sum over the matrix adds the same terms in the same order as a dense loop (the
 * skipped terms are exact zeros), so the values are those of the dense computation, bit for bit.
 */
export interface GlcmMatrix {
  /** Number of present gray levels (the matrix is n x n). */
  n: number;
  /** Row and column (indices into `levels`) and p(i, j) of each non-zero entry, row-major. An empty matrix
   * (sum 0, p NaN as in PyRadiomics) lists all n x n entries. */
  row: Int32Array;
  col: Int32Array;
  p: Float64Array;
  /** Gray level value of each row/column. */
  levels: Float64Array;
  /** Highest gray level in the ROI (PyRadiomics' Ng). */
  Ng: number;
  px: Float64Array;
  py: Float64Array;
  ux: number;
  uy: number;
  /** p_{x+y}(k), index k - 2, k = 2..2Ng. */
  pxAddy: Float64Array;
  /** p_{x-y}(k), index k, k = 0..Ng-1. */
  pxSuby: Float64Array;
  /** Joint entropy HXY = -sum p log2(p + eps). */
  hxy: number;
}

/** Distance weight of an offset (dz, dy, dx) for `weightingNorm`, as PyRadiomics (spacing in z, y, x). */
export function distanceWeight(norm: string, offset: ArrayLike<number>, spacingZyx: ArrayLike<number>): number {
  const d = [0, 1, 2].map((k) => Math.abs(offset[k]) * spacingZyx[k]);
  if (norm === "infinity") return Math.exp(-(Math.max(d[0], d[1], d[2]) ** 2));
  if (norm === "euclidean") return Math.exp(-(d[0] ** 2 + d[1] ** 2 + d[2] ** 2));
  if (norm === "manhattan") return Math.exp(-((d[0] + d[1] + d[2]) ** 2));
  return 1;
}

/**
 * Counts co-occurrences P(i, j | a): voxel with level i and its neighbour at offset a with level j, both in
 * the ROI (PyRadiomics cmatrices calculate_glcm), every angle in one pass over the ROI voxels (WebAssembly,
 * kernels/texture.ts).
 * Returns counts indexed [a * n * n + i' * n + j'] over present levels.
 */
function countCooccurrences(roi: DiscretizedRoi, angles: Int32Array, levelIndex: Int32Array, n: number, pad: number): Int32Array {
  const padded = paddedRoi(roi, pad);
  const [px, py] = padded.size;
  const na = angles.length / 3;
  const steps = new Int32Array(na);
  for (let a = 0; a < na; a++) steps[a] = angles[3 * a + 2] + px * (angles[3 * a + 1] + py * angles[3 * a]);
  return cooccurrenceKernel(padded.gray, padded.voxels, steps, levelIndex, n);
}

/** P + P^T in place, for the n x n block of `counts` starting at `offset`. */
function symmetrise(counts: Int32Array, offset: number, n: number): void {
  for (let a = 0; a < n; a++) {
    counts[offset + a * n + a] *= 2;
    for (let b = a + 1; b < n; b++) {
      const s = counts[offset + a * n + b] + counts[offset + b * n + a];
      counts[offset + a * n + b] = s;
      counts[offset + b * n + a] = s;
    }
  }
}

/**
 * The normalised matrix of the dense n x n block `P` at `offset`: its non-zero entries divided by their sum
 * (summed in row-major order, as numpy does), with marginals and sums. An all-zero block gives NaN entries.
 */
function normalise(P: ArrayLike<number>, offset: number, n: number, levels: Float64Array, Ng: number): GlcmMatrix {
  const nn = n * n;
  let nnz = 0;
  let total = 0;
  for (let k = 0; k < nn; k++) {
    const v = P[offset + k];
    if (v !== 0) {
      nnz++;
      total += v;
    }
  }
  if (nnz === 0) {
    total = NaN;
    nnz = nn;
  }
  const row = new Int32Array(nnz);
  const col = new Int32Array(nnz);
  const p = new Float64Array(nnz);
  for (let k = 0, e = 0; k < nn; k++) {
    const v = P[offset + k];
    if (v === 0 && total === total) continue;
    row[e] = (k / n) | 0;
    col[e] = k % n;
    p[e++] = v / total;
  }
  return describe(row, col, p, n, levels, Ng);
}

/** Marginals and sums of a normalised matrix. */
function describe(row: Int32Array, col: Int32Array, p: Float64Array, n: number, levels: Float64Array, Ng: number): GlcmMatrix {
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  const pxAddy = new Float64Array(Math.max(2 * Ng - 1, 1));
  const pxSuby = new Float64Array(Math.max(Ng, 1));
  let ux = 0;
  let uy = 0;
  let hxy = 0;
  for (let e = 0; e < p.length; e++) {
    const a = row[e];
    const b = col[e];
    const v = p[e];
    px[a] += v;
    py[b] += v;
    ux += levels[a] * v;
    uy += levels[b] * v;
    pxAddy[levels[a] + levels[b] - 2] += v;
    pxSuby[Math.abs(levels[a] - levels[b])] += v;
    hxy -= v * Math.log2(v + EPS);
  }
  return { n, row, col, p, levels, Ng, px, py, ux, uy, pxAddy, pxSuby, hxy };
}

/**
 * The per-angle (or weighted) normalised GLCMs of a discretised ROI, as PyRadiomics builds them:
 * counts on the present gray levels, optional symmetrisation (P + P^T), optional distance weighting,
 * empty angles dropped, each matrix divided by its sum.
 */
export function glcmMatrices(
  roi: DiscretizedRoi,
  opts: { distances: number[]; symmetrical: boolean; weightingNorm: string | null; force2D: boolean; force2Ddimension: number },
): GlcmMatrix[] {
  const n = roi.grayLevels.length;
  const nn = n * n;
  const levelIndex = new Int32Array(roi.Ng + 1).fill(-1);
  roi.grayLevels.forEach((g, k) => (levelIndex[g] = k));
  const levels = new Float64Array(roi.grayLevels);
  const sizeZyx: [number, number, number] = [roi.size[2], roi.size[1], roi.size[0]];
  const angles = generateAngles(sizeZyx, opts.distances, opts.force2D ? opts.force2Ddimension : -1, false);
  const na = angles.length / 3;
  const counts = countCooccurrences(roi, angles, levelIndex, n, Math.max(...opts.distances));
  if (opts.symmetrical) for (let a = 0; a < na; a++) symmetrise(counts, a * nn, n);
  if (opts.weightingNorm !== null) {
    const spacingZyx = [roi.spacing[2], roi.spacing[1], roi.spacing[0]];
    const W = new Float64Array(nn);
    for (let a = 0; a < na; a++) {
      const w = distanceWeight(opts.weightingNorm, angles.subarray(3 * a, 3 * a + 3), spacingZyx);
      for (let k = 0; k < nn; k++) W[k] += counts[a * nn + k] * w;
    }
    return [normalise(W, 0, n, levels, roi.Ng)];
  }
  const mats: GlcmMatrix[] = [];
  for (let a = 0; a < na; a++) {
    const m = normalise(counts, a * nn, n, levels, roi.Ng);
    // Empty angles are dropped unless there is only one.
    if (na === 1 || m.p[0] === m.p[0]) mats.push(m);
  }
  return mats;
}

/**
 * sum p(i,j) f(i + j), with f tabulated once per level sum (f's value depends on i + j only, so each term is
 * exactly the one the direct expression gives).
 */
const sumOverLevelSum = (m: GlcmMatrix, f: (k: number) => number): number => {
  const table = new Float64Array(2 * m.Ng + 1);
  for (let k = 2; k <= 2 * m.Ng; k++) table[k] = f(k);
  let s = 0;
  for (let e = 0; e < m.p.length; e++) s += m.p[e] * table[m.levels[m.row[e]] + m.levels[m.col[e]]];
  return s;
};

/** f(i) for every present level (row or column index), tabulated once. */
const perLevel = (m: GlcmMatrix, f: (i: number) => number): Float64Array => m.levels.map(f);

/** Autocorrelation = sum p(i,j) i j. IBSI: autocorrelation. */
export const autocorrelation: FeatureFunction<GlcmMatrix> = (m) => {
  // Loops over the matrix are written out per feature: a shared loop calling a per-feature term closure
  // is not inlined once several features use it, and then costs a call per entry.
  const { p, row, col, levels } = m;
  let s = 0;
  for (let e = 0; e < p.length; e++) s += p[e] * levels[row[e]] * levels[col[e]];
  return s;
};

/** Joint average mu_x = sum p(i,j) i. IBSI: joint average. */
export const jointAverage: FeatureFunction<GlcmMatrix> = (m) => m.ux;

/** Cluster prominence = sum (i + j - mu_x - mu_y)^4 p(i,j). IBSI: cluster prominence. */
export const clusterProminence: FeatureFunction<GlcmMatrix> = (m) => sumOverLevelSum(m, (k) => (k - m.ux - m.uy) ** 4);

/** Cluster shade = sum (i + j - mu_x - mu_y)^3 p(i,j). IBSI: cluster shade. */
export const clusterShade: FeatureFunction<GlcmMatrix> = (m) => sumOverLevelSum(m, (k) => (k - m.ux - m.uy) ** 3);

/** Cluster tendency = sum (i + j - mu_x - mu_y)^2 p(i,j). IBSI: cluster tendency. */
export const clusterTendency: FeatureFunction<GlcmMatrix> = (m) => sumOverLevelSum(m, (k) => (k - m.ux - m.uy) ** 2);

/** Contrast = sum (i - j)^2 p(i,j). IBSI: contrast. */
export const contrast: FeatureFunction<GlcmMatrix> = (m) => {
  const { p, row, col, levels } = m;
  let s = 0;
  for (let e = 0; e < p.length; e++) s += p[e] * (levels[row[e]] - levels[col[e]]) ** 2;
  return s;
};

/**
 * Correlation = (sum p(i,j) (i - mu_x)(j - mu_y)) / (sigma_x sigma_y + eps); 1 when sigma_x sigma_y = 0
 * (flat region). IBSI: correlation.
 */
export const correlation: FeatureFunction<GlcmMatrix> = (m) => {
  const dx = perLevel(m, (i) => i - m.ux);
  const dy = perLevel(m, (j) => j - m.uy);
  let vx = 0;
  let vy = 0;
  let cov = 0;
  for (let e = 0; e < m.p.length; e++) vx += m.p[e] * dx[m.row[e]] ** 2;
  for (let e = 0; e < m.p.length; e++) vy += m.p[e] * dy[m.col[e]] ** 2;
  const sx = Math.sqrt(vx);
  const sy = Math.sqrt(vy);
  if (sx * sy === 0) return 1;
  for (let e = 0; e < m.p.length; e++) cov += m.p[e] * dx[m.row[e]] * dy[m.col[e]];
  return cov / (sx * sy + EPS);
};

const sumDiff = (m: GlcmMatrix, term: (k: number, p: number) => number): number => {
  let s = 0;
  for (let k = 0; k < m.pxSuby.length; k++) s += term(k, m.pxSuby[k]);
  return s;
};

/** Difference average = sum_k k p_{x-y}(k). IBSI: difference average. */
export const differenceAverage: FeatureFunction<GlcmMatrix> = (m) => sumDiff(m, (k, p) => k * p);

/** Difference entropy = -sum_k p_{x-y}(k) log2(p_{x-y}(k) + eps). IBSI: difference entropy. */
export const differenceEntropy: FeatureFunction<GlcmMatrix> = (m) => -sumDiff(m, (_k, p) => p * Math.log2(p + EPS));

/** Difference variance = sum_k (k - DA)^2 p_{x-y}(k). IBSI: difference variance. */
export const differenceVariance: FeatureFunction<GlcmMatrix> = (m) => {
  const da = differenceAverage(m);
  return sumDiff(m, (k, p) => p * (k - da) ** 2);
};

/** Joint energy = sum p(i,j)^2. IBSI: angular second moment. */
export const jointEnergy: FeatureFunction<GlcmMatrix> = (m) => {
  let s = 0;
  for (let e = 0; e < m.p.length; e++) s += m.p[e] * m.p[e];
  return s;
};

/** Joint entropy = -sum p(i,j) log2(p(i,j) + eps). IBSI: joint entropy. */
export const jointEntropy: FeatureFunction<GlcmMatrix> = (m) => m.hxy;

interface Entropies {
  hx: number;
  hy: number;
  hxy1: number;
  hxy2: number;
}

const entropyCache = new WeakMap<GlcmMatrix, Entropies>();

/** Marginal entropies and the cross entropies HXY1, HXY2 used by Imc1/Imc2 (computed once per matrix). */
function entropies(m: GlcmMatrix): Entropies {
  const hit = entropyCache.get(m);
  if (hit) return hit;
  const { n, px, py } = m;
  let hx = 0;
  let hy = 0;
  for (let a = 0; a < n; a++) {
    hx -= px[a] * Math.log2(px[a] + EPS);
    hy -= py[a] * Math.log2(py[a] + EPS);
  }
  let hxy1 = 0;
  for (let e = 0; e < m.p.length; e++) hxy1 -= m.p[e] * Math.log2(px[m.row[e]] * py[m.col[e]] + EPS);
  // Every (i, j) pair counts here; a row with p_x(i) = 0 adds exact zeros only.
  let hxy2 = 0;
  for (let a = 0; a < n; a++) {
    if (px[a] === 0) continue;
    for (let b = 0; b < n; b++) {
      const q = px[a] * py[b];
      hxy2 -= q * Math.log2(q + EPS);
    }
  }
  const out = { hx, hy, hxy1, hxy2 };
  entropyCache.set(m, out);
  return out;
}

/** Informational measure of correlation 1 = (HXY - HXY1) / max(HX, HY); 0 when both are 0. IBSI: information correlation 1. */
export const imc1: FeatureFunction<GlcmMatrix> = (m) => {
  const { hx, hy, hxy1 } = entropies(m);
  const div = Number.isNaN(hx) ? hy : Number.isNaN(hy) ? hx : Math.max(hx, hy);
  return div === 0 ? 0 : (m.hxy - hxy1) / div;
};

/** Informational measure of correlation 2 = sqrt(1 - exp(-2 (HXY2 - HXY))); 0 when HXY2 = HXY. IBSI: information correlation 2. */
export const imc2: FeatureFunction<GlcmMatrix> = (m) => {
  const { hxy2 } = entropies(m);
  return hxy2 === m.hxy ? 0 : Math.sqrt(1 - Math.exp(-2 * (hxy2 - m.hxy)));
};

/** Inverse difference moment = sum_k p_{x-y}(k) / (1 + k^2). IBSI: inverse difference moment. */
export const idm: FeatureFunction<GlcmMatrix> = (m) => sumDiff(m, (k, p) => p / (1 + k * k));

/**
 * Matrices up to this many gray levels get MCC from a dense eigen-decomposition (cheap at that size);
 * larger ones from Lanczos iterations on the sparse matrix.
 */
const MCC_DENSE_MAX = 40;

/**
 * Maximal correlation coefficient = sqrt(second largest eigenvalue of Q), Q(i,j) = sum_k p(i,k) p(j,k) / (p_x(i) p_y(k)).
 * Q is similar to the symmetric S = M M^T with M(i,k) = p(i,k) / sqrt(p_x(i) p_y(k)), whose largest eigenvalue
 * is 1 with eigenvector sqrt(p_x) (PyRadiomics adds eps to Q's denominator; the difference is below 1e-9 relative
 * for ROIs of tens of voxels). Up to {@link MCC_DENSE_MAX} gray levels all eigenvalues of S are computed
 * (Householder + QL); above, the largest on the complement of sqrt(p_x) (Lanczos, residual below 1e-13,
 * agreeing with the dense result to about 1e-15). IBSI: not defined.
 */
export const mcc: FeatureFunction<GlcmMatrix> = (m) => Math.sqrt(secondEigenvalue(m));

/**
 * MCC of `m` embedded in a larger matrix whose extra gray levels never occur (PyRadiomics' voxel-based GLCM is sized
 * by the gray levels of the whole discretised region): their zero rows add zero eigenvalues to Q, so the second
 * largest eigenvalue is max(lambda_2, 0), and 0 when `m` holds a single gray level.
 */
export const mccWithAbsentLevels: FeatureFunction<GlcmMatrix> = (m) => (m.n < 2 ? 0 : Math.sqrt(Math.max(secondEigenvalue(m), 0)));

/** Second largest eigenvalue of MCC's Q (see {@link mcc}). */
function secondEigenvalue(m: GlcmMatrix): number {
  const { n, row, col, px, py } = m;
  const nnz = m.p.length;
  const values = new Float64Array(nnz);
  for (let e = 0; e < nnz; e++) {
    const den = px[row[e]] * py[col[e]];
    values[e] = den > 0 ? m.p[e] / Math.sqrt(den) : 0;
  }
  if (n > MCC_DENSE_MAX && m.p[0] === m.p[0]) return secondEigenvalueSparse(m, values);
  // M's non-zero entries grouped by column (rows ascending within a column: the entries are row-major).
  const colStart = new Int32Array(n + 1);
  for (let e = 0; e < nnz; e++) colStart[col[e] + 1]++;
  for (let k = 0; k < n; k++) colStart[k + 1] += colStart[k];
  const fill = colStart.slice(0, n);
  const colRow = new Int32Array(nnz);
  const colM = new Float64Array(nnz);
  for (let e = 0; e < nnz; e++) {
    const slot = fill[col[e]]++;
    colRow[slot] = row[e];
    colM[slot] = values[e];
  }
  // S(a, b) = sum_k M(a, k) M(b, k), accumulated in ascending k as a dense product would (its other terms are 0).
  const S = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    for (let x = colStart[k]; x < colStart[k + 1]; x++) {
      const a = colRow[x];
      const ma = colM[x];
      for (let y = x; y < colStart[k + 1]; y++) S[a * n + colRow[y]] += ma * colM[y];
    }
  }
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) S[b * n + a] = S[a * n + b];
  const ev = symmetricEigenvalues(S, n);
  return ev[n - 2];
}

/** Second largest eigenvalue of M M^T (M given by its entries `values` at m.row, m.col): Lanczos off sqrt(p_x). */
function secondEigenvalueSparse(m: GlcmMatrix, values: Float64Array): number {
  const { n, row, col } = m;
  const u = new Float64Array(n);
  let norm = 0;
  for (let a = 0; a < n; a++) norm += m.px[a];
  for (let a = 0; a < n; a++) u[a] = Math.sqrt(m.px[a] / norm);
  // The entries are row-major: row a is entries rowStart[a] .. rowStart[a + 1] - 1 (compressed sparse rows).
  const rowStart = new Int32Array(n + 1);
  for (let e = 0; e < row.length; e++) rowStart[row[e] + 1]++;
  for (let a = 0; a < n; a++) rowStart[a + 1] += rowStart[a];
  return deflatedLargestEigenvalue({ rows: n, columns: n, rowStart, col, values }, u);
}

/** Normalised inverse difference moment = sum_k p_{x-y}(k) / (1 + k^2 / Ng^2). IBSI: normalised inverse difference moment. */
export const idmn: FeatureFunction<GlcmMatrix> = (m) => sumDiff(m, (k, p) => p / (1 + (k * k) / (m.Ng * m.Ng)));

/** Inverse difference = sum_k p_{x-y}(k) / (1 + k). IBSI: inverse difference. */
export const id: FeatureFunction<GlcmMatrix> = (m) => sumDiff(m, (k, p) => p / (1 + k));

/** Normalised inverse difference = sum_k p_{x-y}(k) / (1 + k / Ng). IBSI: normalised inverse difference. */
export const idn: FeatureFunction<GlcmMatrix> = (m) => sumDiff(m, (k, p) => p / (1 + k / m.Ng));

/** Inverse variance = sum_{k>=1} p_{x-y}(k) / k^2. IBSI: inverse variance. */
export const inverseVariance: FeatureFunction<GlcmMatrix> = (m) => sumDiff(m, (k, p) => (k === 0 ? 0 : p / (k * k)));

/** Maximum probability = max p(i,j). IBSI: joint maximum. */
export const maximumProbability: FeatureFunction<GlcmMatrix> = (m) => {
  let best = -Infinity;
  // Zero entries are not stored; a non-empty matrix has a positive one.
  for (let k = 0; k < m.p.length; k++) {
    if (Number.isNaN(m.p[k])) return NaN;
    if (m.p[k] > best) best = m.p[k];
  }
  return best;
};

/** Sum average = sum_k k p_{x+y}(k). IBSI: sum average. */
export const sumAverage: FeatureFunction<GlcmMatrix> = (m) => {
  let s = 0;
  for (let k = 0; k < m.pxAddy.length; k++) s += (k + 2) * m.pxAddy[k];
  return s;
};

/** Sum entropy = -sum_k p_{x+y}(k) log2(p_{x+y}(k) + eps). IBSI: sum entropy. */
export const sumEntropy: FeatureFunction<GlcmMatrix> = (m) => {
  let s = 0;
  for (let k = 0; k < m.pxAddy.length; k++) s -= m.pxAddy[k] * Math.log2(m.pxAddy[k] + EPS);
  return s;
};

/** Sum of squares = sum (i - mu_x)^2 p(i,j). IBSI: joint variance. */
export const sumSquares: FeatureFunction<GlcmMatrix> = (m) => {
  const dx = perLevel(m, (i) => i - m.ux);
  let s = 0;
  for (let e = 0; e < m.p.length; e++) s += m.p[e] * dx[m.row[e]] ** 2;
  return s;
};

/** GLCM features by PyRadiomics name; each is averaged over angles (nanmean). */
export const GLCM_FEATURES: Record<string, FeatureFunction<GlcmMatrix>> = {
  Autocorrelation: autocorrelation,
  ClusterProminence: clusterProminence,
  ClusterShade: clusterShade,
  ClusterTendency: clusterTendency,
  Contrast: contrast,
  Correlation: correlation,
  DifferenceAverage: differenceAverage,
  DifferenceEntropy: differenceEntropy,
  DifferenceVariance: differenceVariance,
  Id: id,
  Idm: idm,
  Idmn: idmn,
  Idn: idn,
  Imc1: imc1,
  Imc2: imc2,
  InverseVariance: inverseVariance,
  JointAverage: jointAverage,
  JointEnergy: jointEnergy,
  JointEntropy: jointEntropy,
  MCC: mcc,
  MaximumProbability: maximumProbability,
  SumAverage: sumAverage,
  SumEntropy: sumEntropy,
  SumSquares: sumSquares,
};

/**
 * Gray level co-occurrence matrix features (PyRadiomics RadiomicsGLCM): each feature on every angle's
 * matrix, then averaged over angles. MCC is 1 when the ROI holds a single gray level.
 * `levelCount` (voxel-based extraction): the number of gray levels of the whole discretised region, by which
 * PyRadiomics sizes every kernel's matrix; levels absent from `roi` change only MCC (see {@link mccWithAbsentLevels}).
 *
 * @example
 * glcmFeatures(binned, { distances: [1], symmetrical: true, weightingNorm: null, force2D: false, force2Ddimension: 0 }, null).Idmn;
 */
export function glcmFeatures(
  roi: DiscretizedRoi,
  opts: { distances: number[]; symmetrical: boolean; weightingNorm: string | null; force2D: boolean; force2Ddimension: number; levelCount?: number },
  names: string[] | null,
): Record<string, number> {
  const mats = glcmMatrices(roi, opts);
  const levels = opts.levelCount ?? roi.grayLevels.length;
  const mccOf = levels > roi.grayLevels.length ? mccWithAbsentLevels : mcc;
  const averaged: Record<string, FeatureFunction<GlcmMatrix[]>> = {};
  for (const [name, f] of Object.entries(GLCM_FEATURES)) averaged[name] = (ms) => angleMean(ms, f);
  // PyRadiomics averages JointAverage with a plain mean and returns MCC = 1 for a one-level ROI, even when no
  // angle has a voxel pair (every angle dropped; the other features are then NaN, numpy's mean of nothing).
  averaged.JointAverage = (ms) => ms.reduce((s, m) => s + m.ux, 0) / ms.length;
  averaged.MCC = (ms) => (levels < 2 ? 1 : nanmean(ms.map(mccOf)));
  return evaluateFeatures("glcm", averaged, mats, names);
}
