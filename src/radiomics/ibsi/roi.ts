import type { IbsiConfig } from "./config";
import type { IbsiImage } from "./preprocess";

/**
 * The preprocessed ROI cropped to the morphological mask's bounding box plus one empty voxel on every side
 * (x fastest), with the discretised grey levels the texture features use.
 */
export interface IbsiRoi {
  size: [number, number, number];
  spacing: [number, number, number];
  /** Index (x, y, z) of the box's first voxel in the preprocessed image (may be -1: the box is padded). */
  offset: [number, number, number];
  /** Intensities of the box (interpolated image). */
  values: Float64Array;
  morph: Uint8Array;
  intensity: Uint8Array;
  /** Grey levels 1..ng inside the intensity mask, 0 elsewhere (IBSI "Intensity discretisation"). */
  gray: Int32Array;
  ng: number;
  /** Intensities inside the intensity mask, in scan order. */
  roiValues: Float64Array;
  /** Intensities of the intensity mask after discretisation (grey levels), in scan order. */
  roiLevels: Float64Array;
}

/**
 * IBSI fixed bin size: level = floor((x - X_min) / w) + 1, X_min the re-segmentation range's lower bound when a
 * range is set (so bins line up across patients), else the ROI minimum.
 * IBSI fixed bin number: level = floor(N (x - X_min) / (X_max - X_min)) + 1, the maximum in bin N.
 */
export function discretiseValue(x: number, method: "fbs" | "fbn", value: number, lower: number, upper: number): number {
  if (method === "fbs") return Math.floor((x - lower) / value) + 1;
  if (upper === lower) return 1;
  return Math.min(Math.floor((value * (x - lower)) / (upper - lower)) + 1, value);
}

/** Crops the preprocessed image to the ROI and discretises the intensity-mask voxels as configured. */
export function ibsiRoi(pre: IbsiImage, config: IbsiConfig): IbsiRoi {
  const [nx, ny, nz] = pre.image.size;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (!pre.morph[i] && !pre.intensity[i]) continue;
        const p = [x, y, z];
        for (let d = 0; d < 3; d++) {
          lo[d] = Math.min(lo[d], p[d]);
          hi[d] = Math.max(hi[d], p[d]);
        }
      }
    }
  }
  const size = [0, 1, 2].map((d) => hi[d] - lo[d] + 3) as [number, number, number];
  const n = size[0] * size[1] * size[2];
  const values = new Float64Array(n);
  const morph = new Uint8Array(n);
  const intensity = new Uint8Array(n);
  for (let z = 1; z < size[2] - 1; z++) {
    for (let y = 1; y < size[1] - 1; y++) {
      for (let x = 1; x < size[0] - 1; x++) {
        const src = lo[0] + x - 1 + nx * (lo[1] + y - 1 + ny * (lo[2] + z - 1));
        const dst = x + size[0] * (y + size[1] * z);
        values[dst] = pre.image.data[src];
        morph[dst] = pre.morph[src];
        intensity[dst] = pre.intensity[src];
      }
    }
  }
  const roiValues: number[] = [];
  for (let i = 0; i < n; i++) if (intensity[i]) roiValues.push(values[i]);
  let min = Infinity;
  let max = -Infinity;
  for (const v of roiValues) {
    if (!Number.isFinite(v)) throw new Error(`the ROI holds a ${v} intensity; cannot discretise`);
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const { method, value } = config.discretisation;
  const lower = method === "fbs" && config.resegmentation.range ? config.resegmentation.range[0] : min;
  const gray = new Int32Array(n);
  let ng = 0;
  const roiLevels = new Float64Array(roiValues.length);
  for (let i = 0, k = 0; i < n; i++) {
    if (!intensity[i]) continue;
    gray[i] = discretiseValue(values[i], method, value, lower, max);
    roiLevels[k++] = gray[i];
    ng = Math.max(ng, gray[i]);
  }
  if (method === "fbn") ng = value;
  return { size, offset: [lo[0] - 1, lo[1] - 1, lo[2] - 1], spacing: [...pre.image.spacing] as [number, number, number], values, morph, intensity, gray, ng, roiValues: Float64Array.from(roiValues), roiLevels };
}
