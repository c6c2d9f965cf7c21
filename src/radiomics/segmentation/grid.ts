/**
 * Putting a segmentation stored on its own grid (a cropped 3D Slicer segmentation, the frames of a DICOM-SEG)
 * onto the image's voxel grid. Nothing is resampled: the segmentation's spacing and direction must equal the
 * image's and its first voxel must sit on an image voxel, each within the tolerance PyRadiomics applies between
 * an image and its mask (setting geometryTolerance, default 1e-6: coordinates within tolerance x spacing[0],
 * direction cosines within tolerance). Anything else is refused by name, never interpolated.
 */
import { physicalToIndex, type Volume } from "../image";

/** A voxel grid: `size` voxels along index axes whose physical steps are `direction` columns times `spacing`. */
export type Grid = Pick<Volume, "size" | "spacing" | "origin" | "direction">;

/** PyRadiomics' default geometryTolerance (ITK's coordinate and direction tolerance). */
export const DEFAULT_GEOMETRY_TOLERANCE = 1e-6;

const list = (a: readonly number[]) => a.map((x) => String(x)).join(", ");

/**
 * The image index of `grid`'s voxel (0, 0, 0), after checking that every grid voxel centre is an image voxel
 * centre: spacing and direction equal the image's, and the origin lies a whole number of voxels from the
 * image's origin. `what` names the segmentation (file, frame) in errors.
 *
 * @example
 * gridOffset({ ...image, size: [4, 4, 1], origin: indexToPhysical(image, [2, 3, 5]) }, image, 1e-6, "seg.nrrd"); // [2, 3, 5]
 */
export function gridOffset(grid: Grid, image: Volume, tolerance: number, what: string): [number, number, number] {
  const coordTol = tolerance * image.spacing[0];
  const hint = `(tolerance ${tolerance}; see setting geometryTolerance)`;
  if (grid.spacing.some((s, a) => !(Math.abs(s - image.spacing[a]) <= coordTol))) {
    throw new Error(`${what}: spacing (${list(grid.spacing)}) differs from the image's (${list(image.spacing)}) ${hint}; resample the segmentation onto the image first`);
  }
  if (grid.direction.some((c, k) => !(Math.abs(c - image.direction[k]) <= tolerance))) {
    throw new Error(`${what}: direction [${list(grid.direction)}] differs from the image's [${list(image.direction)}] ${hint}; resample the segmentation onto the image first`);
  }
  const index = physicalToIndex(image, grid.origin);
  const whole = index.map(Math.round) as [number, number, number];
  if (index.some((x, a) => !(Math.abs(x - whole[a]) * image.spacing[a] <= coordTol))) {
    throw new Error(`${what}: origin (${list(grid.origin)}) lies between the image's voxels (at image index ${list(index.map((x) => Number(x.toFixed(6))))}) ${hint}; resample the segmentation onto the image first`);
  }
  return whole;
}

/**
 * Sets to 1, in `target` (a mask on `image`'s grid), every voxel of `grid` for which `isSet(gridVoxel)` holds,
 * shifted by `offset` (from {@link gridOffset}). A set voxel that falls outside the image is refused: the
 * segment would be cut silently.
 */
export function stampOnImage(
  target: Float64Array,
  image: Volume,
  grid: Grid,
  offset: [number, number, number],
  isSet: (gridVoxel: number) => boolean,
  what: string,
): void {
  const [nx, ny, nz] = grid.size;
  const [ix, iy, iz] = image.size;
  for (let z = 0, v = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, v++) {
        if (!isSet(v)) continue;
        const [tx, ty, tz] = [x + offset[0], y + offset[1], z + offset[2]];
        if (tx < 0 || ty < 0 || tz < 0 || tx >= ix || ty >= iy || tz >= iz) {
          throw new Error(`${what}: segment voxel (${x}, ${y}, ${z}) falls at image index (${tx}, ${ty}, ${tz}), outside the image (size ${image.size.join(" x ")})`);
        }
        target[tx + ix * (ty + iy * tz)] = 1;
      }
    }
  }
}

/** An all-zero mask on `image`'s grid (same size, spacing, origin, direction), stored as uint8 values. */
export function emptyMaskLike(image: Volume): Volume {
  const n = image.size[0] * image.size[1] * image.size[2];
  return {
    data: new Float64Array(n),
    size: [...image.size],
    spacing: [...image.spacing],
    origin: [...image.origin],
    direction: image.direction.slice(),
    pixelType: "uint8",
    dimension: image.dimension,
  };
}
