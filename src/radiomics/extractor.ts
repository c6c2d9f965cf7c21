import { readFileSync } from "node:fs";
import { imageDiagnostics, maskDiagnostics } from "./diagnostics";
import { discretize, GrayLevelLimitError, NonFiniteRoiError, type DiscretizedRoi } from "./discretize";
import { firstOrderFeatures } from "./features/firstorder";
import { glcmFeatures } from "./features/glcm";
import { gldmFeatures } from "./features/gldm";
import { glrlmFeatures } from "./features/glrlm";
import { glszmFeatures } from "./features/glszm";
import { ngtdmFeatures } from "./features/ngtdm";
import { shapeFeatures } from "./features/shape";
import { shape2DFeatures } from "./features/shape2D";
import { readImage, type Volume } from "./image";
import { checkLabel, checkMask, cropToBox, resegmentMask, type BoundingBox, type CroppedRoi, type Sources } from "./mask";
import { normalizeImage } from "./normalize";
import { n4BiasFieldCorrection } from "./preprocess/n4";
import { resampleForExtraction } from "./preprocess/resample";
import {
  applySettings,
  paramsFromObject,
  pythonRepr,
  readParamsFile,
  type ExtractionParams,
  type Settings,
} from "./settings";
import { waveletImages } from "./wavelet/index";
import { FILTER_IMAGE_TYPES, filteredImages } from "./filters/index";
import { repoPath } from "../util/paths";

/** Features and diagnostics of one extraction, in PyRadiomics' output order. */
export type FeatureVector = Record<string, number | string>;

/** JSON text of a feature vector; NaN and infinities (valid PyRadiomics results) become strings. */
export function featureJson(features: FeatureVector): string {
  const safe: FeatureVector = {};
  for (const [k, v] of Object.entries(features)) safe[k] = typeof v === "number" && !Number.isFinite(v) ? String(v) : v;
  return `${JSON.stringify(safe, null, 2)}\n`;
}

/** A derived (or original) image on which first-order and texture features are computed with the same mask. */
export interface NamedImage {
  /** PyRadiomics image-type name: "original", "wavelet-LLH", ... */
  name: string;
  image: Volume;
  /** Index of `image`'s first voxel in the original image (non-zero when only the ROI box was computed). */
  offset: [number, number, number];
}

/** Context the filters need besides the image: the ROI mask (LBP3D), how sigmas were written (LoG names), warnings. */
export interface FilterContext {
  mask: Volume;
  floatSigmas: ReadonlySet<number>;
  warn: (message: string) => void;
}

/**
 * The images of one enabled image type. `Original` yields the image itself; `Wavelet` yields PyRadiomics'
 * eight (per level) sub-bands over the ROI box; the other PyRadiomics types (LoG, Square, SquareRoot, Logarithm,
 * Exponential, Gradient, LBP2D, LBP3D) filter the whole image (see filters/index.ts).
 */
export function* imageTypeImages(
  type: string,
  image: Volume,
  settings: Settings,
  custom: Record<string, unknown>,
  box: BoundingBox,
  context?: FilterContext,
): Generator<NamedImage> {
  if (type === "Original") {
    yield { name: "original", image, offset: [0, 0, 0] };
  } else if (type === "Wavelet") {
    yield* waveletImages(image, { ...settings, ...custom } as Record<string, unknown>, box);
  } else if ((FILTER_IMAGE_TYPES as readonly string[]).includes(type) && context) {
    const merged = { ...settings, ...custom } as Record<string, unknown>;
    for (const filtered of filteredImages(type, image, context.mask, merged, context.floatSigmas, context.warn)) {
      yield { name: filtered.name, image: filtered.image, offset: [0, 0, 0] };
    }
  } else {
    throw new Error(`image type ${type} is not supported`);
  }
}

function packageVersion(): string {
  try {
    return JSON.parse(readFileSync(repoPath("package.json"), "utf8")).version as string;
  } catch {
    return "unknown";
  }
}

/**
 * Discretises one image's ROI for the texture classes, turning the discretiser's failures into errors that name the
 * file, the image and the setting to change. `where` names the discretised region in those errors.
 */
export function discretizeImage(
  roi: CroppedRoi,
  imageName: string,
  settings: Settings,
  params: ExtractionParams,
  source: string,
  where = "inside the ROI",
): DiscretizedRoi {
  try {
    return discretize(roi, { binWidth: settings.binWidth, binCount: settings.binCount, maxGrayLevels: params.limits?.maxGrayLevels });
  } catch (e) {
    // PyRadiomics fails here too (numpy.histogram refuses a non-finite range); say so plainly.
    if (e instanceof NonFiniteRoiError) throw new Error(`${source}: ${imageName} image has ${e.value} voxels ${where}; cannot discretise`);
    if (e instanceof GrayLevelLimitError) {
      const how = settings.binCount !== null ? `binCount ${settings.binCount}` : `binWidth ${settings.binWidth} over ROI intensities ${e.min} to ${e.max}`;
      throw new Error(
        `${source}: ${imageName} image: ${how} gives ${e.bins.toExponential(3)} gray levels, above the limit of ${e.limit} (texture matrices grow with their square); ` +
          "check binWidth / binCount and the image's intensities, or raise the limit with a `limits: { maxGrayLevels: N }` section in the parameter file",
      );
    }
    throw e;
  }
}

/**
 * First-order and texture classes of one discretised region, named `<image>_<class>_<feature>`.
 * `levelCount`: the number of gray levels PyRadiomics sizes the GLCM with when more than `binned` holds (voxel-based
 * extraction: the levels of the whole discretised region; see glcmFeatures).
 */
export function intensityClassFeatures(
  roi: CroppedRoi,
  binned: DiscretizedRoi,
  imageName: string,
  settings: Settings,
  params: ExtractionParams,
  levelCount?: number,
): FeatureVector {
  const out: FeatureVector = {};
  const planar = { force2D: settings.force2D, force2Ddimension: settings.force2Ddimension };
  for (const [cls, names] of Object.entries(params.featureClasses)) {
    let values: Record<string, number>;
    if (cls === "firstorder") values = firstOrderFeatures(roi, binned, settings.voxelArrayShift, names);
    else if (cls === "glcm") {
      values = glcmFeatures(binned, { distances: settings.distances, symmetrical: settings.symmetricalGLCM, weightingNorm: settings.weightingNorm, ...planar, levelCount }, names);
    } else if (cls === "gldm") values = gldmFeatures(binned, { distances: settings.distances, alpha: settings.gldm_a, ...planar }, names);
    else if (cls === "glrlm") values = glrlmFeatures(binned, { weightingNorm: settings.weightingNorm, ...planar }, names);
    else if (cls === "glszm") values = glszmFeatures(binned, planar, names);
    else if (cls === "ngtdm") values = ngtdmFeatures(binned, { distances: settings.distances, ...planar }, names);
    else continue;
    for (const [name, v] of Object.entries(values)) out[`${imageName}_${cls}_${name}`] = v;
  }
  return out;
}

/** Accepts either full extraction parameters or just settings (then Original image, all classes). */
export function toParams(input: ExtractionParams | Partial<Settings>): ExtractionParams {
  if ("settings" in input && "featureClasses" in input && "imageTypes" in input) return input as ExtractionParams;
  const params = paramsFromObject({});
  applySettings(params.settings, input as Record<string, unknown>);
  return params;
}

/**
 * Extracts PyRadiomics features from an image and a label map already in memory, following
 * featureextractor.execute: mask checks, optional normalisation / resampling / pre-cropping, resegmentation,
 * diagnostics, shape (on the original image), then first-order and texture classes on every enabled image type.
 *
 * @example
 * const image = await readImage("data/pyradiomics/brain1_image.nrrd");
 * const mask = await readImage("data/pyradiomics/brain1_label.nrrd");
 * const f = extractFeatures(image, mask, { binWidth: 25 });
 * f.original_glcm_Idmn; // 0.9614...
 */
export function extractFeatures(
  image: Volume,
  mask: Volume,
  input: ExtractionParams | Partial<Settings> = {},
  sources: Sources = { image: "image", mask: "mask" },
): FeatureVector {
  try {
    return extractFeaturesOf(image, mask, input, sources);
  } catch (err) {
    throw withFiles(err, sources);
  }
}

/**
 * An extraction error that names the files: messages of the input checks already do; any other (a setting's
 * message, or an engine error such as a RangeError) gets `<image> (mask <mask>): ` in front, and an engine error is
 * said to be one, so that it is reported rather than taken for a problem of the data.
 */
export function withFiles(err: unknown, sources: Sources): Error {
  const message = err instanceof Error ? err.message : String(err);
  if (message.includes(sources.image) || message.includes(sources.mask)) return err instanceof Error ? err : new Error(message);
  const engine = err instanceof RangeError || err instanceof TypeError || err instanceof ReferenceError;
  return new Error(
    `${sources.image} (mask ${sources.mask}): ${message}` +
      (engine ? ` (an internal error of the feature engine, not a known problem of the input; please report it with these files and the parameters)` : ""),
  );
}

/** The inputs of feature computation after PyRadiomics' preprocessing (featureextractor.execute up to shape). */
export interface PreparedExtraction {
  /** The image after N4, normalisation, resampling or pre-cropping, as enabled. */
  image: Volume;
  /** The mask on `image`'s grid (before resegmentation). */
  mask: Volume;
  /** The resegmented mask, when resegmentRange is set. */
  resegmented: Volume | null;
  /** Bounding box of the ROI (of the resegmented mask, when resegmented). */
  box: BoundingBox;
  /** Diagnostics (additionalInfo), in PyRadiomics' order. */
  diagnostics: FeatureVector;
}

/**
 * Prepares an extraction as PyRadiomics' featureextractor.execute does before any feature: N4 (our `n4:` section),
 * mask checks, normalisation, resampling or pre-cropping, resegmentation and the diagnostics of each step.
 * `extraSettings`: settings reported in diagnostics_Configuration_Settings besides `params.settings` (PyRadiomics
 * merges the voxelSetting section into its settings).
 */
export function prepareExtraction(image: Volume, mask: Volume, params: ExtractionParams, sources: Sources): PreparedExtraction {
  // The study corrected every image with N4 before PyRadiomics saw it, so "original" is the corrected image.
  if (params.n4) image = n4BiasFieldCorrection(image, null, params.n4, sources.image).corrected;
  const settings = params.settings;
  const label = settings.label;
  const info: FeatureVector = {};
  if (settings.additionalInfo) {
    info["diagnostics_Versions_Engine"] = `alnm-radiomics ${packageVersion()}`;
    info["diagnostics_Versions_Node"] = process.versions.node;
    const floatSigmas = new Set(params.floatSigmas ?? []);
    info["diagnostics_Configuration_Settings"] = pythonRepr({ ...settings, ...params.voxelSettings }, floatSigmas);
    info["diagnostics_Configuration_EnabledImageTypes"] = pythonRepr(params.imageTypes, floatSigmas);
  }
  let found: ReturnType<typeof checkLabel> | null = checkLabel(mask, label, sources.mask);
  if (settings.additionalInfo) {
    Object.assign(info, imageDiagnostics(image, "original"), maskDiagnostics(null, mask, label, "original", found));
  }
  if (settings.normalize) image = normalizeImage(image, settings.normalizeScale, settings.removeOutliers);
  if (settings.interpolator !== null && settings.resampledPixelSpacing !== null) {
    checkMask(image, mask, settings, sources, found);
    const resampled = resampleForExtraction(image, mask, settings, sources.mask);
    image = resampled.image;
    mask = resampled.mask;
    found = null;
    if (settings.additionalInfo) Object.assign(info, imageDiagnostics(image, "interpolated"), maskDiagnostics(image, mask, label, "interpolated"));
  } else if (settings.preCrop) {
    const box = checkMask(image, mask, settings, sources, found);
    const cropped = cropVolumes(image, mask, box, settings.padDistance);
    image = cropped.image;
    mask = cropped.mask;
    found = null;
  }
  let box = checkMask(image, mask, settings, sources, found);
  let resegmented: Volume | null = null;
  if (settings.resegmentRange !== null) {
    resegmented = resegmentMask(image, mask, settings, sources.mask);
    box = checkMask(image, resegmented, settings, sources);
    if (settings.additionalInfo) Object.assign(info, maskDiagnostics(image, resegmented, label, "resegmented"));
  }
  return { image, mask, resegmented, box, diagnostics: info };
}

/** The filter context of an extraction: the feature mask, how sigmas were written, and warnings naming the image file. */
export function filterContext(featureMask: Volume, params: ExtractionParams, sources: Sources): FilterContext {
  return {
    mask: featureMask,
    floatSigmas: new Set(params.floatSigmas ?? []),
    warn: (message) => console.warn(`${sources.image}: ${message}`),
  };
}

function extractFeaturesOf(image: Volume, mask: Volume, input: ExtractionParams | Partial<Settings>, sources: Sources): FeatureVector {
  const params = toParams(input);
  const settings = params.settings;
  const label = settings.label;
  const prepared = prepareExtraction(image, mask, params, sources);
  const { box, resegmented } = prepared;
  image = prepared.image;
  mask = prepared.mask;
  const out: FeatureVector = { ...prepared.diagnostics };

  const shapeMask = settings.resegmentShape && resegmented ? resegmented : mask;
  const boxSize = box.upper.map((u, d) => u - box.lower[d] + 1);
  if ("shape" in params.featureClasses && image.dimension !== 2) {
    const roi = cropToBox(image, shapeMask, label, box);
    for (const [k, v] of Object.entries(shapeFeatures(roi, params.featureClasses.shape))) out[`original_shape_${k}`] = v;
  }
  if ("shape2D" in params.featureClasses) {
    const dim = image.dimension === 2 ? 0 : settings.force2Ddimension;
    // PyRadiomics computes shape2D for 2D input, or with force2D when the ROI is one slice thick.
    if (image.dimension === 2 || (settings.force2D && boxSize[2 - dim] === 1)) {
      const roi = cropToBox(image, shapeMask, label, box);
      for (const [k, v] of Object.entries(shape2DFeatures(roi, dim, params.featureClasses.shape2D))) out[`original_shape2D_${k}`] = v;
    }
  }

  const featureMask = resegmented ?? mask;
  const context = filterContext(featureMask, params, sources);
  for (const [type, custom] of Object.entries(params.imageTypes)) {
    const typeSettings = { ...settings } as Settings;
    applySettings(typeSettings, custom, `imageType ${type}`);
    for (const named of imageTypeImages(type, image, typeSettings, custom, box, context)) {
      const roi = cropToBox(named.image, featureMask, label, box, 0, named.offset);
      const binned = discretizeImage(roi, named.name, typeSettings, params, sources.image);
      Object.assign(out, intensityClassFeatures(roi, binned, named.name, typeSettings, params));
    }
  }
  return out;
}

/** Crops image and mask volumes to a box grown by `pad` voxels, keeping geometry (PyRadiomics preCrop). */
function cropVolumes(image: Volume, mask: Volume, box: BoundingBox, pad: number): { image: Volume; mask: Volume } {
  const lo = box.lower.map((l) => Math.max(l - pad, 0)) as [number, number, number];
  const hi = box.upper.map((u, d) => Math.min(u + pad, image.size[d] - 1)) as [number, number, number];
  const size: [number, number, number] = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1];
  const take = (v: Volume): Volume => {
    const data = new Float64Array(size[0] * size[1] * size[2]);
    let k = 0;
    for (let z = lo[2]; z <= hi[2]; z++) {
      for (let y = lo[1]; y <= hi[1]; y++) {
        for (let x = lo[0]; x <= hi[0]; x++) data[k++] = v.data[x + v.size[0] * (y + v.size[1] * z)];
      }
    }
    const s = v.spacing;
    const d = v.direction;
    const shift = [lo[0] * s[0], lo[1] * s[1], lo[2] * s[2]];
    const origin: [number, number, number] = [
      v.origin[0] + d[0] * shift[0] + d[1] * shift[1] + d[2] * shift[2],
      v.origin[1] + d[3] * shift[0] + d[4] * shift[1] + d[5] * shift[2],
      v.origin[2] + d[6] * shift[0] + d[7] * shift[1] + d[8] * shift[2],
    ];
    return { ...v, data, size, origin };
  };
  return { image: take(image), mask: take(mask) };
}

/**
 * Reads an image and a label map (paths relative to the working directory allowed) and extracts features.
 * `params` is a PyRadiomics YAML path, a parsed params object, or plain settings.
 *
 * @example
 * const f = await extractFromFiles("data/bench/bench_image.nrrd", "data/bench/bench_label.nrrd", { binWidth: 25 });
 */
export async function extractFromFiles(
  imagePath: string,
  maskPath: string,
  params: string | ExtractionParams | Partial<Settings> = {},
): Promise<FeatureVector> {
  const resolved = typeof params === "string" ? readParamsFile(params) : params;
  const [image, mask] = await Promise.all([readImage(imagePath), readImage(maskPath)]);
  return extractFeatures(image, mask, resolved, { image: imagePath, mask: maskPath });
}

