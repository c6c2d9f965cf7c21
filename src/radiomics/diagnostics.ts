import { createHash } from "node:crypto";
import { indexToPhysical, type Volume } from "./image";
import { labelBoundingBox } from "./mask";

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

const TYPED: Record<string, new (n: number) => ArrayLike<number> & { buffer: ArrayBufferLike; [i: number]: number }> = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
};

/**
 * SHA-1 of the voxel buffer in the given pixel type, little endian (SimpleITK's `sitk.Hash`).
 * PyRadiomics hashes the image as stored and the mask after casting it to UInt32.
 */
export function voxelHash(data: Float64Array, pixelType: string): string {
  const Ctor = TYPED[pixelType] ?? Float64Array;
  const typed = new Ctor(data.length);
  for (let i = 0; i < data.length; i++) typed[i] = data[i];
  return createHash("sha1").update(new Uint8Array(typed.buffer)).digest("hex");
}

/** Number of 26-connected components of the voxels equal to `label` (SimpleITK ConnectedComponent, fully connected). */
export function countComponents(mask: Volume, label: number): number {
  const [nx, ny, nz] = mask.size;
  const seen = new Uint8Array(mask.data.length);
  const stack: number[] = [];
  let components = 0;
  for (let start = 0; start < mask.data.length; start++) {
    if (mask.data[start] !== label || seen[start]) continue;
    components++;
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const k = stack.pop() as number;
      const x = k % nx;
      const y = Math.floor(k / nx) % ny;
      const z = Math.floor(k / (nx * ny));
      for (let dz = -1; dz <= 1; dz++) {
        const zz = z + dz;
        if (zz < 0 || zz >= nz) continue;
        for (let dy = -1; dy <= 1; dy++) {
          const yy = y + dy;
          if (yy < 0 || yy >= ny) continue;
          for (let dx = -1; dx <= 1; dx++) {
            const xx = x + dx;
            if (xx < 0 || xx >= nx) continue;
            const j = xx + nx * (yy + ny * zz);
            if (!seen[j] && mask.data[j] === label) {
              seen[j] = 1;
              stack.push(j);
            }
          }
        }
      }
    }
  }
  return components;
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
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < image.data.length; i++) {
    const v = image.data[i];
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  out[`${key}Mean`] = sum / image.data.length;
  out[`${key}Minimum`] = min;
  out[`${key}Maximum`] = max;
  return out;
}

/**
 * Mask provenance as PyRadiomics GeneralInfo.addMaskElements: hash (original only), spacing, size,
 * bounding box (L_x, L_y, L_z, S_x, S_y, S_z), voxel count, number of 26-connected volumes, centre of mass
 * (index and physical), and ROI intensity mean/min/max when an image is given.
 */
export function maskDiagnostics(image: Volume | null, mask: Volume, label: number, prefix: string): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  const key = `diagnostics_Mask-${prefix}_`;
  const dims = mask.dimension === 2 ? 2 : 3;
  if (prefix === "original") out[`${key}Hash`] = voxelHash(mask.data, "uint32");
  out[`${key}Spacing`] = pyTuple(mask.spacing.slice(0, dims));
  out[`${key}Size`] = pyTuple(mask.size.slice(0, dims), true);
  const found = labelBoundingBox(mask, label);
  if (!found) return out;
  const { box, count } = found;
  const sizes = box.upper.map((u, d) => u - box.lower[d] + 1);
  out[`${key}BoundingBox`] = pyTuple([...box.lower.slice(0, dims), ...sizes.slice(0, dims)], true);
  out[`${key}VoxelNum`] = count;
  out[`${key}VolumeNum`] = countComponents(mask, label);
  const [nx, ny] = mask.size;
  const c = [0, 0, 0];
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < mask.data.length; i++) {
    if (mask.data[i] !== label) continue;
    c[0] += i % nx;
    c[1] += Math.floor(i / nx) % ny;
    c[2] += Math.floor(i / (nx * ny));
    if (image) {
      const v = image.data[i];
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
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
