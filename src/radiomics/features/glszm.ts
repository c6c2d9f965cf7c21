import type { DiscretizedRoi } from "../discretize";
import { evaluateFeatures, type FeatureFunction } from "./common";
import { zonesKernel } from "../kernels/texture";
import { neighbourOffsets, paddedRoi } from "./padded";
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
 * Zone counts (PyRadiomics cmatrices calculate_glszm): a zone is a set of ROI voxels of one gray level
 * connected through the neighbourhood (26-connectivity in 3D, 8 with force2D; flood fill as WebAssembly,
 * kernels/texture.ts). Returns the counts
 * [level index * maxSize + size - 1] and the largest zone size.
 */
function countZones(roi: DiscretizedRoi, opts: { force2D: boolean; force2Ddimension: number }, levelIndex: Int32Array, ng: number): { P: Float64Array; maxSize: number } {
  const padded = paddedRoi(roi, 1);
  const offsets = neighbourOffsets(roi, padded, [1], opts.force2D, opts.force2Ddimension);
  const zones = zonesKernel(padded.gray, padded.voxels, offsets);
  let maxSize = 0;
  for (let z = 0; z < zones.size.length; z++) if (zones.size[z] > maxSize) maxSize = zones.size[z];
  const P = new Float64Array(ng * maxSize);
  for (let z = 0; z < zones.size.length; z++) P[levelIndex[zones.level[z]] * maxSize + zones.size[z] - 1]++;
  return { P, maxSize };
}

/** The GLSZM of a discretised ROI: present gray levels x zone sizes that occur. */
export function glszmMatrix(roi: DiscretizedRoi, opts: { force2D: boolean; force2Ddimension: number }): LevelSizeMatrix {
  const ng = roi.grayLevels.length;
  const levelIndex = new Int32Array(roi.Ng + 1).fill(-1);
  roi.grayLevels.forEach((g, k) => (levelIndex[g] = k));
  const { P, maxSize } = countZones(roi, opts, levelIndex, ng);
  const sizes = Float64Array.from({ length: maxSize }, (_, k) => k + 1);
  const reduced = dropEmptySizes([P], ng, maxSize, sizes);
  return levelSizeMatrix(reduced.counts[0], new Float64Array(roi.grayLevels), reduced.jvector);
}

/** Small area emphasis = sum P(i,j) / j^2 / N_z. IBSI: small zone emphasis. */
export const smallAreaEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (_i, j) => 1 / (j * j));
/** Large area emphasis = sum P(i,j) j^2 / N_z. IBSI: large zone emphasis. */
export const largeAreaEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (_i, j) => j * j);
/** Gray level non-uniformity = sum_i (sum_j P(i,j))^2 / N_z. IBSI: grey level non-uniformity. */
export const grayLevelNonUniformity: FeatureFunction<LevelSizeMatrix> = (m) => grayNonUniformity(m);
/** Normalised gray level non-uniformity = sum_i (sum_j P(i,j))^2 / N_z^2. IBSI: normalised grey level non-uniformity. */
export const grayLevelNonUniformityNormalized: FeatureFunction<LevelSizeMatrix> = (m) => grayNonUniformity(m) / m.total;
/** Size zone non-uniformity = sum_j (sum_i P(i,j))^2 / N_z. IBSI: zone size non-uniformity. */
export const sizeZoneNonUniformity: FeatureFunction<LevelSizeMatrix> = (m) => sizeNonUniformity(m);
/** Normalised size zone non-uniformity = sum_j (sum_i P(i,j))^2 / N_z^2. IBSI: normalised zone size non-uniformity. */
export const sizeZoneNonUniformityNormalized: FeatureFunction<LevelSizeMatrix> = (m) => sizeNonUniformity(m) / m.total;
/** Zone percentage = N_z / N_p. IBSI: zone percentage. */
export const zonePercentage: FeatureFunction<LevelSizeMatrix> = (m) => m.total / m.Np;
/** Gray level variance = sum p(i,j) (i - mu)^2. IBSI: grey level variance. */
export const grayLevelVariance: FeatureFunction<LevelSizeMatrix> = (m) => grayVariance(m);
/** Zone variance = sum p(i,j) (j - mu)^2. IBSI: zone size variance. */
export const zoneVariance: FeatureFunction<LevelSizeMatrix> = (m) => sizeVariance(m);
/** Zone entropy = -sum p(i,j) log2(p(i,j) + eps). IBSI: zone size entropy. */
export const zoneEntropy: FeatureFunction<LevelSizeMatrix> = (m) => matrixEntropy(m);
/** Low gray level zone emphasis = sum P(i,j) / i^2 / N_z. IBSI: low grey level zone emphasis. */
export const lowGrayLevelZoneEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (i) => 1 / (i * i));
/** High gray level zone emphasis = sum P(i,j) i^2 / N_z. IBSI: high grey level zone emphasis. */
export const highGrayLevelZoneEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (i) => i * i);
/** Small area low gray level emphasis = sum P(i,j) / (i^2 j^2) / N_z. IBSI: small zone low grey level emphasis. */
export const smallAreaLowGrayLevelEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (i, j) => 1 / (i * i * j * j));
/** Small area high gray level emphasis = sum P(i,j) i^2 / j^2 / N_z. IBSI: small zone high grey level emphasis. */
export const smallAreaHighGrayLevelEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (i, j) => (i * i) / (j * j));
/** Large area low gray level emphasis = sum P(i,j) j^2 / i^2 / N_z. IBSI: large zone low grey level emphasis. */
export const largeAreaLowGrayLevelEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (i, j) => (j * j) / (i * i));
/** Large area high gray level emphasis = sum P(i,j) i^2 j^2 / N_z. IBSI: large zone high grey level emphasis. */
export const largeAreaHighGrayLevelEmphasis: FeatureFunction<LevelSizeMatrix> = (m) => emphasis(m, (i, j) => i * i * j * j);

/** GLSZM features by PyRadiomics name. */
export const GLSZM_FEATURES: Record<string, FeatureFunction<LevelSizeMatrix>> = {
  GrayLevelNonUniformity: grayLevelNonUniformity,
  GrayLevelNonUniformityNormalized: grayLevelNonUniformityNormalized,
  GrayLevelVariance: grayLevelVariance,
  HighGrayLevelZoneEmphasis: highGrayLevelZoneEmphasis,
  LargeAreaEmphasis: largeAreaEmphasis,
  LargeAreaHighGrayLevelEmphasis: largeAreaHighGrayLevelEmphasis,
  LargeAreaLowGrayLevelEmphasis: largeAreaLowGrayLevelEmphasis,
  LowGrayLevelZoneEmphasis: lowGrayLevelZoneEmphasis,
  SizeZoneNonUniformity: sizeZoneNonUniformity,
  SizeZoneNonUniformityNormalized: sizeZoneNonUniformityNormalized,
  SmallAreaEmphasis: smallAreaEmphasis,
  SmallAreaHighGrayLevelEmphasis: smallAreaHighGrayLevelEmphasis,
  SmallAreaLowGrayLevelEmphasis: smallAreaLowGrayLevelEmphasis,
  ZoneEntropy: zoneEntropy,
  ZonePercentage: zonePercentage,
  ZoneVariance: zoneVariance,
};

/**
 * Gray level size zone matrix features (PyRadiomics RadiomicsGLSZM).
 *
 * @example
 * glszmFeatures(binned, { force2D: false, force2Ddimension: 0 }, null).ZonePercentage;
 */
export function glszmFeatures(
  roi: DiscretizedRoi,
  opts: { force2D: boolean; force2Ddimension: number },
  names: string[] | null,
): Record<string, number> {
  return evaluateFeatures("glszm", GLSZM_FEATURES, glszmMatrix(roi, opts), names);
}
