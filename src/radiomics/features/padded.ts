import { generateAngles } from "../angles";
import type { DiscretizedRoi } from "../discretize";
import { neighbourCountsKernel, padGridKernel } from "../kernels/texture";
import { memoPer } from "../../util/memo";

/**
 * A discretised ROI embedded in a box padded with `pad` background voxels on every side, so that any
 * neighbour offset of infinity norm <= pad stays inside the array: neighbours need no bounds checks.
 */
export interface PaddedRoi {
  /** Gray level per padded voxel; 0 outside the ROI (levels start at 1). */
  gray: Int32Array;
  /** Padded size (x, y, z). */
  size: [number, number, number];
  /** Padded linear index of every ROI voxel, in scan order (x fastest). */
  voxels: Int32Array;
}

const cache = new WeakMap<DiscretizedRoi, Map<number, PaddedRoi>>();

/** The ROI padded by `pad` voxels (cached per ROI and padding). */
export function paddedRoi(roi: DiscretizedRoi, pad: number): PaddedRoi {
  return memoPer(cache, roi, pad, () => padRoi(roi, pad));
}

/** The padded grid, built as WebAssembly (kernels/texture.ts): no JavaScript warm-up for each image of an extraction. */
function padRoi(roi: DiscretizedRoi, pad: number): PaddedRoi {
  const [nx, ny, nz] = roi.size;
  const { padded, voxels } = padGridKernel(roi.gray, roi.mask, roi.size, roi.count, pad);
  return { gray: padded, size: [nx + 2 * pad, ny + 2 * pad, nz + 2 * pad], voxels };
}

/**
 * Linear neighbour offsets in a padded ROI for PyRadiomics' bidirectional angle set at `distances`
 * (all neighbours, both directions; with force2D none along `force2Ddimension`).
 */
export function neighbourOffsets(
  roi: DiscretizedRoi,
  padded: PaddedRoi,
  distances: number[],
  force2D: boolean,
  force2Ddimension: number,
): Int32Array {
  const sizeZyx: [number, number, number] = [roi.size[2], roi.size[1], roi.size[0]];
  const angles = generateAngles(sizeZyx, distances, force2D ? force2Ddimension : -1, true);
  const [px, py] = padded.size;
  const offsets = new Int32Array(angles.length / 3);
  for (let a = 0; a < offsets.length; a++) offsets[a] = angles[3 * a + 2] + px * (angles[3 * a + 1] + py * angles[3 * a]);
  return offsets;
}

/** Per ROI voxel (in `PaddedRoi.voxels` order), what its neighbourhood holds. */
export interface NeighbourCounts {
  /** Neighbours with the voxel's own gray level (GLDM dependence with alpha < 1). */
  equal: Int32Array;
  /** Neighbours inside the ROI (NGTDM). */
  inRoi: Int32Array;
  /** Sum of the neighbours' gray levels, 0 outside the ROI (NGTDM). */
  sum: Int32Array;
}

const countsCache = new WeakMap<DiscretizedRoi, Map<string, NeighbourCounts>>();

/**
 * One pass over every ROI voxel's neighbours at `distances` (both directions) that serves GLDM and NGTDM
 * alike (cached per ROI and neighbourhood), run as WebAssembly (kernels/texture.ts).
 */
export function neighbourCounts(roi: DiscretizedRoi, distances: number[], force2D: boolean, force2Ddimension: number): NeighbourCounts {
  const key = `${distances.join(",")}|${force2D ? force2Ddimension : -1}`;
  return memoPer(countsCache, roi, key, () => {
    const padded = paddedRoi(roi, Math.max(...distances));
    return neighbourCountsKernel(padded.gray, padded.voxels, neighbourOffsets(roi, padded, distances, force2D, force2Ddimension));
  });
}
