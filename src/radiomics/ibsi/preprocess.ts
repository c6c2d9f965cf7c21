import type { Volume } from "../image";
import { bsplineInterpolator, linearInterpolator, nearestInterpolator, type ContinuousIndexInterpolator } from "../preprocess/interpolate";
import type { IbsiConfig, IbsiInterpolator } from "./config";

/**
 * An image after IBSI preprocessing (reference manual chapter 2): interpolated image, the morphological mask
 * (interpolated ROI) and the intensity mask (morphological mask after re-segmentation), on one grid.
 */
export interface IbsiImage {
  image: Volume;
  /** Morphological mask (1 = ROI): used for the mesh and the morphological features. */
  morph: Uint8Array;
  /** Intensity mask (1 = ROI after re-segmentation): used for every intensity and texture feature. */
  intensity: Uint8Array;
  /** IBSI diagnostic features (img_dim_x_init_img, int_mask_mean_int_reseg_roi, ...). */
  diagnostics: Record<string, number>;
}

/** One axis of an IBSI interpolation grid: size, and the first new voxel's centre in old voxel index units. */
export interface GridAxis {
  size: number;
  /** Old-grid continuous index of new voxel 0; new voxel k sits at `start + k * step`. */
  start: number;
  /** New spacing / old spacing. */
  step: number;
}

/** Relative slack when a grid size n_a s_a / s_b is a whole number up to rounding (3 * 0.1 / 0.1 must give 3, not 4). */
const SIZE_SLACK = 1e-9;

/**
 * IBSI grid-centre alignment along one axis ("Interpolation grid"): the new grid keeps the old grid's centre,
 * n_b = ceil(n_a s_a / s_b) voxels, first voxel centre at x_b = x_a + (s_a (n_a - 1) - s_b (n_b - 1)) / 2 (mm
 * from the old first centre), here returned in old index units.
 *
 * @example
 * gridAxis(3, 3, 2); // { size: 5, start: -1/3, step: 2/3 }
 */
export function gridAxis(oldSize: number, oldSpacing: number, newSpacing: number): GridAxis {
  const extent = (oldSize * oldSpacing) / newSpacing;
  const size = Math.max(1, Math.ceil(extent - SIZE_SLACK * Math.max(1, extent)));
  const startMm = (oldSpacing * (oldSize - 1) - newSpacing * (size - 1)) / 2;
  return { size, start: startMm / oldSpacing, step: newSpacing / oldSpacing };
}

/**
 * A coordinate snapped to the nearest multiple of 2^-30: old-grid positions that are exact fractions (a 3 mm to
 * 2 mm grid puts new centres exactly half-way between old ones) keep exact binary weights, so a mask fraction
 * of 0.5 stays exactly 0.5 instead of 0.49999999999999994.
 */
function snap(x: number): number {
  const scale = 2 ** 30;
  return Math.round(x * scale) / scale;
}

/** The interpolator for an IBSI method name (bilinear/bicubic are the trilinear/tricubic ones with whole z indices). */
function interpolatorFor(volume: Volume, method: IbsiInterpolator): ContinuousIndexInterpolator {
  if (method === "nearest") return nearestInterpolator(volume);
  if (method === "trilinear" || method === "bilinear") return linearInterpolator(volume);
  return bsplineInterpolator(volume);
}

/** The three grid axes of an interpolation (2D: z unchanged). */
export function interpolationGrid(volume: Volume, config: NonNullable<IbsiConfig["interpolation"]>, dimensions: "2D" | "3D"): GridAxis[] {
  return [0, 1, 2].map((d) =>
    dimensions === "2D" && d === 2 ? { size: volume.size[2], start: 0, step: 1 } : gridAxis(volume.size[d], volume.spacing[d], config.spacing[d]),
  );
}

/** Resamples `volume` on `grid` with `interpolate`; origin moves to the new first centre along the direction cosines. */
function resampleOnGrid(volume: Volume, grid: GridAxis[], interpolate: ContinuousIndexInterpolator, snapValues: boolean): Volume {
  const [ax, ay, az] = grid;
  const data = new Float64Array(ax.size * ay.size * az.size);
  const xs = Float64Array.from({ length: ax.size }, (_, k) => snap(ax.start + k * ax.step));
  let i = 0;
  for (let z = 0; z < az.size; z++) {
    const cz = snap(az.start + z * az.step);
    for (let y = 0; y < ay.size; y++) {
      const cy = snap(ay.start + y * ay.step);
      for (let x = 0; x < ax.size; x++, i++) {
        const v = interpolate(xs[x], cy, cz);
        data[i] = snapValues ? snap(v) : v;
      }
    }
  }
  const spacing = grid.map((g, d) => g.step * volume.spacing[d]) as [number, number, number];
  const shift = grid.map((g, d) => g.start * volume.spacing[d]);
  const dir = volume.direction;
  const origin = [0, 1, 2].map((r) => volume.origin[r] + dir[3 * r] * shift[0] + dir[3 * r + 1] * shift[1] + dir[3 * r + 2] * shift[2]) as [number, number, number];
  return { data, size: [ax.size, ay.size, az.size], spacing, origin, direction: dir.slice() };
}

/** Round half to even (numpy.round), so that rounding is symmetric about zero and unbiased. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v - Math.trunc(v)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Image diagnostics of IBSI: dimensions, voxel spacing and mean/min/max intensity of the whole image. */
function imageDiagnostics(image: Volume, stage: string): Record<string, number> {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of image.data) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const out: Record<string, number> = {};
  ["x", "y", "z"].forEach((a, d) => (out[`img_dim_${a}_${stage}_img`] = image.size[d]));
  ["x", "y", "z"].forEach((a, d) => (out[`vox_dim_${a}_${stage}_img`] = image.spacing[d]));
  out[`mean_int_${stage}_img`] = sum / image.data.length;
  out[`min_int_${stage}_img`] = min;
  out[`max_int_${stage}_img`] = max;
  return out;
}

/** Bounding-box extent (voxels) of a mask along x, y, z; 0 when empty. */
function boxExtent(mask: Uint8Array, size: [number, number, number]): number[] {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let z = 0, i = 0; z < size[2]; z++) {
    for (let y = 0; y < size[1]; y++) {
      for (let x = 0; x < size[0]; x++, i++) {
        if (!mask[i]) continue;
        const p = [x, y, z];
        for (let d = 0; d < 3; d++) {
          if (p[d] < lo[d]) lo[d] = p[d];
          if (p[d] > hi[d]) hi[d] = p[d];
        }
      }
    }
  }
  return lo.map((l, d) => (l === Infinity ? 0 : hi[d] - l + 1));
}

/** ROI diagnostics of IBSI at one stage: mask grid, bounding boxes, voxel counts, intensity mask mean/min/max. */
function roiDiagnostics(image: Volume, morph: Uint8Array, intensity: Uint8Array, stage: string): Record<string, number> {
  const out: Record<string, number> = {};
  const axes = ["x", "y", "z"];
  axes.forEach((a, d) => (out[`int_mask_dim_${a}_${stage}_roi`] = image.size[d]));
  const intBox = boxExtent(intensity, image.size);
  const morphBox = boxExtent(morph, image.size);
  axes.forEach((a, d) => (out[`int_mask_bb_dim_${a}_${stage}_roi`] = intBox[d]));
  axes.forEach((a, d) => (out[`morph_mask_bb_dim_${a}_${stage}_roi`] = morphBox[d]));
  let nInt = 0;
  let nMorph = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < morph.length; i++) {
    if (morph[i]) nMorph++;
    if (!intensity[i]) continue;
    nInt++;
    const v = image.data[i];
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  out[`int_mask_vox_count_${stage}_roi`] = nInt;
  out[`morph_mask_vox_count_${stage}_roi`] = nMorph;
  out[`int_mask_mean_int_${stage}_roi`] = nInt ? sum / nInt : NaN;
  out[`int_mask_min_int_${stage}_roi`] = nInt ? min : NaN;
  out[`int_mask_max_int_${stage}_roi`] = nInt ? max : NaN;
  return out;
}

/** The binary ROI of a mask: every non-zero voxel; a mask holding several labels is refused (IBSI masks are binary). */
export function binaryRoi(mask: Volume, source: string): Uint8Array {
  const labels = new Set<number>();
  const roi = new Uint8Array(mask.data.length);
  for (let i = 0; i < roi.length; i++) {
    const v = mask.data[i];
    if (v !== 0) {
      roi[i] = 1;
      labels.add(v);
    }
  }
  if (labels.size === 0) throw new Error(`${source}: the mask is empty (no non-zero voxel)`);
  if (labels.size > 1) {
    throw new Error(`${source}: the mask holds ${labels.size} labels (${[...labels].sort((a, b) => a - b).slice(0, 5).join(", ")}); the IBSI mode needs a binary mask (0 = outside, one value inside)`);
  }
  return roi;
}

/**
 * IBSI re-segmentation ("Re-segmentation"): the intensity mask keeps the morphological-mask voxels whose
 * intensity lies in `range` (inclusive), then, with `outlier` k, those within mean +- k SD (population SD of the
 * voxels left by the range).
 */
export function resegment(image: Float64Array, morph: Uint8Array, settings: IbsiConfig["resegmentation"]): Uint8Array {
  const mask = morph.slice();
  if (settings.range) {
    const [lo, hi] = settings.range;
    for (let i = 0; i < mask.length; i++) if (mask[i] && !(image[i] >= lo && image[i] <= hi)) mask[i] = 0;
  }
  if (settings.outlier !== null) {
    let n = 0;
    let sum = 0;
    for (let i = 0; i < mask.length; i++) if (mask[i]) (n++, (sum += image[i]));
    const mean = sum / n;
    let ss = 0;
    for (let i = 0; i < mask.length; i++) if (mask[i]) ss += (image[i] - mean) ** 2;
    const sd = Math.sqrt(ss / n);
    const lo = mean - settings.outlier * sd;
    const hi = mean + settings.outlier * sd;
    for (let i = 0; i < mask.length; i++) if (mask[i] && !(image[i] >= lo && image[i] <= hi)) mask[i] = 0;
  }
  return mask;
}

/**
 * IBSI preprocessing of an image and its binary mask (same grid): interpolation to the configured spacing on a
 * grid aligned by grid centres (image and mask alike; the mask's interpolated fraction is kept where
 * >= maskThreshold), optional rounding of intensities, then re-segmentation. `source` names the mask in errors.
 */
export function preprocessIbsi(image: Volume, mask: Volume, config: IbsiConfig, source = "mask"): IbsiImage {
  const roi = binaryRoi(mask, source);
  const diagnostics: Record<string, number> = { ...imageDiagnostics(image, "init"), ...roiDiagnostics(image, roi, roi, "init") };
  let interpolated = image;
  let morph = roi;
  const interpolation = config.interpolation;
  if (interpolation) {
    const grid = interpolationGrid(image, interpolation, config.dimensions);
    interpolated = resampleOnGrid(image, grid, interpolatorFor(image, interpolation.image), false);
    if (interpolation.round) interpolated.data = interpolated.data.map(roundHalfEven);
    const fraction = resampleOnGrid({ ...mask, data: Float64Array.from(roi) }, grid, interpolatorFor(mask, interpolation.mask), true);
    morph = Uint8Array.from(fraction.data, (v) => (v >= interpolation.maskThreshold ? 1 : 0));
    if (!morph.some((v) => v)) throw new Error(`${source}: no voxel of the interpolated mask reaches maskThreshold ${interpolation.maskThreshold}`);
  }
  Object.assign(diagnostics, imageDiagnostics(interpolated, "interp"), roiDiagnostics(interpolated, morph, morph, "interp"));
  const intensity = resegment(interpolated.data, morph, config.resegmentation);
  if (!intensity.some((v) => v)) throw new Error(`${source}: re-segmentation left no voxel in the ROI (range ${JSON.stringify(config.resegmentation.range)}, outlier ${config.resegmentation.outlier})`);
  Object.assign(diagnostics, roiDiagnostics(interpolated, morph, intensity, "reseg"));
  return { image: interpolated, morph, intensity, diagnostics };
}

/**
 * The mask interpolation of IBSI on its own: the fraction of ROI at each new voxel (trilinear or as configured),
 * exact at binary fractions such as 0.5. Exposed for tests and for inspecting partial-volume handling.
 */
export function interpolateMaskFraction(mask: Volume, config: IbsiConfig, source = "mask"): Volume {
  if (!config.interpolation) throw new Error(`${source}: no interpolation configured`);
  const grid = interpolationGrid(mask, config.interpolation, config.dimensions);
  return resampleOnGrid({ ...mask, data: Float64Array.from(binaryRoi(mask, source)) }, grid, interpolatorFor(mask, config.interpolation.mask), true);
}
