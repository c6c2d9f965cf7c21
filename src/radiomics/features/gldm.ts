import type { DiscretizedRoi } from "../discretize";
import { evaluateFeatures, type FeatureFunction } from "./common";
import { dependenceCountsKernel } from "../kernels/texture";
import { neighbourCounts, neighbourOffsets, paddedRoi } from "./padded";
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
 * The GLDM of a discretised ROI (PyRadiomics cmatrices calculate_gldm): for each ROI voxel, the number of
 * neighbours in the ROI (at the given distances, both directions) whose gray level differs by at most alpha;
 * P(i, j) counts voxels of level i with j - 1 dependent neighbours. Present levels and occurring sizes only.
 */
export function gldmMatrix(
  roi: DiscretizedRoi,
  opts: { distances: number[]; alpha: number; force2D: boolean; force2Ddimension: number },
): LevelSizeMatrix {
  const ng = roi.grayLevels.length;
  const levelIndex = new Int32Array(roi.Ng + 1).fill(-1);
  roi.grayLevels.forEach((g, k) => (levelIndex[g] = k));
  const padded = paddedRoi(roi, Math.max(...opts.distances));
  const gray = padded.gray;
  const voxels = padded.voxels;
  const offsets = neighbourOffsets(roi, padded, opts.distances, opts.force2D, opts.force2Ddimension);
  const nd = offsets.length + 1;
  const alpha = opts.alpha;
  let P: Float64Array;
  if (alpha >= 0 && alpha < 1) {
    // Levels are integers >= 1 and 0 is outside the ROI: with 0 <= alpha < 1 a dependent neighbour has level g
    // (counted as WebAssembly, kernels/texture.ts).
    const equal = neighbourCounts(roi, opts.distances, opts.force2D, opts.force2Ddimension).equal;
    P = dependenceCountsKernel(gray, voxels, equal, levelIndex, ng, nd);
  } else {
    P = new Float64Array(ng * nd);
    for (let k = 0; k < voxels.length; k++) {
      const v = voxels[k];
      const g = gray[v];
      let dep = 0;
      for (let a = 0; a < offsets.length; a++) {
        const h = gray[v + offsets[a]];
        if (h !== 0 && Math.abs(g - h) <= alpha) dep++;
      }
      P[levelIndex[g] * nd + dep]++;
    }
  }
  const sizes = Float64Array.from({ length: nd }, (_, k) => k + 1);
  const reduced = dropEmptySizes([P], ng, nd, sizes);
  return levelSizeMatrix(reduced.counts[0], new Float64Array(roi.grayLevels), reduced.jvector);
}

/** Small dependence emphasis = sum P(i,j) / j^2 / N_z. IBSI: low dependence emphasis (NGLDM). */
export const smallDependenceEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (_i, j) => 1 / (j * j));
/** Large dependence emphasis = sum P(i,j) j^2 / N_z. IBSI: high dependence emphasis. */
export const largeDependenceEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (_i, j) => j * j);
/** Gray level non-uniformity = sum_i (sum_j P(i,j))^2 / N_z. IBSI: grey level non-uniformity. */
export const grayLevelNonUniformity: FeatureFunction<LevelSizeMatrix> = (m) => grayNonUniformity(m);
/** Dependence non-uniformity = sum_j (sum_i P(i,j))^2 / N_z. IBSI: dependence count non-uniformity. */
export const dependenceNonUniformity: FeatureFunction<LevelSizeMatrix> = (m) => sizeNonUniformity(m);
/** Normalised dependence non-uniformity = sum_j (sum_i P(i,j))^2 / N_z^2. IBSI: normalised dependence count non-uniformity. */
export const dependenceNonUniformityNormalized: FeatureFunction<LevelSizeMatrix> = (m) => sizeNonUniformity(m) / m.total;
/** Gray level variance = sum p(i,j) (i - mu)^2. IBSI: grey level variance. */
export const grayLevelVariance: FeatureFunction<LevelSizeMatrix> = (m) => grayVariance(m);
/** Dependence variance = sum p(i,j) (j - mu)^2. IBSI: dependence count variance. */
export const dependenceVariance: FeatureFunction<LevelSizeMatrix> = (m) => sizeVariance(m);
/** Dependence entropy = -sum p(i,j) log2(p(i,j) + eps). IBSI: dependence count entropy. */
export const dependenceEntropy: FeatureFunction<LevelSizeMatrix> = (m) => matrixEntropy(m);
/** Low gray level emphasis = sum P(i,j) / i^2 / N_z. IBSI: low grey level count emphasis. */
export const lowGrayLevelEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (i) => 1 / (i * i));
/** High gray level emphasis = sum P(i,j) i^2 / N_z. IBSI: high grey level count emphasis. */
export const highGrayLevelEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (i) => i * i);
/** Small dependence low gray level emphasis = sum P(i,j) / (i^2 j^2) / N_z. IBSI: low dependence low grey level emphasis. */
export const smallDependenceLowGrayLevelEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (i, j) => 1 / (i * i * j * j));
/** Small dependence high gray level emphasis = sum P(i,j) i^2 / j^2 / N_z. IBSI: low dependence high grey level emphasis. */
export const smallDependenceHighGrayLevelEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (i, j) => (i * i) / (j * j));
/** Large dependence low gray level emphasis = sum P(i,j) j^2 / i^2 / N_z. IBSI: high dependence low grey level emphasis. */
export const largeDependenceLowGrayLevelEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (i, j) => (j * j) / (i * i));
/** Large dependence high gray level emphasis = sum P(i,j) i^2 j^2 / N_z. IBSI: high dependence high grey level emphasis. */
export const largeDependenceHighGrayLevelEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (i, j) => i * i * j * j);

/** GLDM features by PyRadiomics name. */
export const GLDM_FEATURES: Record<string, FeatureFunction<LevelSizeMatrix>> = {
  DependenceEntropy: dependenceEntropy,
  DependenceNonUniformity: dependenceNonUniformity,
  DependenceNonUniformityNormalized: dependenceNonUniformityNormalized,
  DependenceVariance: dependenceVariance,
  GrayLevelNonUniformity: grayLevelNonUniformity,
  GrayLevelVariance: grayLevelVariance,
  HighGrayLevelEmphasis: highGrayLevelEmphasis,
  LargeDependenceEmphasis: largeDependenceEmphasis,
  LargeDependenceHighGrayLevelEmphasis: largeDependenceHighGrayLevelEmphasis,
  LargeDependenceLowGrayLevelEmphasis: largeDependenceLowGrayLevelEmphasis,
  LowGrayLevelEmphasis: lowGrayLevelEmphasis,
  SmallDependenceEmphasis: smallDependenceEmphasis,
  SmallDependenceHighGrayLevelEmphasis: smallDependenceHighGrayLevelEmphasis,
  SmallDependenceLowGrayLevelEmphasis: smallDependenceLowGrayLevelEmphasis,
};

/**
 * Gray level dependence matrix features (PyRadiomics RadiomicsGLDM).
 *
 * @example
 * gldmFeatures(binned, { distances: [1], alpha: 0, force2D: false, force2Ddimension: 0 }, null).DependenceEntropy;
 */
export function gldmFeatures(
  roi: DiscretizedRoi,
  opts: { distances: number[]; alpha: number; force2D: boolean; force2Ddimension: number },
  names: string[] | null,
): Record<string, number> {
  return evaluateFeatures("gldm", GLDM_FEATURES, gldmMatrix(roi, opts), names);
}
