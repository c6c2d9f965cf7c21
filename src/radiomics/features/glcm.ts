import { generateAngles } from "../angles";
import type { DiscretizedRoi } from "../discretize";
import { symmetricEigenvalues } from "../linalg";
import { EPS, angleMean, evaluateFeatures, nanmean, type FeatureFunction } from "./common";
import { paddedRoi } from "./padded";

/**
 * One normalised gray level co-occurrence matrix p(i, j) (one angle, or the distance-weighted sum),
 * restricted to the gray levels present in the ROI, with its marginals.
 */
export interface GlcmMatrix {
  /** Number of present gray levels (matrix is n x n, row-major). */
  n: number;
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
 * the ROI (PyRadiomics cmatrices calculate_glcm). Returns counts indexed [a][i'][j'] over present levels.
 */
function countCooccurrences(roi: DiscretizedRoi, angles: Int32Array, levelIndex: Int32Array, n: number, pad: number): Float64Array[] {
  const padded = paddedRoi(roi, pad);
  const [px, py] = padded.size;
  const gray = padded.gray;
  const out: Float64Array[] = [];
  for (let a = 0; a < angles.length / 3; a++) {
    const P = new Float64Array(n * n);
    const step = angles[3 * a + 2] + px * (angles[3 * a + 1] + py * angles[3 * a]);
    for (const v of padded.voxels) {
      const h = gray[v + step];
      if (h !== 0) P[levelIndex[gray[v]] * n + levelIndex[h]]++;
    }
    out.push(P);
  }
  return out;
}

/** Marginals and sums of a normalised matrix. */
function describe(p: Float64Array, n: number, levels: Float64Array, Ng: number): GlcmMatrix {
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  const pxAddy = new Float64Array(Math.max(2 * Ng - 1, 1));
  const pxSuby = new Float64Array(Math.max(Ng, 1));
  let ux = 0;
  let uy = 0;
  let hxy = 0;
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const v = p[a * n + b];
      px[a] += v;
      py[b] += v;
      ux += levels[a] * v;
      uy += levels[b] * v;
      pxAddy[levels[a] + levels[b] - 2] += v;
      pxSuby[Math.abs(levels[a] - levels[b])] += v;
      hxy -= v * Math.log2(v + EPS);
    }
  }
  return { n, p, levels, Ng, px, py, ux, uy, pxAddy, pxSuby, hxy };
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
  const levelIndex = new Int32Array(roi.Ng + 1).fill(-1);
  roi.grayLevels.forEach((g, k) => (levelIndex[g] = k));
  const levels = Float64Array.from(roi.grayLevels);
  const sizeZyx: [number, number, number] = [roi.size[2], roi.size[1], roi.size[0]];
  const angles = generateAngles(sizeZyx, opts.distances, opts.force2D ? opts.force2Ddimension : -1, false);
  let mats = countCooccurrences(roi, angles, levelIndex, n, Math.max(...opts.distances));
  if (opts.symmetrical) {
    mats = mats.map((P) => {
      const S = new Float64Array(n * n);
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) S[a * n + b] = P[a * n + b] + P[b * n + a];
      return S;
    });
  }
  if (opts.weightingNorm !== null) {
    const spacingZyx = [roi.spacing[2], roi.spacing[1], roi.spacing[0]];
    const W = new Float64Array(n * n);
    mats.forEach((P, a) => {
      const w = distanceWeight(opts.weightingNorm as string, angles.subarray(3 * a, 3 * a + 3), spacingZyx);
      for (let k = 0; k < W.length; k++) W[k] += P[k] * w;
    });
    mats = [W];
  }
  const sums = mats.map((P) => P.reduce((s, v) => s + v, 0));
  if (mats.length > 1) {
    const keep = sums.map((s) => s !== 0);
    mats = mats.filter((_, a) => keep[a]);
    const kept = sums.filter((s) => s !== 0);
    sums.length = 0;
    sums.push(...kept);
  }
  return mats.map((P, a) => {
    const total = sums[a] === 0 ? NaN : sums[a];
    const p = new Float64Array(n * n);
    for (let k = 0; k < p.length; k++) p[k] = P[k] / total;
    return describe(p, n, levels, roi.Ng);
  });
}

const sumOver = (m: GlcmMatrix, term: (i: number, j: number, p: number) => number): number => {
  let s = 0;
  for (let a = 0; a < m.n; a++) for (let b = 0; b < m.n; b++) s += term(m.levels[a], m.levels[b], m.p[a * m.n + b]);
  return s;
};

/** Autocorrelation = sum p(i,j) i j. IBSI: autocorrelation. */
export const autocorrelation: FeatureFunction<GlcmMatrix> = (m) => sumOver(m, (i, j, p) => p * i * j);

/** Joint average mu_x = sum p(i,j) i. IBSI: joint average. */
export const jointAverage: FeatureFunction<GlcmMatrix> = (m) => m.ux;

/** Cluster prominence = sum (i + j - mu_x - mu_y)^4 p(i,j). IBSI: cluster prominence. */
export const clusterProminence: FeatureFunction<GlcmMatrix> = (m) => sumOver(m, (i, j, p) => p * (i + j - m.ux - m.uy) ** 4);

/** Cluster shade = sum (i + j - mu_x - mu_y)^3 p(i,j). IBSI: cluster shade. */
export const clusterShade: FeatureFunction<GlcmMatrix> = (m) => sumOver(m, (i, j, p) => p * (i + j - m.ux - m.uy) ** 3);

/** Cluster tendency = sum (i + j - mu_x - mu_y)^2 p(i,j). IBSI: cluster tendency. */
export const clusterTendency: FeatureFunction<GlcmMatrix> = (m) => sumOver(m, (i, j, p) => p * (i + j - m.ux - m.uy) ** 2);

/** Contrast = sum (i - j)^2 p(i,j). IBSI: contrast. */
export const contrast: FeatureFunction<GlcmMatrix> = (m) => sumOver(m, (i, j, p) => p * (i - j) ** 2);

/**
 * Correlation = (sum p(i,j) (i - mu_x)(j - mu_y)) / (sigma_x sigma_y + eps); 1 when sigma_x sigma_y = 0
 * (flat region). IBSI: correlation.
 */
export const correlation: FeatureFunction<GlcmMatrix> = (m) => {
  const sx = Math.sqrt(sumOver(m, (i, _j, p) => p * (i - m.ux) ** 2));
  const sy = Math.sqrt(sumOver(m, (_i, j, p) => p * (j - m.uy) ** 2));
  if (sx * sy === 0) return 1;
  return sumOver(m, (i, j, p) => p * (i - m.ux) * (j - m.uy)) / (sx * sy + EPS);
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
export const jointEnergy: FeatureFunction<GlcmMatrix> = (m) => sumOver(m, (_i, _j, p) => p * p);

/** Joint entropy = -sum p(i,j) log2(p(i,j) + eps). IBSI: joint entropy. */
export const jointEntropy: FeatureFunction<GlcmMatrix> = (m) => m.hxy;

/** Marginal entropies and the cross entropies HXY1, HXY2 used by Imc1/Imc2. */
function entropies(m: GlcmMatrix): { hx: number; hy: number; hxy1: number; hxy2: number } {
  let hx = 0;
  let hy = 0;
  for (let a = 0; a < m.n; a++) {
    hx -= m.px[a] * Math.log2(m.px[a] + EPS);
    hy -= m.py[a] * Math.log2(m.py[a] + EPS);
  }
  let hxy1 = 0;
  let hxy2 = 0;
  for (let a = 0; a < m.n; a++) {
    for (let b = 0; b < m.n; b++) {
      const q = m.px[a] * m.py[b];
      const l = Math.log2(q + EPS);
      hxy1 -= m.p[a * m.n + b] * l;
      hxy2 -= q * l;
    }
  }
  return { hx, hy, hxy1, hxy2 };
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
 * Maximal correlation coefficient = sqrt(second largest eigenvalue of Q), Q(i,j) = sum_k p(i,k) p(j,k) / (p_x(i) p_y(k)).
 * Q is similar to the symmetric M M^T with M(i,k) = p(i,k) / sqrt(p_x(i) p_y(k)), whose eigenvalues are computed
 * (PyRadiomics adds eps to Q's denominator; the difference is below 1e-9 relative for ROIs of tens of voxels).
 * IBSI: not defined.
 */
export const mcc: FeatureFunction<GlcmMatrix> = (m) => {
  const n = m.n;
  const M = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let k = 0; k < n; k++) {
      const den = m.px[a] * m.py[k];
      M[a * n + k] = den > 0 ? m.p[a * n + k] / Math.sqrt(den) : 0;
    }
  }
  const S = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += M[a * n + k] * M[b * n + k];
      S[a * n + b] = s;
      S[b * n + a] = s;
    }
  }
  const ev = symmetricEigenvalues(S, n);
  return Math.sqrt(ev[n - 2]);
};

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
export const sumSquares: FeatureFunction<GlcmMatrix> = (m) => sumOver(m, (i, _j, p) => p * (i - m.ux) ** 2);

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
 *
 * @example
 * glcmFeatures(binned, { distances: [1], symmetrical: true, weightingNorm: null, force2D: false, force2Ddimension: 0 }, null).Idmn;
 */
export function glcmFeatures(
  roi: DiscretizedRoi,
  opts: { distances: number[]; symmetrical: boolean; weightingNorm: string | null; force2D: boolean; force2Ddimension: number },
  names: string[] | null,
): Record<string, number> {
  const mats = glcmMatrices(roi, opts);
  const averaged: Record<string, FeatureFunction<GlcmMatrix[]>> = {};
  for (const [name, f] of Object.entries(GLCM_FEATURES)) averaged[name] = (ms) => angleMean(ms, f);
  // PyRadiomics averages JointAverage with a plain mean and returns MCC = 1 for a one-level ROI, even when no
  // angle has a voxel pair (every angle dropped; the other features are then NaN, numpy's mean of nothing).
  averaged.JointAverage = (ms) => ms.reduce((s, m) => s + m.ux, 0) / ms.length;
  averaged.MCC = (ms) => (roi.grayLevels.length < 2 ? 1 : nanmean(ms.map(mcc)));
  return evaluateFeatures("glcm", averaged, mats, names);
}
