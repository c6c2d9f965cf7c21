import { checkVoxelsFit } from "../memory";
import type { Volume } from "../image";
import { makeInterpolator } from "./interpolate";
import { INTEGER_RANGES } from "../pixel-types";

/** An output grid: the direction is the input's (PyRadiomics never rotates). */
export interface Grid {
  size: [number, number, number];
  spacing: [number, number, number];
  origin: [number, number, number];
}


/**
 * Resamples `image` onto `grid` (same direction) with an identity transform, as ITK's ResampleImageFilter:
 * each output voxel's physical point is mapped to a continuous input index; points outside
 * [-0.5, n - 0.5) on any axis get 0, others the interpolated value. When `pixelType` is an integer type the
 * value is clamped to its range and truncated toward zero (ITK's static_cast), as SimpleITK does when
 * the output pixel type is the input's.
 *
 * @example
 * const out = resampleVolume(image, { size: [64, 64, 40], spacing: [2, 2, 2], origin: image.origin }, "sitkBSpline");
 */
export function resampleVolume(image: Volume, grid: Grid, interpolator: string, pixelType: string | undefined = image.pixelType): Volume {
  const f = makeInterpolator(image, interpolator);
  const D = image.direction;
  const [nx, ny, nz] = grid.size;
  const out = new Float64Array(nx * ny * nz);
  const range = pixelType ? INTEGER_RANGES[pixelType] : undefined;
  // Continuous input index of output index (i, j, k) = S_in^-1 D^T (o_out - o_in + D S_out (i, j, k)):
  // with the same direction this is affine and separable per output axis.
  const dOrigin = [0, 1, 2].map((r) => grid.origin[r] - image.origin[r]);
  const base = [0, 1, 2].map((c) => (D[c] * dOrigin[0] + D[3 + c] * dOrigin[1] + D[6 + c] * dOrigin[2]) / image.spacing[c]);
  const step = [0, 1, 2].map((c) => grid.spacing[c] / image.spacing[c]);
  const lo = [-0.5, -0.5, -0.5];
  const hi = image.size.map((n) => n - 0.5);
  let p = 0;
  for (let k = 0; k < nz; k++) {
    const z = base[2] + k * step[2];
    const zIn = z >= lo[2] && z < hi[2];
    for (let j = 0; j < ny; j++) {
      const y = base[1] + j * step[1];
      const yzIn = zIn && y >= lo[1] && y < hi[1];
      for (let i = 0; i < nx; i++, p++) {
        const x = base[0] + i * step[0];
        if (!yzIn || x < lo[0] || x >= hi[0]) continue;
        let v = f(x, y, z);
        if (range) v = v < range[0] ? range[0] : v > range[1] ? range[1] : Math.trunc(v);
        out[p] = v;
      }
    }
  }
  return {
    data: out,
    size: [...grid.size] as [number, number, number],
    spacing: [...grid.spacing] as [number, number, number],
    origin: [...grid.origin] as [number, number, number],
    direction: D.slice(),
    pixelType: pixelType ?? image.pixelType,
    dimension: image.dimension,
  };
}

/** PyRadiomics' resampling settings (the ones resampleForExtraction reads). */
export interface ResampleSettings {
  resampledPixelSpacing: number[] | null;
  interpolator: string | null;
  padDistance: number;
  label: number;
}

/**
 * PyRadiomics imageoperations.resampleImage: resamples image (with `interpolator`) and mask (nearest
 * neighbour) to `resampledPixelSpacing` on a grid cropped to the ROI's bounding box plus `padDistance`
 * voxels of the new spacing. With mask spacing s, new spacing s' (0 entries and axes where the ROI is one
 * voxel thick keep s), ratio r = s / s' and the ROI box [lower, lower + size) in mask indices:
 *   first = max(0, floor((lower - 0.5) r - pad)),  last = min(ceil(n r) - 1, ceil((lower + size - 0.5) r + pad)),
 *   size' = last - first + 1,  origin' = physical point of continuous mask index 0.5 (s' - s) / s + first / r.
 * The image keeps its pixel type (integer types are truncated, as SimpleITK). When s' equals the image
 * spacing (numpy allclose) nothing is interpolated and the mask is only resampled onto the image grid.
 *
 * @example
 * const { image: img2, mask: msk2 } = resampleForExtraction(image, mask, { resampledPixelSpacing: [2, 2, 2], interpolator: "sitkBSpline", padDistance: 5, label: 1 });
 */
export function resampleForExtraction(image: Volume, mask: Volume, settings: ResampleSettings, source = "mask"): { image: Volume; mask: Volume } {
  const requested = settings.resampledPixelSpacing;
  if (!requested || requested.length !== 3) {
    throw new Error(`${source}: resampledPixelSpacing must hold 3 values (got ${JSON.stringify(requested)})`);
  }
  const interpolator = settings.interpolator ?? "sitkBSpline";
  const lower = [Infinity, Infinity, Infinity];
  const upper = [-Infinity, -Infinity, -Infinity];
  const [mx, my, mz] = mask.size;
  for (let z = 0, i = 0; z < mz; z++) {
    for (let y = 0; y < my; y++) {
      for (let x = 0; x < mx; x++, i++) {
        if (mask.data[i] !== settings.label) continue;
        const p = [x, y, z];
        for (let d = 0; d < 3; d++) {
          if (p[d] < lower[d]) lower[d] = p[d];
          if (p[d] > upper[d]) upper[d] = p[d];
        }
      }
    }
  }
  if (lower[0] === Infinity) throw new Error(`${source}: label ${settings.label} not present in mask; cannot resample`);
  const boxSize = upper.map((u, d) => u - lower[d] + 1);
  const spacing = [0, 1, 2].map((d) => (requested[d] === 0 || boxSize[d] === 1 ? mask.spacing[d] : requested[d])) as [number, number, number];
  const allclose = spacing.every((s, d) => Math.abs(image.spacing[d] - s) <= 1e-8 + 1e-5 * Math.abs(s));
  if (allclose) {
    const grid = { size: image.size, spacing: image.spacing, origin: image.origin };
    return { image, mask: resampleVolume(mask, grid, "sitkNearestNeighbor", mask.pixelType) };
  }
  const pad = settings.padDistance;
  const ratio = [0, 1, 2].map((d) => mask.spacing[d] / spacing[d]);
  const first = [0, 1, 2].map((d) => Math.max(0, Math.floor((lower[d] - 0.5) * ratio[d] - pad)));
  const last = [0, 1, 2].map((d) => Math.min(Math.ceil(mask.size[d] * ratio[d]) - 1, Math.ceil((lower[d] + boxSize[d] - 0.5) * ratio[d] + pad)));
  const size = [0, 1, 2].map((d) => last[d] - first[d] + 1) as [number, number, number];
  checkVoxelsFit(
    size[0] * size[1] * size[2], source, `the resampled grid ${size.join(" x ")} (resampledPixelSpacing [${requested.join(", ")}] over the ROI's box plus padDistance)`,
    "use a larger resampledPixelSpacing",
  );
  const cidx = [0, 1, 2].map((d) => (0.5 * (spacing[d] - mask.spacing[d])) / mask.spacing[d] + first[d] / ratio[d]);
  const s = cidx.map((c, d) => c * mask.spacing[d]);
  const D = mask.direction;
  const origin = [0, 1, 2].map((r) => mask.origin[r] + D[3 * r] * s[0] + D[3 * r + 1] * s[1] + D[3 * r + 2] * s[2]) as [number, number, number];
  const grid: Grid = { size, spacing, origin };
  return {
    image: resampleVolume({ ...image, direction: mask.direction }, grid, interpolator, image.pixelType),
    mask: resampleVolume(mask, grid, "sitkNearestNeighbor", mask.pixelType),
  };
}
