/**
 * Voxel-based extraction (PyRadiomics' voxel mode, `featureextractor.execute(..., voxelBased=True)`): a feature map
 * per first-order and texture feature, each voxel of the ROI holding the feature of its kernel.
 *
 * As PyRadiomics:
 * - preprocessing, mask checks, resegmentation and diagnostics are those of segment-based extraction; shape
 *   features are not computed;
 * - every image type is cropped to the ROI's bounding box grown by `kernelRadius` (clipped to the image), and the
 *   maps are written on that grid: voxels outside the ROI hold `initValue`;
 * - the gray levels are discretised once per image, over the ROI (`maskedKernel` true) or over the whole grown box
 *   (false), and a kernel's matrices keep that discretisation (its levels, and Ng for Idmn / Idn);
 * - the kernel of a voxel is its box of half-size `kernelRadius` (none along the force2D dimension), clipped to the
 *   grown box, and holds its ROI voxels (`maskedKernel` true) or all its voxels (false); texture neighbours and
 *   zones are searched within it.
 *
 * One deliberate difference: a voxel's values never depend on the batch it is computed in. PyRadiomics evaluates a
 * batch of `voxelBatch` voxels together, and within a batch an angle without voxel pairs in one kernel (but not in
 * all) turns that voxel's GLCM JointAverage into NaN and makes MCC fail for the whole batch (left at initValue);
 * here every voxel is computed as PyRadiomics computes it in a batch of its own (such angles dropped, as in
 * segment-based extraction), so `voxelBatch` and the number of worker threads only change speed and memory.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  discretizeImage,
  featureJson,
  filterContext,
  imageTypeImages,
  prepareExtraction,
  toParams,
  withFiles,
  type FeatureVector,
} from "./extractor";
import { indexToPhysical, type Volume } from "./image";
import { cropToBox, type BoundingBox, type Sources } from "./mask";
import { WorkerPool } from "./batch/pool";
import { usableMemory } from "./memory";
import { writeVolume } from "./preprocess/write";
import { applySettings, voxelSettingsOf, type ExtractionParams, type Settings, type VoxelSettings } from "./settings";
import { computeVoxelBatch, type VoxelBatchJob, type VoxelBatchResult } from "./voxel-kernel";
import { ownModulePath } from "../util/paths";

/** The result of a voxel-based extraction. */
export interface VoxelMaps {
  /** One map per feature, named as PyRadiomics names features (`original_glcm_Contrast`), in its order. */
  maps: Map<string, Volume>;
  /** Diagnostics (additionalInfo), as in segment-based extraction. */
  diagnostics: FeatureVector;
}

/** Options of {@link extractVoxelMaps}. */
export interface VoxelOptions {
  /** Worker threads computing the voxel batches; 1 (default) computes in the calling thread. */
  workers?: number;
}

/** Voxels per batch when `voxelBatch` is not set: small enough to share the work among threads, large enough to amortise a job. */
const DEFAULT_BATCH = 500;

/**
 * Computes PyRadiomics' voxel-based feature maps of an image and a label map in memory (settings from
 * `input`, the voxelSetting section included: kernelRadius, maskedKernel, initValue, voxelBatch).
 *
 * @example
 * const image = await readImage("data/bench/bench_image.nrrd");
 * const mask = await readImage("data/bench/bench_label.nrrd");
 * const { maps } = await extractVoxelMaps(image, mask, readParamsFile("params.yaml"), undefined, { workers: 2 });
 * maps.get("original_glcm_Contrast"); // a Volume on the ROI box grown by kernelRadius
 */
export async function extractVoxelMaps(
  image: Volume,
  mask: Volume,
  input: ExtractionParams | Partial<Settings> = {},
  sources: Sources = { image: "image", mask: "mask" },
  options: VoxelOptions = {},
): Promise<VoxelMaps> {
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`voxel-based extraction: workers must be a positive integer (got ${workers})`);
  let pool: WorkerPool<VoxelBatchJob, VoxelBatchResult> | null = null;
  try {
    const params = toParams(input);
    const prepared = prepareExtraction(image, mask, params, sources);
    const voxel = voxelSettingsOf(params);
    const run = (job: VoxelBatchJob): Promise<VoxelBatchResult> => {
      if (workers === 1) return Promise.resolve(computeVoxelBatch(job));
      pool ??= new WorkerPool<VoxelBatchJob, VoxelBatchResult>(ownModulePath("radiomics/voxel-worker"), workers);
      return pool.run(job).then((outcome) => {
        if ("error" in outcome) throw new Error(`voxel batch of ${job.imageName} failed: ${outcome.error}`);
        return outcome.value;
      });
    };
    const maps = new Map<string, Volume>();
    const featureMask = prepared.resegmented ?? prepared.mask;
    const grid = grownBox(prepared.box, voxel.kernelRadius, featureMask.size);
    const context = filterContext(featureMask, params, sources);
    for (const [type, custom] of Object.entries(params.imageTypes)) {
      const settings = { ...params.settings } as Settings;
      applySettings(settings, custom, `imageType ${type}`);
      for (const named of imageTypeImages(type, prepared.image, settings, custom, grid, context)) {
        const roi = cropToBox(named.image, featureMask, settings.label, prepared.box, voxel.kernelRadius, named.offset);
        // maskedKernel false: every voxel of the grown box is discretised and may be part of a kernel.
        const region = voxel.maskedKernel ? roi : { ...roi, mask: new Uint8Array(roi.mask.length).fill(1), count: roi.mask.length };
        const where = voxel.maskedKernel ? "inside the ROI" : "inside the ROI's box grown by kernelRadius (maskedKernel false discretises all of it)";
        const binned = discretizeImage(region, named.name, settings, params, sources.image, where);
        const base: Omit<VoxelBatchJob, "centers"> = {
          imageName: named.name,
          settings,
          featureClasses: params.featureClasses,
          size: roi.size,
          spacing: roi.spacing,
          values: roi.values,
          region: region.mask,
          gray: binned.gray,
          Ng: binned.Ng,
          levelCount: binned.grayLevels.length,
          radius: kernelRadii(voxel.kernelRadius, settings),
        };
        const centers = roiIndices(roi.mask);
        const featureCount = computeVoxelBatch({ ...base, centers: centers.slice(0, 1) }).names.length;
        checkMapsFit(maps.size + featureCount, roi.size, named.name, sources.image);
        const batches = splitBatches(centers, voxel.voxelBatch > 0 ? voxel.voxelBatch : DEFAULT_BATCH);
        const results = await Promise.all(batches.map((b) => run(slabJob(base, b))));
        const geometry = { spacing: [...prepared.image.spacing] as Volume["spacing"], direction: [...prepared.image.direction], origin: indexToPhysical(prepared.image, [...grid.lower]) };
        fillMaps(maps, results, batches, roi.size, geometry, voxel);
      }
    }
    return { maps, diagnostics: prepared.diagnostics };
  } catch (err) {
    throw withFiles(err, sources);
  } finally {
    await (pool as WorkerPool<VoxelBatchJob, VoxelBatchResult> | null)?.close();
  }
}

/**
 * Refuses, before computing them, feature maps that would not fit in the memory this process can use (each map is
 * a float64 volume over the grown box, all held until written, as in PyRadiomics).
 */
function checkMapsFit(count: number, size: [number, number, number], imageName: string, source: string): void {
  const bytes = count * size[0] * size[1] * size[2] * 8;
  if (bytes <= usableMemory() / 2) return;
  const gib = (b: number) => `${(b / 2 ** 30).toPrecision(3)} GiB`;
  throw new Error(
    `${source}: ${imageName} image: ${count} feature maps of ${size.join(" x ")} voxels (float64) need ${gib(bytes)}, more than half the ` +
      `${gib(usableMemory())} this process can use; enable fewer feature classes, features or image types, or a smaller kernelRadius`,
  );
}

/** The ROI box grown by `radius` voxels on every side, clipped to the image (PyRadiomics cropToTumorMask, padDistance = kernelRadius). */
function grownBox(box: BoundingBox, radius: number, size: [number, number, number]): BoundingBox {
  return {
    lower: box.lower.map((l) => Math.max(l - radius, 0)) as [number, number, number],
    upper: box.upper.map((u, d) => Math.min(u + radius, size[d] - 1)) as [number, number, number],
  };
}

/** Kernel half-size along x, y, z: `kernelRadius`, but 0 along the force2D dimension (numpy axis order z, y, x). */
function kernelRadii(kernelRadius: number, settings: Settings): [number, number, number] {
  const radius: [number, number, number] = [kernelRadius, kernelRadius, kernelRadius];
  if (settings.force2D) radius[2 - settings.force2Ddimension] = 0;
  return radius;
}

function countOnes(a: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) n += a[i];
  return n;
}

/** Indices of the ROI voxels in scan order (x fastest), PyRadiomics' order of labelled voxels. */
function roiIndices(mask: Uint8Array): Int32Array {
  const out = new Int32Array(countOnes(mask));
  for (let i = 0, k = 0; i < mask.length; i++) if (mask[i]) out[k++] = i;
  return out;
}

/** Consecutive batches of at most `size` voxels. */
function splitBatches(centers: Int32Array, size: number): Int32Array[] {
  const out: Int32Array[] = [];
  for (let start = 0; start < centers.length; start += size) out.push(centers.subarray(start, start + size));
  return out;
}

/**
 * The job of one batch, holding only the slices its kernels reach (the batch's slices +- the kernel radius, within the
 * box) as copies: a worker receives a few slices, not the whole box, however large the ROI. Clipping a kernel to the
 * slab is clipping it to the box, as the slab extends the full radius wherever the box does.
 */
function slabJob(base: Omit<VoxelBatchJob, "centers">, centers: Int32Array): VoxelBatchJob {
  const plane = base.size[0] * base.size[1];
  const rz = base.radius[2];
  const first = Math.max(Math.floor(centers[0] / plane) - rz, 0);
  const last = Math.min(Math.floor(centers[centers.length - 1] / plane) + rz, base.size[2] - 1);
  const [from, to] = [first * plane, (last + 1) * plane];
  return {
    ...base,
    size: [base.size[0], base.size[1], last - first + 1],
    values: base.values.slice(from, to),
    region: base.region.slice(from, to),
    gray: base.gray.slice(from, to),
    centers: centers.map((c) => c - from),
  };
}

/** Writes the batches' values into one map per feature (initValue outside the ROI), in the batches' feature order. */
function fillMaps(
  maps: Map<string, Volume>,
  results: VoxelBatchResult[],
  batches: Int32Array[],
  size: [number, number, number],
  geometry: Pick<Volume, "spacing" | "direction" | "origin">,
  voxel: VoxelSettings,
): void {
  const names = results[0]?.names ?? [];
  for (const [f, name] of names.entries()) {
    const data = new Float64Array(size[0] * size[1] * size[2]).fill(voxel.initValue);
    results.forEach((r, b) => {
      const n = batches[b].length;
      for (let v = 0; v < n; v++) data[batches[b][v]] = r.values[f * n + v];
    });
    maps.set(name, { data, size: [...size], ...geometry });
  }
}

/**
 * Writes voxel-based results to `folder` (created if needed): `<feature>.nrrd` per map (float64, gzip-compressed
 * as PyRadiomics writes them, PyRadiomics' names) and `diagnostics.json`. Returns the map files written, in feature order.
 */
export async function writeVoxelMaps(result: VoxelMaps, folder: string): Promise<string[]> {
  const dir = resolve(folder);
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const [name, map] of result.maps) {
    const path = join(dir, `${name}.nrrd`);
    await writeVolume(map, path, "float64", { compress: true });
    files.push(path);
  }
  writeFileSync(join(dir, "diagnostics.json"), featureJson(result.diagnostics));
  return files;
}
