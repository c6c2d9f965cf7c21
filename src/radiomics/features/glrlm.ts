import { generateAngles } from "../angles";
import type { DiscretizedRoi } from "../discretize";
import { angleMean, evaluateFeatures, type FeatureFunction } from "./common";
import { distanceWeight } from "./glcm";
import { runCountsKernel } from "../kernels/texture";
import { paddedRoi } from "./padded";
import {
  dropEmptySizes,
  emphasis,
  grayNonUniformity,
  grayVariance,
  levelSizeMatrix,
  matrixEntropy,
  sizeNonUniformity,
  sizeVariance,
  type LevelSizeMatrix,
} from "./sizematrix";

/**
 * Run-length counts per angle (PyRadiomics cmatrices calculate_glrlm): along every line of the box in
 * direction a, consecutive ROI voxels of equal gray level form a run; voxels outside the ROI end a run.
 * An angle whose lines never hold two ROI voxels (a flat ROI seen edge-on) is emptied, as PyRadiomics does.
 * Returns counts [a][level index * Nr + run length - 1].
 *
 * A run is the same set of voxels whichever way the line is walked, so each angle is walked towards increasing
 * linear index: the voxels come in ascending order, a voxel's predecessor is already done, and its run length
 * so far is the predecessor's plus one when the levels agree; the run is counted at its last voxel
 * (kernels/texture.ts, as WebAssembly).
 */
function countRuns(roi: DiscretizedRoi, angles: Int32Array, levelIndex: Int32Array, ng: number, Nr: number): Float64Array[] {
  const padded = paddedRoi(roi, 1);
  const [px, py, pz] = padded.size;
  const { gray, voxels } = padded;
  const na = angles.length / 3;
  const steps = new Int32Array(na);
  for (let a = 0; a < na; a++) steps[a] = Math.abs(angles[3 * a + 2] + px * (angles[3 * a + 1] + py * angles[3 * a]));
  const rowBase = new Int32Array(voxels.length);
  for (let k = 0; k < voxels.length; k++) rowBase[k] = levelIndex[gray[voxels[k]]] * Nr - 1;
  const stride = ng * Nr;
  const { counts, longRuns } = runCountsKernel(gray, voxels, steps, rowBase, stride);
  const out: Float64Array[] = [];
  for (let a = 0; a < na; a++) {
    const P = new Float64Array(counts.subarray(a * stride, (a + 1) * stride));
    if (longRuns[a] === 0 && !anyLineWithTwoVoxels(padded, angles[3 * a + 2], angles[3 * a + 1], angles[3 * a], pz)) P.fill(0);
    out.push(P);
  }
  return out;
}

/** Whether some line along (dx, dy, dz) holds at least two ROI voxels (only needed when all runs have length 1). */
function anyLineWithTwoVoxels(padded: ReturnType<typeof paddedRoi>, dx: number, dy: number, dz: number, pz: number): boolean {
  const [px, py] = padded.size;
  const step = dx + px * (dy + py * dz);
  for (const v of padded.voxels) {
    let x = v % px;
    let y = Math.floor(v / px) % py;
    let z = Math.floor(v / (px * py));
    let w = v;
    for (;;) {
      x += dx;
      y += dy;
      z += dz;
      w += step;
      if (x < 0 || x >= px || y < 0 || y >= py || z < 0 || z >= pz) break;
      if (padded.gray[w] !== 0) return true;
    }
  }
  return false;
}

/**
 * The per-angle (or distance-weighted) GLRLMs as PyRadiomics builds them: present gray levels only, empty
 * angles dropped, run lengths absent from every angle dropped.
 */
export function glrlmMatrices(
  roi: DiscretizedRoi,
  opts: { weightingNorm: string | null; force2D: boolean; force2Ddimension: number },
): LevelSizeMatrix[] {
  const ng = roi.grayLevels.length;
  const levelIndex = new Int32Array(roi.Ng + 1).fill(-1);
  roi.grayLevels.forEach((g, k) => (levelIndex[g] = k));
  const Nr = Math.max(...roi.size);
  const sizeZyx: [number, number, number] = [roi.size[2], roi.size[1], roi.size[0]];
  const angles = generateAngles(sizeZyx, [1], opts.force2D ? opts.force2Ddimension : -1, false);
  let counts = countRuns(roi, angles, levelIndex, ng, Nr);
  if (opts.weightingNorm !== null) {
    const spacingZyx = [roi.spacing[2], roi.spacing[1], roi.spacing[0]];
    const W = new Float64Array(ng * Nr);
    counts.forEach((P, a) => {
      const w = distanceWeight(opts.weightingNorm as string, angles.subarray(3 * a, 3 * a + 3), spacingZyx);
      for (let k = 0; k < W.length; k++) W[k] += P[k] * w;
    });
    counts = [W];
  }
  if (counts.length > 1) counts = counts.filter((P) => P.some((v) => v !== 0));
  const runLengths = Float64Array.from({ length: Nr }, (_, k) => k + 1);
  const reduced = dropEmptySizes(counts, ng, Nr, runLengths);
  const ivector = new Float64Array(roi.grayLevels);
  return reduced.counts.map((P) => levelSizeMatrix(P, ivector, reduced.jvector));
}

/** Short run emphasis = sum P(i,j) / j^2 / N_r. IBSI: short runs emphasis. */
export const shortRunEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (_i, j) => 1 / (j * j));
/** Long run emphasis = sum P(i,j) j^2 / N_r. IBSI: long runs emphasis. */
export const longRunEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (_i, j) => j * j);
/** Gray level non-uniformity = sum_i (sum_j P(i,j))^2 / N_r. IBSI: grey level non-uniformity. */
export const grayLevelNonUniformity: FeatureFunction<LevelSizeMatrix> = (m) => grayNonUniformity(m);
/** Normalised gray level non-uniformity = sum_i (sum_j P(i,j))^2 / N_r^2. IBSI: normalised grey level non-uniformity. */
export const grayLevelNonUniformityNormalized: FeatureFunction<LevelSizeMatrix> = (m) => grayNonUniformity(m) / m.total;
/** Run length non-uniformity = sum_j (sum_i P(i,j))^2 / N_r. IBSI: run length non-uniformity. */
export const runLengthNonUniformity: FeatureFunction<LevelSizeMatrix> = (m) => sizeNonUniformity(m);
/** Normalised run length non-uniformity = sum_j (sum_i P(i,j))^2 / N_r^2. IBSI: normalised run length non-uniformity. */
export const runLengthNonUniformityNormalized: FeatureFunction<LevelSizeMatrix> = (m) => sizeNonUniformity(m) / m.total;
/** Run percentage = N_r / N_p. IBSI: run percentage. */
export const runPercentage: FeatureFunction<LevelSizeMatrix> = (m) => m.total / m.Np;
/** Gray level variance = sum p(i,j) (i - mu)^2, mu = sum p(i,j) i. IBSI: grey level variance. */
export const grayLevelVariance: FeatureFunction<LevelSizeMatrix> = (m) => grayVariance(m);
/** Run variance = sum p(i,j) (j - mu)^2, mu = sum p(i,j) j. IBSI: run length variance. */
export const runVariance: FeatureFunction<LevelSizeMatrix> = (m) => sizeVariance(m);
/** Run entropy = -sum p(i,j) log2(p(i,j) + eps). IBSI: run entropy. */
export const runEntropy: FeatureFunction<LevelSizeMatrix> = (m) => matrixEntropy(m);
/** Low gray level run emphasis = sum P(i,j) / i^2 / N_r. IBSI: low grey level run emphasis. */
export const lowGrayLevelRunEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (i) => 1 / (i * i));
/** High gray level run emphasis = sum P(i,j) i^2 / N_r. IBSI: high grey level run emphasis. */
export const highGrayLevelRunEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (i) => i * i);
/** Short run low gray level emphasis = sum P(i,j) / (i^2 j^2) / N_r. IBSI: short run low grey level emphasis. */
export const shortRunLowGrayLevelEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (i, j) => 1 / (i * i * j * j));
/** Short run high gray level emphasis = sum P(i,j) i^2 / j^2 / N_r. IBSI: short run high grey level emphasis. */
export const shortRunHighGrayLevelEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (i, j) => (i * i) / (j * j));
/** Long run low gray level emphasis = sum P(i,j) j^2 / i^2 / N_r. IBSI: long run low grey level emphasis. */
export const longRunLowGrayLevelEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (i, j) => (j * j) / (i * i));
/** Long run high gray level emphasis = sum P(i,j) i^2 j^2 / N_r. IBSI: long run high grey level emphasis. */
export const longRunHighGrayLevelEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (i, j) => i * i * j * j);

/** GLRLM features by PyRadiomics name; each is averaged over angles (nanmean). */
export const GLRLM_FEATURES: Record<string, FeatureFunction<LevelSizeMatrix>> = {
  GrayLevelNonUniformity: grayLevelNonUniformity,
  GrayLevelNonUniformityNormalized: grayLevelNonUniformityNormalized,
  GrayLevelVariance: grayLevelVariance,
  HighGrayLevelRunEmphasis: highGrayLevelRunEmphasis,
  LongRunEmphasis: longRunEmphasis,
  LongRunHighGrayLevelEmphasis: longRunHighGrayLevelEmphasis,
  LongRunLowGrayLevelEmphasis: longRunLowGrayLevelEmphasis,
  LowGrayLevelRunEmphasis: lowGrayLevelRunEmphasis,
  RunEntropy: runEntropy,
  RunLengthNonUniformity: runLengthNonUniformity,
  RunLengthNonUniformityNormalized: runLengthNonUniformityNormalized,
  RunPercentage: runPercentage,
  RunVariance: runVariance,
  ShortRunEmphasis: shortRunEmphasis,
  ShortRunHighGrayLevelEmphasis: shortRunHighGrayLevelEmphasis,
  ShortRunLowGrayLevelEmphasis: shortRunLowGrayLevelEmphasis,
};

/**
 * Gray level run length matrix features (PyRadiomics RadiomicsGLRLM), averaged over angles.
 *
 * @example
 * glrlmFeatures(binned, { weightingNorm: null, force2D: false, force2Ddimension: 0 }, null).RunPercentage;
 */
export function glrlmFeatures(
  roi: DiscretizedRoi,
  opts: { weightingNorm: string | null; force2D: boolean; force2Ddimension: number },
  names: string[] | null,
): Record<string, number> {
  const mats = glrlmMatrices(roi, opts);
  const averaged: Record<string, FeatureFunction<LevelSizeMatrix[]>> = {};
  for (const [name, f] of Object.entries(GLRLM_FEATURES)) averaged[name] = (ms) => angleMean(ms, f);
  return evaluateFeatures("glrlm", averaged, mats, names);
}
