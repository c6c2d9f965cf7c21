import { storedVoxels } from "./stored-voxels";
import { memoPer } from "../util/memo";
import type { Volume } from "./image";
import type { Settings } from "./settings";

/**
 * Inclusive voxel bounding box of an ROI, in ITK index order (x, y, z).
 * PyRadiomics writes it as (L_x, U_x, L_y, U_y, L_z, U_z) internally and as
 * (L_x, L_y, L_z, S_x, S_y, S_z) in diagnostics.
 */
export interface BoundingBox {
  lower: [number, number, number];
  upper: [number, number, number];
}

/** The part of an image and mask inside a bounding box (plus padding), x fastest. */
export interface CroppedRoi {
  size: [number, number, number];
  spacing: [number, number, number];
  /** Image intensities of the box. */
  values: Float64Array;
  /** 1 where the mask equals the label. */
  mask: Uint8Array;
  /** Number of ROI voxels. */
  count: number;
  /** Index of the box's first voxel in the source volume (x, y, z). */
  offset: [number, number, number];
}

/** Names shown in error messages for the image and the mask (usually their file paths). */
export interface Sources {
  image: string;
  mask: string;
}

/** Sorted distinct non-zero labels of a mask (for error messages). */
function presentLabels(mask: Volume): number[] {
  const seen = new Set<number>();
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i] !== 0) seen.add(mask.data[i]);
  return Array.from(seen).sort((a, b) => a - b);
}

/**
 * Checks that the mask segments something and holds `label` (PyRadiomics imageoperations.getMask) and
 * returns the label's bounding box and voxel count.
 */
export function checkLabel(mask: Volume, label: number, source: string): { box: BoundingBox; count: number } {
  const found = labelBoundingBox(mask, label);
  if (found) return found;
  const labels = presentLabels(mask);
  if (labels.length === 0) throw new Error(`${source}: no labels found in this mask (nothing is segmented)`);
  throw new Error(`${source}: label ${label} not present in mask; labels present: ${labels.slice(0, 20).join(", ")}`);
}

/**
 * Checks image and mask share one voxel grid: same size; origin and spacing equal within
 * `tolerance * spacing[0]`, direction within `tolerance` (ITK's ImageToImageFilter check, default 1e-6).
 * A NaN anywhere never matches; a negative (or NaN) tolerance is an error naming the setting geometryTolerance.
 */
export function checkGeometry(image: Volume, mask: Volume, tolerance: number, sources: Sources): void {
  if (image.size.some((s, d) => s !== mask.size[d])) {
    throw new Error(
      `${sources.mask}: mask size ${mask.size.join(" x ")} differs from image size ${image.size.join(" x ")} (${sources.image})`,
    );
  }
  if (!(tolerance >= 0)) {
    throw new Error(
      `${sources.mask}: setting geometryTolerance must be a number >= 0 (got ${tolerance}); cannot compare the geometry of image ${sources.image} and this mask`,
    );
  }
  const coordTol = Math.abs(tolerance * image.spacing[0]);
  // Written as !(diff <= tol) so that a NaN (origin, spacing, direction or tolerance) never matches.
  const bad = (a: readonly number[], b: readonly number[], tol: number) =>
    a.length !== b.length || a.some((v, i) => !(Math.abs(v - b[i]) <= tol));
  const what = bad(image.origin, mask.origin, coordTol)
    ? `origin (${mask.origin.join(", ")}) vs (${image.origin.join(", ")})`
    : bad(image.spacing, mask.spacing, coordTol)
      ? `spacing (${mask.spacing.join(", ")}) vs (${image.spacing.join(", ")})`
      : bad(image.direction, mask.direction, tolerance)
        ? `direction [${mask.direction.join(", ")}] vs [${image.direction.join(", ")}]`
        : null;
  if (what) {
    throw new Error(
      `${sources.mask}: image/mask geometry mismatch with ${sources.image}: ${what} (tolerance ${tolerance}; see setting geometryTolerance)`,
    );
  }
}

/** Bounding box and voxel count of the voxels equal to `label`; null if there are none. */
export function labelBoundingBox(mask: Volume, label: number): { box: BoundingBox; count: number } | null {
  // The stored voxels of a label map just read hold the same values in 1-2 bytes instead of 8.
  const stored = storedVoxels(mask.data);
  if (!stored) return boundingBoxScan(mask.data, mask.size, label, null);
  // Rows whose stored bytes are all zero cannot hold a non-zero label: test them 4 bytes at a time.
  const rowBytes = mask.size[0] * stored.BYTES_PER_ELEMENT;
  const words = label !== 0 && rowBytes % 4 === 0 && stored.byteOffset % 4 === 0 ? new Uint32Array(stored.buffer, stored.byteOffset, stored.byteLength >> 2) : null;
  return boundingBoxScan(stored, mask.size, label, words);
}

/** The box scan; `words` (optional) is a 32-bit view of `data` used to skip all-zero rows. */
function boundingBoxScan(
  data: ArrayLike<number>,
  [nx, ny, nz]: [number, number, number],
  label: number,
  words: Uint32Array | null,
): { box: BoundingBox; count: number } | null {
  const rowWords = words ? (nx * words.length) / data.length : 0;
  // Locals, not arrays, in the scan: the hot loop then only loads voxels.
  let x0 = nx;
  let y0 = ny;
  let z0 = nz;
  let x1 = -1;
  let y1 = -1;
  let z1 = -1;
  let count = 0;
  let i = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++, i += nx) {
      if (words) {
        let any = 0;
        for (let w = (z * ny + y) * rowWords, end = w + rowWords; w < end; w++) any |= words[w];
        if (any === 0) continue;
      }
      let rowCount = 0;
      for (let x = 0; x < nx; x++) {
        if (data[i + x] !== label) continue;
        rowCount++;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
      }
      if (rowCount === 0) continue;
      count += rowCount;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      if (z < z0) z0 = z;
      if (z > z1) z1 = z;
    }
  }
  return count === 0 ? null : { box: { lower: [x0, y0, z0], upper: [x1, y1, z1] }, count };
}

/**
 * PyRadiomics imageoperations.checkMask: geometry match, label present, the ROI spans at least
 * `minimumROIDimensions` dimensions (a single voxel is always refused) and holds more than
 * `minimumROISize` voxels. Returns the ROI's bounding box. `known` reuses an earlier labelBoundingBox of this mask.
 *
 * @example
 * const box = checkMask(image, mask, settings, { image: "img.nrrd", mask: "seg.nrrd" });
 */
export function checkMask(
  image: Volume,
  mask: Volume,
  settings: Settings,
  sources: Sources,
  known?: { box: BoundingBox; count: number } | null,
): BoundingBox {
  checkGeometry(image, mask, settings.geometryTolerance ?? 1e-6, sources);
  const found = known ?? labelBoundingBox(mask, settings.label);
  if (!found) throw new Error(`${sources.mask}: label ${settings.label} not present in mask`);
  const sizes = found.box.upper.map((u, d) => u - found.box.lower[d] + 1);
  const ndims = sizes.filter((s) => s > 1).length;
  if (ndims === 0) {
    throw new Error(`${sources.mask}: mask only contains 1 segmented voxel (label ${settings.label}); cannot extract features for a single voxel`);
  }
  if (ndims < settings.minimumROIDimensions) {
    throw new Error(
      `${sources.mask}: ROI has too few dimensions (${ndims}, minimumROIDimensions ${settings.minimumROIDimensions}); bounding box size ${sizes.join(" x ")}`,
    );
  }
  if (settings.minimumROISize !== null && found.count <= settings.minimumROISize) {
    throw new Error(`${sources.mask}: ROI too small (${found.count} voxels, minimumROISize ${settings.minimumROISize})`);
  }
  return found.box;
}

/** ROI masks of a box already cut from a mask volume, per label and box: every image type of an extraction shares one. */
const boxMasks = new WeakMap<Float64Array, Map<string, { mask: Uint8Array; count: number }>>();

/** 1 where `mask` equals `label` inside the inclusive box lo..hi (x fastest), and how many; shared, never modified. */
function boxMask(mask: Volume, label: number, lo: [number, number, number], hi: [number, number, number]): { mask: Uint8Array; count: number } {
  return memoPer(boxMasks, mask.data, `${label} ${lo.join(",")} ${hi.join(",")}`, () => {
    const roiMask = new Uint8Array((hi[0] - lo[0] + 1) * (hi[1] - lo[1] + 1) * (hi[2] - lo[2] + 1));
    const [nx, ny] = mask.size;
    let count = 0;
    let k = 0;
    for (let z = lo[2]; z <= hi[2]; z++) {
      for (let y = lo[1]; y <= hi[1]; y++) {
        for (let src = lo[0] + nx * (y + ny * z), end = src + hi[0] - lo[0]; src <= end; src++, k++) {
          if (mask.data[src] === label) {
            roiMask[k] = 1;
            count++;
          }
        }
      }
    }
    return { mask: roiMask, count };
  });
}

/**
 * Crops image and mask to the bounding box grown by `padDistance` voxels (clipped to the mask grid), as
 * PyRadiomics imageoperations.cropToTumorMask. `imageOffset` is the mask index of the image's first voxel,
 * for derived images computed over the ROI box only. Intensities are copied row by row; the cropped mask is
 * computed once per mask, label and box and shared by the crops of every image.
 */
export function cropToBox(
  image: Volume,
  mask: Volume,
  label: number,
  box: BoundingBox,
  padDistance = 0,
  imageOffset: [number, number, number] = [0, 0, 0],
): CroppedRoi {
  const lo = box.lower.map((l) => Math.max(l - padDistance, 0)) as [number, number, number];
  const hi = box.upper.map((u, d) => Math.min(u + padDistance, mask.size[d] - 1)) as [number, number, number];
  const size: [number, number, number] = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1];
  const values = new Float64Array(size[0] * size[1] * size[2]);
  const [ix, iy] = image.size;
  let k = 0;
  for (let z = lo[2]; z <= hi[2]; z++) {
    for (let y = lo[1]; y <= hi[1]; y++, k += size[0]) {
      const img = lo[0] - imageOffset[0] + ix * (y - imageOffset[1] + iy * (z - imageOffset[2]));
      values.set(image.data.subarray(img, img + size[0]), k);
    }
  }
  const { mask: roiMask, count } = boxMask(mask, label, lo, hi);
  return { size, spacing: [...image.spacing] as [number, number, number], values, mask: roiMask, count, offset: lo };
}

/**
 * PyRadiomics imageoperations.resegmentMask: keeps ROI voxels whose intensity lies within the thresholds.
 * Modes: absolute (thresholds as given), relative (fractions of the ROI maximum), sigma (mean + n * SD,
 * population SD). One threshold is a lower bound; two give a closed range. Returns a new mask volume.
 */
export function resegmentMask(image: Volume, mask: Volume, settings: Settings, source: string): Volume {
  const range = settings.resegmentRange;
  if (!range || range.length === 0 || range.length > 2) {
    throw new Error(`${source}: resegmentRange must hold 1 or 2 values (got ${JSON.stringify(range)})`);
  }
  const label = settings.label;
  const sorted = range.slice().sort((a, b) => a - b);
  let thresholds = sorted;
  if (settings.resegmentMode !== "absolute") {
    let n = 0;
    let sum = 0;
    let max = -Infinity;
    for (let i = 0; i < mask.data.length; i++) {
      if (mask.data[i] !== label) continue;
      n++;
      sum += image.data[i];
      if (image.data[i] > max) max = image.data[i];
    }
    if (settings.resegmentMode === "relative") thresholds = sorted.map((t) => max * t);
    else {
      const mean = sum / n;
      let ss = 0;
      for (let i = 0; i < mask.data.length; i++) if (mask.data[i] === label) ss += (image.data[i] - mean) ** 2;
      const sd = Math.sqrt(ss / n);
      thresholds = sorted.map((t) => mean + sd * t);
    }
  }
  const out = new Float64Array(mask.data.length);
  let kept = 0;
  for (let i = 0; i < mask.data.length; i++) {
    if (mask.data[i] !== label) continue;
    const v = image.data[i];
    if (v >= thresholds[0] && (thresholds.length < 2 || v <= thresholds[1])) {
      out[i] = label;
      kept++;
    }
  }
  if (kept <= 1) {
    throw new Error(`${source}: resegmentation excluded too many voxels with label ${label} (retained ${kept} voxel(s))`);
  }
  return { ...mask, data: out };
}
