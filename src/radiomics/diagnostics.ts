import { createHash } from "node:crypto";
import { indexToPhysical, type Volume } from "./image";
import { labelBoundingBox, type BoundingBox } from "./mask";
import { zonesKernel } from "./kernels/texture";
import { TYPED_ARRAYS } from "./pixel-types";
import { memoPer } from "../util/memo";
import { isSmallIntegerType, storedVoxels } from "./stored-voxels";

/** Python repr of a float (e.g. 3057.0, 0.78125, 1e-07). */
export function pyFloat(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.0`;
  return String(v).replace(/e([+-])(\d)$/, "e$10$2");
}

/** Python repr of a tuple of floats or ints. */
export function pyTuple(values: readonly number[], integers = false): string {
  return `(${values.map((v) => (integers ? String(v) : pyFloat(v))).join(", ")})`;
}


/** Hashes already computed, per voxel buffer and pixel type: an image shared by several regions is hashed once. */
const hashCache = new WeakMap<Float64Array, Map<string, string>>();

/**
 * SHA-1 of the voxel buffer in the given pixel type, little endian (SimpleITK's `sitk.Hash`).
 * PyRadiomics hashes the image as stored and the mask after casting it to UInt32.
 * The stored voxels of a file just read are hashed as they are; otherwise the values are converted in
 * fixed-size chunks so that no full-size copy of the volume is made. Remembered per buffer (volumes are never
 * modified in place).
 */
export function voxelHash(data: Float64Array, pixelType: string): string {
  return memoPer(hashCache, data, pixelType, () => hashVoxels(data, pixelType));
}

function hashVoxels(data: Float64Array, pixelType: string): string {
  const hash = createHash("sha1");
  const same = storedVoxels(data, pixelType);
  if (same) {
    hash.update(new Uint8Array(same.buffer, same.byteOffset, same.byteLength));
  } else {
    // Integer widening from the stored voxels is cheaper than converting from float64.
    const source: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> } = (storedVoxels(data) as never) ?? data;
    const Ctor = TYPED_ARRAYS[pixelType] ?? Float64Array;
    const chunk = 1 << 16;
    const typed = new Ctor(Math.min(chunk, data.length)) as unknown as Float64Array;
    const bytes = new Uint8Array(typed.buffer);
    for (let start = 0; start < data.length; start += chunk) {
      const part = source.subarray(start, Math.min(start + chunk, data.length));
      typed.set(part);
      hash.update(bytes.subarray(0, part.length * typed.BYTES_PER_ELEMENT));
    }
  }
  return hash.digest("hex");
}

/**
 * Number of 26-connected components of the voxels equal to `label` inside `box` (which holds them all)
 * (SimpleITK ConnectedComponent, fully connected): the zones of one level in the box padded by one background
 * voxel, found by the GLSZM's flood fill (WebAssembly, kernels/texture.ts).
 */
export function countComponents(mask: Volume, label: number, box: BoundingBox): number {
  const [nx, ny] = mask.size;
  const [lx, ly, lz] = box.lower;
  const bx = box.upper[0] - lx + 1;
  const by = box.upper[1] - ly + 1;
  const bz = box.upper[2] - lz + 1;
  // All 26 neighbours of a label voxel are then inside the grid at fixed linear offsets; 1 = label, 0 = background.
  const px = bx + 2;
  const py = by + 2;
  const grid = new Int32Array(px * py * (bz + 2));
  const voxels = new Int32Array(bx * by * bz);
  let n = 0;
  for (let z = 0; z < bz; z++) {
    for (let y = 0; y < by; y++) {
      const i = lx + nx * (y + ly + ny * (z + lz));
      const k = 1 + px * (y + 1 + py * (z + 1));
      for (let x = 0; x < bx; x++) {
        if (mask.data[i + x] !== label) continue;
        grid[k + x] = 1;
        voxels[n++] = k + x;
      }
    }
  }
  const offsets: number[] = [];
  for (let dz = -1; dz <= 1; dz++) for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) if (dx || dy || dz) offsets.push(dx + px * (dy + py * dz));
  return zonesKernel(grid, voxels.subarray(0, n), Int32Array.from(offsets)).level.length;
}

/** Image provenance as PyRadiomics GeneralInfo.addImageElements (hash and dimensionality only for "original"). */
export function imageDiagnostics(image: Volume, prefix: string): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  const key = `diagnostics_Image-${prefix}_`;
  if (prefix === "original") {
    out[`${key}Hash`] = voxelHash(image.data, image.pixelType ?? "float64");
    out[`${key}Dimensionality`] = `${image.dimension ?? 3}D`;
  }
  const dims = image.dimension === 2 ? 2 : 3;
  out[`${key}Spacing`] = pyTuple(image.spacing.slice(0, dims));
  out[`${key}Size`] = pyTuple(image.size.slice(0, dims), true);
  const { mean, min, max } = voxelStatistics(image.data, image.pixelType);
  out[`${key}Mean`] = mean;
  out[`${key}Minimum`] = min;
  out[`${key}Maximum`] = max;
  return out;
}

const statisticsCache = new WeakMap<Float64Array, { mean: number; min: number; max: number }>();

/**
 * Mean (summed in voxel order), minimum and maximum of a whole voxel buffer, remembered per buffer. For stored
 * voxels of a small integer type every partial sum is an exact integer, the same as from the float64 copy, so
 * they are read from those (2 bytes a voxel instead of 8).
 */
function voxelStatistics(data: Float64Array, pixelType: string | undefined): { mean: number; min: number; max: number } {
  const hit = statisticsCache.get(data);
  if (hit) return hit;
  const stored = pixelType !== undefined && isSmallIntegerType(pixelType) ? storedVoxels(data, pixelType) : null;
  const values: ArrayLike<number> = stored ?? data;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const stats = { mean: sum / values.length, min, max };
  statisticsCache.set(data, stats);
  return stats;
}

/**
 * Mask provenance as PyRadiomics GeneralInfo.addMaskElements: hash (original only), spacing, size,
 * bounding box (L_x, L_y, L_z, S_x, S_y, S_z), voxel count, number of 26-connected volumes, centre of mass
 * (index and physical), and ROI intensity mean/min/max when an image is given.
 */
export function maskDiagnostics(
  image: Volume | null,
  mask: Volume,
  label: number,
  prefix: string,
  known?: { box: BoundingBox; count: number } | null,
): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  const key = `diagnostics_Mask-${prefix}_`;
  const dims = mask.dimension === 2 ? 2 : 3;
  if (prefix === "original") out[`${key}Hash`] = voxelHash(mask.data, "uint32");
  out[`${key}Spacing`] = pyTuple(mask.spacing.slice(0, dims));
  out[`${key}Size`] = pyTuple(mask.size.slice(0, dims), true);
  const found = known ?? labelBoundingBox(mask, label);
  if (!found) return out;
  const { box, count } = found;
  const sizes = box.upper.map((u, d) => u - box.lower[d] + 1);
  out[`${key}BoundingBox`] = pyTuple([...box.lower.slice(0, dims), ...sizes.slice(0, dims)], true);
  out[`${key}VoxelNum`] = count;
  out[`${key}VolumeNum`] = countComponents(mask, label, box);
  const [nx, ny] = mask.size;
  const c = [0, 0, 0];
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let z = box.lower[2]; z <= box.upper[2]; z++) {
    for (let y = box.lower[1]; y <= box.upper[1]; y++) {
      for (let x = box.lower[0]; x <= box.upper[0]; x++) {
        const i = x + nx * (y + ny * z);
        if (mask.data[i] !== label) continue;
        c[0] += x;
        c[1] += y;
        c[2] += z;
        if (image) {
          const v = image.data[i];
          sum += v;
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
    }
  }
  const centre: [number, number, number] = [c[0] / count, c[1] / count, c[2] / count];
  out[`${key}CenterOfMassIndex`] = pyTuple(centre.slice(0, dims));
  out[`${key}CenterOfMass`] = pyTuple(indexToPhysical(mask, centre).slice(0, dims));
  if (image) {
    out[`${key}Mean`] = sum / count;
    out[`${key}Minimum`] = min;
    out[`${key}Maximum`] = max;
  }
  return out;
}
