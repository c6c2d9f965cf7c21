import { findZones, type Zone } from "./glszm";
import type { IbsiRoi } from "./roi";
import { sizeFeatures, type SizeFeatureNames } from "./size-features";
import { addCount, meanFeatures, mergeCounts, suffixed, voxelGroups, type SizeCounts } from "./texture";

/** IBSI grey level distance zone features (family VMDZ), tags dzm_*. */
const NAMES: SizeFeatureNames = ["dzm_sde", "dzm_lde", "dzm_lgze", "dzm_hgze", "dzm_sdlge", "dzm_sdhge", "dzm_ldlge", "dzm_ldhge", "dzm_glnu", "dzm_glnu_norm", "dzm_zdnu", "dzm_zdnu_norm", "dzm_z_perc", "dzm_gl_var", "dzm_zd_var", "dzm_zd_entr"];

/**
 * Distance of each morphological-mask voxel to the ROI edge: the city-block (taxicab) distance to the nearest
 * voxel outside the mask, through 6-neighbours (3D) or in-slice 4-neighbours (2D); voxels on the edge have
 * distance 1 (IBSI "Grey level distance zone based features").
 */
export function edgeDistance(roi: IbsiRoi, twoD: boolean): Int32Array {
  const [nx, ny] = roi.size;
  const steps = twoD ? [1, -1, nx, -nx] : [1, -1, nx, -nx, nx * ny, -nx * ny];
  const n = roi.morph.length;
  const dist = new Int32Array(n).fill(-1);
  let frontier: number[] = [];
  for (let i = 0; i < n; i++) if (!roi.morph[i]) (dist[i] = 0), frontier.push(i);
  for (let d = 1; frontier.length; d++) {
    const next: number[] = [];
    for (const v of frontier) {
      for (const s of steps) {
        const u = v + s;
        if (u >= 0 && u < n && dist[u] === -1) {
          dist[u] = d;
          next.push(u);
        }
      }
    }
    frontier = next;
  }
  return dist;
}

/** Distance zone matrix d(i, j): zones by grey level i and distance j = the smallest edge distance of their voxels. */
export function distanceZoneCounts(zones: Zone[], dist: Int32Array, voxels: number): SizeCounts {
  const m: SizeCounts = { counts: new Map(), voxels };
  for (const z of zones) {
    let d = Infinity;
    for (const v of z.voxels) d = Math.min(d, dist[v]);
    addCount(m, z.level, d);
  }
  return m;
}

/** Distance zone features: 2D (per slice, averaged), 2_5D (slice matrices merged) and 3D. */
export function distanceZoneFeatures(roi: IbsiRoi): Record<string, number> {
  const [volume] = voxelGroups(roi, false);
  const dist2D = edgeDistance(roi, true);
  const slices = voxelGroups(roi, true).map((s) => distanceZoneCounts(findZones(roi, s, true), dist2D, s.length));
  const f = (m: SizeCounts) => sizeFeatures(m, NAMES);
  return {
    ...suffixed(meanFeatures(slices.map(f)), "2D"),
    ...suffixed(f(mergeCounts(slices)), "2_5D"),
    ...suffixed(f(distanceZoneCounts(findZones(roi, volume, false), edgeDistance(roi, false), volume.length)), "3D"),
  };
}
