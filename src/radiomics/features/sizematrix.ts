import { EPS } from "./common";

/**
 * A gray level x size matrix P(i, j) as the GLRLM (run length), GLSZM (zone size) and GLDM (dependence size)
 * use it: rows are the present gray levels, columns the sizes that occur; `total` is the number of
 * runs/zones/voxels (N_r, N_z) and `Np` the number of voxels they cover.
 */
export interface LevelSizeMatrix {
  /** Counts, row-major ng x ns. */
  P: Float64Array;
  ng: number;
  ns: number;
  /** Gray level of each row. */
  ivector: Float64Array;
  /** Size (run length, zone size, dependence count + 1) of each column. */
  jvector: Float64Array;
  /** sum P (NaN when empty, so averages skip it). */
  total: number;
  /** sum_j j sum_i P(i, j). */
  Np: number;
  /** Row sums p_g(i) = sum_j P(i, j). */
  pg: Float64Array;
  /** Column sums p_s(j) = sum_i P(i, j). */
  ps: Float64Array;
}

/** Builds a LevelSizeMatrix from counts, computing marginals; `total` 0 becomes NaN as in PyRadiomics. */
export function levelSizeMatrix(P: Float64Array, ivector: Float64Array, jvector: Float64Array): LevelSizeMatrix {
  const ng = ivector.length;
  const ns = jvector.length;
  const pg = new Float64Array(ng);
  const ps = new Float64Array(ns);
  let total = 0;
  for (let a = 0; a < ng; a++) {
    for (let b = 0; b < ns; b++) {
      const v = P[a * ns + b];
      pg[a] += v;
      ps[b] += v;
      total += v;
    }
  }
  let Np = 0;
  for (let b = 0; b < ns; b++) Np += ps[b] * jvector[b];
  return { P, ng, ns, ivector, jvector, total: total === 0 ? NaN : total, Np, pg, ps };
}

/** Drops size columns that are empty in every matrix (PyRadiomics deletes them before computing features). */
export function dropEmptySizes(counts: Float64Array[], ng: number, ns: number, jvector: Float64Array): { counts: Float64Array[]; jvector: Float64Array } {
  const used: number[] = [];
  for (let b = 0; b < ns; b++) {
    let any = false;
    for (const P of counts) {
      for (let a = 0; a < ng && !any; a++) if (P[a * ns + b] !== 0) any = true;
      if (any) break;
    }
    if (any) used.push(b);
  }
  const m = used.length;
  return {
    counts: counts.map((P) => {
      const Q = new Float64Array(ng * m);
      for (let a = 0; a < ng; a++) for (let c = 0; c < m; c++) Q[a * m + c] = P[a * ns + used[c]];
      return Q;
    }),
    jvector: Float64Array.from(used.map((b) => jvector[b])),
  };
}

/** sum_{i,j} P(i,j) w(i,j) / total: the weighted "emphasis" sums of the GLRLM/GLSZM/GLDM. */
export function emphasis(m: LevelSizeMatrix, w: (i: number, j: number) => number): number {
  let s = 0;
  for (let a = 0; a < m.ng; a++) for (let b = 0; b < m.ns; b++) s += m.P[a * m.ns + b] * w(m.ivector[a], m.jvector[b]);
  return s / m.total;
}

/** sum_i p_g(i)^2 / total (gray level non-uniformity). */
export function grayNonUniformity(m: LevelSizeMatrix): number {
  let s = 0;
  for (let a = 0; a < m.ng; a++) s += m.pg[a] * m.pg[a];
  return s / m.total;
}

/** sum_j p_s(j)^2 / total (size non-uniformity). */
export function sizeNonUniformity(m: LevelSizeMatrix): number {
  let s = 0;
  for (let b = 0; b < m.ns; b++) s += m.ps[b] * m.ps[b];
  return s / m.total;
}

/** Variance of gray levels under p(i) = p_g(i) / total. */
export function grayVariance(m: LevelSizeMatrix): number {
  let mu = 0;
  for (let a = 0; a < m.ng; a++) mu += (m.pg[a] / m.total) * m.ivector[a];
  let v = 0;
  for (let a = 0; a < m.ng; a++) v += (m.pg[a] / m.total) * (m.ivector[a] - mu) ** 2;
  return v;
}

/** Variance of sizes under p(j) = p_s(j) / total. */
export function sizeVariance(m: LevelSizeMatrix): number {
  let mu = 0;
  for (let b = 0; b < m.ns; b++) mu += (m.ps[b] / m.total) * m.jvector[b];
  let v = 0;
  for (let b = 0; b < m.ns; b++) v += (m.ps[b] / m.total) * (m.jvector[b] - mu) ** 2;
  return v;
}

/** -sum p(i,j) log2(p(i,j) + eps), p = P / total. */
export function matrixEntropy(m: LevelSizeMatrix): number {
  let s = 0;
  for (let k = 0; k < m.P.length; k++) {
    const p = m.P[k] / m.total;
    s -= p * Math.log2(p + EPS);
  }
  return s;
}
