import { emphasis, grayNonUniformity, grayVariance, levelSizeMatrix, matrixEntropy, sizeNonUniformity, sizeVariance, type LevelSizeMatrix } from "../features/sizematrix";
import { LEVEL_KEY, type SizeCounts } from "./texture";

/**
 * The features IBSI defines alike on every grey level x size matrix (run length, zone size, zone distance,
 * dependence count), with N = number of runs/zones/neighbourhoods, N_v the voxels counted, p = P / N. They share
 * PyRadiomics' implementations (features/sizematrix.ts), whose definitions agree with IBSI.
 * The 16 names are IBSI's tag stems in this order: small, large, low grey, high grey, small-low, small-high,
 * large-low, large-high, grey level non-uniformity (+ normalised), size non-uniformity (+ normalised),
 * percentage N / N_v, grey level variance, size variance, size entropy.
 */
export type SizeFeatureNames = readonly [string, string, string, string, string, string, string, string, string, string, string, string, string, string, string, string];

/** A sparse count matrix as the dense LevelSizeMatrix of the present grey levels and sizes. */
export function toLevelSizeMatrix(m: SizeCounts): LevelSizeMatrix {
  const levels = new Set<number>();
  const sizes = new Set<number>();
  for (const key of m.counts.keys()) {
    levels.add(key % LEVEL_KEY);
    sizes.add(Math.floor(key / LEVEL_KEY));
  }
  const ivector = Float64Array.from([...levels].sort((a, b) => a - b));
  const jvector = Float64Array.from([...sizes].sort((a, b) => a - b));
  const row = new Map<number, number>(Array.from(ivector, (v, k) => [v, k]));
  const col = new Map<number, number>(Array.from(jvector, (v, k) => [v, k]));
  const P = new Float64Array(ivector.length * jvector.length);
  for (const [key, count] of m.counts) P[row.get(key % LEVEL_KEY)! * jvector.length + col.get(Math.floor(key / LEVEL_KEY))!] += count;
  return levelSizeMatrix(P, ivector, jvector);
}

/**
 * The 16 shared features of one matrix:
 * emphases sum P(i,j) w(i,j) / N with w = 1/j^2, j^2, 1/i^2, i^2, 1/(i^2 j^2), i^2/j^2, j^2/i^2, i^2 j^2;
 * GLNU = sum_i (sum_j P)^2 / N and / N^2; size NU = sum_j (sum_i P)^2 / N and / N^2; percentage N / N_v;
 * variances of i and j under p; entropy -sum p log2 p.
 */
export function sizeFeatures(m: SizeCounts, names: SizeFeatureNames): Record<string, number> {
  const M = toLevelSizeMatrix(m);
  const values = [
    emphasis(M, (_i, j) => 1 / (j * j)),
    emphasis(M, (_i, j) => j * j),
    emphasis(M, (i) => 1 / (i * i)),
    emphasis(M, (i) => i * i),
    emphasis(M, (i, j) => 1 / (i * i * j * j)),
    emphasis(M, (i, j) => (i * i) / (j * j)),
    emphasis(M, (i, j) => (j * j) / (i * i)),
    emphasis(M, (i, j) => i * i * j * j),
    grayNonUniformity(M),
    grayNonUniformity(M) / M.total,
    sizeNonUniformity(M),
    sizeNonUniformity(M) / M.total,
    M.total / m.voxels,
    grayVariance(M),
    sizeVariance(M),
    matrixEntropy(M),
  ];
  const out: Record<string, number> = {};
  names.forEach((name, k) => (out[name] = values[k]));
  return out;
}
