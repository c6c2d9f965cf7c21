import type { IbsiRoi } from "./roi";
import { sizeFeatures, type SizeFeatureNames } from "./size-features";
import { addCount, meanFeatures, mergeCounts, neighbourOffsets, suffixed, voxelGroups, type SizeCounts } from "./texture";

/** IBSI neighbouring grey level dependence features (family REK0), tags ngl_* (dependence count energy added below). */
const NAMES: SizeFeatureNames = ["ngl_lde", "ngl_hde", "ngl_lgce", "ngl_hgce", "ngl_ldlge", "ngl_ldhge", "ngl_hdlge", "ngl_hdhge", "ngl_glnu", "ngl_glnu_norm", "ngl_dcnu", "ngl_dcnu_norm", "ngl_dc_perc", "ngl_gl_var", "ngl_dc_var", "ngl_dc_entr"];

/**
 * Dependence matrix s(i, j) over `voxels` (coarseness 0, Chebyshev distance 1): each voxel of grey level i counts
 * once with dependence j = 1 + the number of neighbours in the ROI with the same grey level.
 */
export function dependenceCounts(roi: IbsiRoi, voxels: Int32Array, twoD: boolean): SizeCounts {
  const offsets = neighbourOffsets(roi, twoD);
  const m: SizeCounts = { counts: new Map(), voxels: voxels.length };
  for (const v of voxels) {
    const g = roi.gray[v];
    let j = 1;
    for (const o of offsets) if (roi.gray[v + o] === g) j++;
    addCount(m, g, j);
  }
  return m;
}

/** Dependence count energy = sum p(i, j)^2 (IBSI CAS9). */
export function dependenceCountEnergy(m: SizeCounts): number {
  let total = 0;
  for (const c of m.counts.values()) total += c;
  let s = 0;
  for (const c of m.counts.values()) s += (c / total) ** 2;
  return s;
}

/** The NGLDM features of one matrix. */
function features(m: SizeCounts): Record<string, number> {
  return { ...sizeFeatures(m, NAMES), ngl_dc_energy: dependenceCountEnergy(m) };
}

/** NGLDM features: 2D (per slice, averaged), 2_5D (slice matrices merged) and 3D. */
export function dependenceFeatures(roi: IbsiRoi): Record<string, number> {
  const [volume] = voxelGroups(roi, false);
  const slices = voxelGroups(roi, true).map((s) => dependenceCounts(roi, s, true));
  return {
    ...suffixed(meanFeatures(slices.map(features)), "2D"),
    ...suffixed(features(mergeCounts(slices)), "2_5D"),
    ...suffixed(features(dependenceCounts(roi, volume, false)), "3D"),
  };
}
