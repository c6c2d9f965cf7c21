import { TYPED_ARRAYS } from "./pixel-types";

/** A voxel buffer in a pixel component type (Int16Array, Uint8Array, ...). */
export type StoredArray = ArrayLike<number> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number; BYTES_PER_ELEMENT: number };

/**
 * The voxels of an image just read, in the pixel type of the file, kept beside the float64 copy the engine
 * computes with. Whole-image work that only needs the stored values (PyRadiomics' hash of the stored bytes,
 * the image mean / minimum / maximum, the label's bounding box) then reads 1-4 bytes per voxel instead of 8 and
 * skips a type conversion: for a 512 x 512 x 96 int16 breast MRI that is most of an extraction's cost.
 *
 * Keyed by the float64 buffer's ArrayBuffer, so any volume derived from the image (normalised, resampled,
 * cropped, filtered) has a new buffer and no entry; volumes are never modified in place.
 */
const stored = new WeakMap<ArrayBufferLike, { pixelType: string; voxels: StoredArray }>();

/** Records that `data` (the float64 voxels of a volume just read) holds exactly the values of `voxels`. */
export function rememberStoredVoxels(data: Float64Array, pixelType: string, voxels: StoredArray): void {
  if (voxels.length !== data.length || !(pixelType in TYPED_ARRAYS)) return;
  stored.set(data.buffer, { pixelType, voxels });
}

/**
 * The stored voxels behind `data`, or null when `data` is not (a whole view of) the float64 buffer of a
 * volume just read. With `pixelType`, only stored voxels of that type are returned.
 */
export function storedVoxels(data: Float64Array, pixelType?: string): StoredArray | null {
  const hit = stored.get(data.buffer);
  if (!hit || data.byteOffset !== 0 || data.length !== hit.voxels.length) return null;
  if (pixelType !== undefined && hit.pixelType !== pixelType) return null;
  return hit.voxels;
}

/** Whether every value of the pixel type is an integer of at most 16 bits (sums of them stay exact in float64). */
export function isSmallIntegerType(pixelType: string): boolean {
  return pixelType === "int8" || pixelType === "uint8" || pixelType === "int16" || pixelType === "uint16";
}
