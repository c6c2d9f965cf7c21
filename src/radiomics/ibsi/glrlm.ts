import type { IbsiRoi } from "./roi";
import { sizeFeatures, type SizeFeatureNames } from "./size-features";
import { addCount, DIRECTIONS_2D, DIRECTIONS_3D, meanFeatures, mergeCounts, offsetOf, suffixed, voxelGroups, type SizeCounts } from "./texture";

/** IBSI grey level run length features (family TP0I), tags rlm_*: sre, lre, lgre, hgre, srlge, srhge, lrlge, lrhge, glnu(_norm), rlnu(_norm), r_perc, gl_var, rl_var, rl_entr. */
const NAMES: SizeFeatureNames = ["rlm_sre", "rlm_lre", "rlm_lgre", "rlm_hgre", "rlm_srlge", "rlm_srhge", "rlm_lrlge", "rlm_lrhge", "rlm_glnu", "rlm_glnu_norm", "rlm_rlnu", "rlm_rlnu_norm", "rlm_r_perc", "rlm_gl_var", "rlm_rl_var", "rlm_rl_entr"];

/** Run length matrix r(i, j) of one direction over `voxels`: runs of equal grey level along the direction, each counted once at its start. */
export function runLengthCounts(roi: IbsiRoi, direction: readonly number[], voxels: Int32Array): SizeCounts {
  const step = offsetOf(roi, direction);
  const m: SizeCounts = { counts: new Map(), voxels: voxels.length };
  for (const v of voxels) {
    const g = roi.gray[v];
    if (roi.gray[v - step] === g) continue;
    let length = 1;
    while (roi.gray[v + length * step] === g) length++;
    addCount(m, g, length);
  }
  return m;
}

/**
 * Run length features in the six IBSI aggregations: 3D_avg (features per direction, averaged), 3D_comb (matrices
 * of the 13 directions merged), 2D_avg (per slice and direction, averaged), 2D_comb (per slice, directions merged,
 * averaged over slices), 2_5D_avg (per direction, slices merged, averaged over directions), 2_5D_comb (all merged).
 */
export function runLengthFeatures(roi: IbsiRoi): Record<string, number> {
  const [volume] = voxelGroups(roi, false);
  const perDirection = DIRECTIONS_3D.map((d) => runLengthCounts(roi, d, volume));
  const slices = voxelGroups(roi, true);
  const perSlice = slices.map((s) => DIRECTIONS_2D.map((d) => runLengthCounts(roi, d, s)));
  const f = (m: SizeCounts) => sizeFeatures(m, NAMES);
  return {
    ...suffixed(meanFeatures(perSlice.flat().map(f)), "2D_avg"),
    ...suffixed(meanFeatures(perSlice.map((dirs) => f(mergeCounts(dirs)))), "2D_comb"),
    ...suffixed(meanFeatures(DIRECTIONS_2D.map((_, k) => f(mergeCounts(perSlice.map((dirs) => dirs[k]))))), "2_5D_avg"),
    ...suffixed(f(mergeCounts(perSlice.flat())), "2_5D_comb"),
    ...suffixed(meanFeatures(perDirection.map(f)), "3D_avg"),
    ...suffixed(f(mergeCounts(perDirection)), "3D_comb"),
  };
}
