/**
 * How many voxels an extraction may hold, from the memory this process can use: the machine's RAM, or a
 * container's (cgroup) limit when lower. An image or a resampled grid beyond it is refused before allocation, with
 * a message naming the file or setting, instead of ending in "Invalid typed array length" or the OOM killer.
 */
import { totalmem } from "node:os";

/**
 * Bytes an extraction holds per voxel of its image at most: the float64 image and its stored copy, the mask, and
 * the resampled or filtered copies over the ROI's box (measured peak growth: about 3 float64 copies of the image,
 * bench/memory.bench.ts), with margin.
 */
export const BYTES_PER_VOXEL = 32;

/** Memory this process may use: RAM, or the container's limit when one is set and lower. */
export function usableMemory(): number {
  const constrained = typeof process.constrainedMemory === "function" ? process.constrainedMemory() : 0;
  const ram = totalmem();
  return constrained && constrained > 0 && constrained < ram ? constrained : ram;
}

/** The largest voxel count whose extraction fits in {@link usableMemory}. */
export function maxVoxelsInMemory(): number {
  return Math.floor(usableMemory() / BYTES_PER_VOXEL);
}

/**
 * Throws when `voxels` would not fit in memory: `<source>: <what> has 2.1e+10 voxels; at about 32 bytes a voxel
 * that needs 629 GiB, more than the 24 GiB this process can use; <hint>`.
 *
 * @example
 * checkVoxelsFit(1e12, "mask.nrrd", "the resampled grid (resampledPixelSpacing [0.01, 0.01, 0.01])", "use a larger resampledPixelSpacing");
 */
export function checkVoxelsFit(voxels: number, source: string, what: string, hint: string): void {
  if (voxels <= maxVoxelsInMemory()) return;
  const gib = (bytes: number) => `${(bytes / 2 ** 30).toPrecision(3)} GiB`;
  throw new Error(
    `${source}: ${what} has ${voxels.toPrecision(3)} voxels; at about ${BYTES_PER_VOXEL} bytes a voxel that needs ${gib(voxels * BYTES_PER_VOXEL)}, ` +
      `more than the ${gib(usableMemory())} this process can use; ${hint}`,
  );
}
