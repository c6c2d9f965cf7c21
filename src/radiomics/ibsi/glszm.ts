import type { IbsiRoi } from "./roi";
import { sizeFeatures, type SizeFeatureNames } from "./size-features";
import { addCount, meanFeatures, mergeCounts, neighbourOffsets, suffixed, voxelGroups, type SizeCounts } from "./texture";

/** IBSI grey level size zone features (family 9SAK), tags szm_*. */
const NAMES: SizeFeatureNames = ["szm_sze", "szm_lze", "szm_lgze", "szm_hgze", "szm_szlge", "szm_szhge", "szm_lzlge", "szm_lzhge", "szm_glnu", "szm_glnu_norm", "szm_zsnu", "szm_zsnu_norm", "szm_z_perc", "szm_gl_var", "szm_zs_var", "szm_zs_entr"];

/** A zone: connected voxels of one grey level, its size and its voxels. */
export interface Zone {
  level: number;
  voxels: number[];
}

/** Zones among `voxels`: connected by the 26-neighbourhood (3D) or the in-slice 8-neighbourhood (2D). */
export function findZones(roi: IbsiRoi, voxels: Int32Array, twoD: boolean): Zone[] {
  const offsets = neighbourOffsets(roi, twoD);
  const seen = new Uint8Array(roi.gray.length);
  const zones: Zone[] = [];
  for (const start of voxels) {
    if (seen[start]) continue;
    const level = roi.gray[start];
    const members = [start];
    seen[start] = 1;
    for (let k = 0; k < members.length; k++) {
      for (const o of offsets) {
        const u = members[k] + o;
        if (!seen[u] && roi.gray[u] === level) {
          seen[u] = 1;
          members.push(u);
        }
      }
    }
    zones.push({ level, voxels: members });
  }
  return zones;
}

/** Size zone matrix s(i, j): zones by grey level i and size j (voxels). */
export function sizeZoneCounts(zones: Zone[], voxels: number): SizeCounts {
  const m: SizeCounts = { counts: new Map(), voxels };
  for (const z of zones) addCount(m, z.level, z.voxels.length);
  return m;
}

/** Size zone features: 2D (per slice, averaged), 2_5D (slice matrices merged) and 3D. */
export function sizeZoneFeatures(roi: IbsiRoi): Record<string, number> {
  const [volume] = voxelGroups(roi, false);
  const slices = voxelGroups(roi, true).map((s) => sizeZoneCounts(findZones(roi, s, true), s.length));
  const f = (m: SizeCounts) => sizeFeatures(m, NAMES);
  return {
    ...suffixed(meanFeatures(slices.map(f)), "2D"),
    ...suffixed(f(mergeCounts(slices)), "2_5D"),
    ...suffixed(f(sizeZoneCounts(findZones(roi, volume, false), volume.length)), "3D"),
  };
}
