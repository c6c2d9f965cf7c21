/**
 * The per-voxel work of voxel-based extraction (voxel.ts): for each ROI voxel of a batch, the first-order and
 * texture features of its kernel, computed by the segment-based feature code on the kernel as a small ROI. Runs in
 * the calling thread or on worker threads (voxel-worker.ts); a voxel's values depend only on its kernel, never on
 * the batch it is computed in.
 */
import type { DiscretizedRoi } from "./discretize";
import { intensityClassFeatures } from "./extractor";
import type { CroppedRoi } from "./mask";
import type { ExtractionParams, Settings } from "./settings";

/** One batch of ROI voxels of one (original or derived) image, over the ROI box grown by the kernel radius. */
export interface VoxelBatchJob {
  /** PyRadiomics image-type name ("original", "wavelet-LLH", ...). */
  imageName: string;
  /** Settings of this image type. */
  settings: Settings;
  /** Enabled classes (shape classes are ignored). */
  featureClasses: ExtractionParams["featureClasses"];
  /** Box size (x, y, z) and voxel spacing. */
  size: [number, number, number];
  spacing: [number, number, number];
  /** Intensities over the box, x fastest. */
  values: Float64Array;
  /** Voxels a kernel may hold: the ROI (maskedKernel) or the whole box. */
  region: Uint8Array;
  /** Gray level of every `region` voxel, discretised once over all of `region` (0 elsewhere). */
  gray: Int32Array;
  /** Highest gray level of `region` (PyRadiomics' Ng, used by Idmn and Idn) and how many levels occur in it. */
  Ng: number;
  levelCount: number;
  /** Kernel half-size along x, y, z (0 along the force2D dimension). */
  radius: [number, number, number];
  /** Box index of each voxel of the batch. */
  centers: Int32Array;
}

/** Feature values of a batch: `values[f * centers.length + v]` is feature `names[f]` at voxel `centers[v]`. */
export interface VoxelBatchResult {
  names: string[];
  values: Float64Array;
}

/**
 * The kernel of the voxel at box index `center`: every `region` voxel within `radius` (per axis) of it, as a
 * cropped ROI over the kernel's box (clipped at the box edges) with its gray levels taken from the region-wide
 * discretisation (`Ng` kept region-wide, the levels present listed per kernel).
 */
export function kernelRoi(job: VoxelBatchJob, center: number): { roi: CroppedRoi; binned: DiscretizedRoi } {
  const [nx, ny, nz] = job.size;
  const c = [center % nx, Math.floor(center / nx) % ny, Math.floor(center / (nx * ny))];
  const n = [nx, ny, nz];
  const lo = c.map((v, d) => Math.max(v - job.radius[d], 0));
  const hi = c.map((v, d) => Math.min(v + job.radius[d], n[d] - 1));
  const size: [number, number, number] = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1];
  const total = size[0] * size[1] * size[2];
  const values = new Float64Array(total);
  const mask = new Uint8Array(total);
  const gray = new Int32Array(total);
  const present = new Uint8Array(job.Ng + 1);
  let count = 0;
  let k = 0;
  for (let z = lo[2]; z <= hi[2]; z++) {
    for (let y = lo[1]; y <= hi[1]; y++) {
      for (let x = lo[0], i = x + nx * (y + ny * z); x <= hi[0]; x++, i++, k++) {
        values[k] = job.values[i];
        if (!job.region[i]) continue;
        mask[k] = 1;
        gray[k] = job.gray[i];
        present[job.gray[i]] = 1;
        count++;
      }
    }
  }
  const levels: number[] = [];
  for (let g = 1; g <= job.Ng; g++) if (present[g]) levels.push(g);
  const offset: [number, number, number] = [lo[0], lo[1], lo[2]];
  return {
    roi: { size, spacing: job.spacing, values, mask, count, offset },
    binned: { size, spacing: job.spacing, mask, gray, Ng: job.Ng, grayLevels: new Int32Array(levels), count },
  };
}

/** Computes every enabled first-order and texture feature on the kernel of each voxel of the batch. */
export function computeVoxelBatch(job: VoxelBatchJob): VoxelBatchResult {
  const params = { settings: job.settings, imageTypes: {}, featureClasses: job.featureClasses } as ExtractionParams;
  const nv = job.centers.length;
  let names: string[] = [];
  let values = new Float64Array(0);
  for (let v = 0; v < nv; v++) {
    const { roi, binned } = kernelRoi(job, job.centers[v]);
    const features = intensityClassFeatures(roi, binned, job.imageName, job.settings, params, job.levelCount);
    if (v === 0) {
      names = Object.keys(features);
      values = new Float64Array(names.length * nv);
    }
    names.forEach((name, f) => (values[f * nv + v] = features[name] as number));
  }
  return { names, values };
}
