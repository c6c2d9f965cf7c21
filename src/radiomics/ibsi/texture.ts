import type { IbsiRoi } from "./roi";

/**
 * Shared machinery of the IBSI texture families: neighbour directions, the slices of 2D computation and the
 * sparse grey level x size matrices that the run length, size zone, distance zone and dependence families count.
 */

/** The 13 unique directions of the 26-neighbourhood (the other 13 are their opposites). */
export const DIRECTIONS_3D: readonly (readonly [number, number, number])[] = [
  [1, 0, 0], [-1, 1, 0], [0, 1, 0], [1, 1, 0],
  [-1, -1, 1], [0, -1, 1], [1, -1, 1], [-1, 0, 1], [0, 0, 1], [1, 0, 1], [-1, 1, 1], [0, 1, 1], [1, 1, 1],
];

/** The 4 unique in-slice directions of the 8-neighbourhood. */
export const DIRECTIONS_2D = DIRECTIONS_3D.slice(0, 4);

/** Linear offset of a direction in the ROI box (x fastest). */
export function offsetOf(roi: IbsiRoi, d: readonly number[]): number {
  return d[0] + roi.size[0] * (d[1] + roi.size[1] * d[2]);
}

/** Neighbour offsets within Chebyshev distance 1: all 26 (3D) or the 8 in the slice (2D). */
export function neighbourOffsets(roi: IbsiRoi, twoD: boolean): Int32Array {
  const dirs = twoD ? DIRECTIONS_2D : DIRECTIONS_3D;
  const out: number[] = [];
  for (const d of dirs) out.push(offsetOf(roi, d), -offsetOf(roi, d));
  return Int32Array.from(out);
}

/**
 * Indices of intensity-mask voxels, all together (3D) or per slice (2D: slices without ROI voxels are left out,
 * as IBSI averages over the slices that hold the ROI).
 */
export function voxelGroups(roi: IbsiRoi, twoD: boolean): Int32Array[] {
  const [nx, ny, nz] = roi.size;
  const groups: number[][] = [];
  for (let z = 0; z < nz; z++) {
    const slice: number[] = [];
    for (let i = z * nx * ny; i < (z + 1) * nx * ny; i++) if (roi.gray[i] > 0) slice.push(i);
    if (slice.length) groups.push(slice);
  }
  return twoD ? groups.map((g) => Int32Array.from(g)) : [Int32Array.from(groups.flat())];
}

/** A sparse grey level x size count matrix and the number of voxels N_v it was counted over. */
export interface SizeCounts {
  /** key = size * LEVEL_KEY + level. */
  counts: Map<number, number>;
  voxels: number;
}

/** Key multiplier: grey levels stay below it. */
export const LEVEL_KEY = 1 << 20;

/** Adds one count of (level, size). */
export function addCount(m: SizeCounts, level: number, size: number): void {
  const key = size * LEVEL_KEY + level;
  m.counts.set(key, (m.counts.get(key) ?? 0) + 1);
}

/** Sum of matrices (IBSI "merged" aggregation): counts and N_v add up. */
export function mergeCounts(list: SizeCounts[]): SizeCounts {
  const out: SizeCounts = { counts: new Map(), voxels: 0 };
  for (const m of list) {
    out.voxels += m.voxels;
    for (const [k, v] of m.counts) out.counts.set(k, (out.counts.get(k) ?? 0) + v);
  }
  return out;
}

/** Mean of a feature table over several matrices (IBSI "averaged" aggregation). */
export function meanFeatures(list: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(list[0] ?? {})) {
    let s = 0;
    for (const f of list) s += f[key];
    out[key] = s / list.length;
  }
  return out;
}

/** Appends an aggregation suffix to every feature tag. */
export function suffixed(features: Record<string, number>, suffix: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(features)) out[`${k}_${suffix}`] = v;
  return out;
}
