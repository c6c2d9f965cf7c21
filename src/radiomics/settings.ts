import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { n4OptionsFromObject, type N4Options } from "./preprocess/n4";

/**
 * Extraction settings, with PyRadiomics' names and meanings (radiomics.featureextractor defaults).
 * `null` means "not set" exactly where PyRadiomics uses `None`.
 */
export interface Settings {
  /** Label value of the ROI in the mask. */
  label: number;
  /** Fixed bin width of the gray-level discretisation (used unless binCount is set). */
  binWidth: number;
  /** Fixed bin count; overrides binWidth when set. */
  binCount: number | null;
  /** Z-score the whole image (ITK NormalizeImageFilter: sample standard deviation) before extraction. */
  normalize: boolean;
  /** Multiplier applied after normalisation. */
  normalizeScale: number;
  /** After normalisation, clip values beyond ± this many standard deviations. */
  removeOutliers: number | null;
  /** Resegmentation thresholds (one: lower bound; two: closed range). */
  resegmentRange: number[] | null;
  /** "absolute" | "relative" (fraction of ROI maximum) | "sigma" (mean ± n SD of the ROI). */
  resegmentMode: "absolute" | "relative" | "sigma";
  /** Also use the resegmented mask for shape features. */
  resegmentShape: boolean;
  /** Added to intensities in Energy, TotalEnergy and RootMeanSquared. */
  voxelArrayShift: number;
  /** Compute texture matrices per slice (no offsets along force2Ddimension). */
  force2D: boolean;
  /** Axis excluded when force2D: 0 = z (axial slices), 1 = y, 2 = x (numpy order, as PyRadiomics). */
  force2Ddimension: number;
  /** Neighbour distances (infinity norm) for GLCM, GLDM and NGTDM. */
  distances: number[];
  /** Count co-occurrences in both directions (GLCM). */
  symmetricalGLCM: boolean;
  /** Merge the per-angle GLCM/GLRLM with distance weights: "manhattan" | "euclidean" | "infinity" | "no_weighting". */
  weightingNorm: string | null;
  /** Coarseness parameter alpha of the GLDM (dependence if |i - j| <= alpha). */
  gldm_a: number;
  /** Crop image and mask to the ROI before any filter. */
  preCrop: boolean;
  /** Voxels of padding kept around the ROI when cropping for filters / resampling. */
  padDistance: number;
  /** Minimum number of dimensions (1-3) in which the ROI spans more than one voxel. */
  minimumROIDimensions: number;
  /** Minimum ROI voxel count (exclusive: the ROI must be larger), or null for no check. */
  minimumROISize: number | null;
  /** Resampled voxel spacing [x, y, z] (0 keeps the original); null disables resampling. */
  resampledPixelSpacing: number[] | null;
  /** SimpleITK interpolator name used for resampling (e.g. "sitkBSpline"). */
  interpolator: string | null;
  /** Tolerance of the image/mask geometry check (origin and spacing: tolerance * spacing[0]; direction: tolerance); null = ITK default 1e-6. */
  geometryTolerance: number | null;
  /** Add diagnostics_* entries to the output. */
  additionalInfo: boolean;
  /** Settings this engine does not use, kept so a PyRadiomics YAML passes through unchanged (e.g. wavelet options). */
  [other: string]: unknown;
}

/** PyRadiomics' defaults (featureextractor._getDefaultSettings plus per-class defaults). */
export function defaultSettings(): Settings {
  return {
    minimumROIDimensions: 2,
    minimumROISize: null,
    normalize: false,
    normalizeScale: 1,
    removeOutliers: null,
    resampledPixelSpacing: null,
    interpolator: "sitkBSpline",
    preCrop: false,
    padDistance: 5,
    distances: [1],
    force2D: false,
    force2Ddimension: 0,
    resegmentRange: null,
    label: 1,
    additionalInfo: true,
    binWidth: 25,
    binCount: null,
    resegmentMode: "absolute",
    resegmentShape: false,
    voxelArrayShift: 0,
    symmetricalGLCM: true,
    weightingNorm: null,
    gldm_a: 0,
    geometryTolerance: null,
  };
}

/** Feature classes in the order PyRadiomics computes them (shape classes first, then alphabetical). */
export const FEATURE_CLASSES = ["shape", "shape2D", "firstorder", "glcm", "gldm", "glrlm", "glszm", "ngtdm"] as const;
export type FeatureClassName = (typeof FEATURE_CLASSES)[number];

/**
 * A PyRadiomics parameter file: `setting`, `imageType` (e.g. `Original: {}`, `Wavelet: {}`) and
 * `featureClass` (class -> list of feature names, or null/[] for all features of the class).
 */
export interface ExtractionParams {
  settings: Settings;
  /** Enabled image types with their custom settings, in file order. Default: Original only. */
  imageTypes: Record<string, Record<string, unknown>>;
  /** Enabled classes with explicit feature lists (null = all non-deprecated features). Default: all classes. */
  featureClasses: Record<string, string[] | null>;
  /** N4 bias-field correction applied to the image before anything else (our `n4:` section); absent = none. */
  n4?: N4Options;
}

const KNOWN_IMAGE_TYPES = ["Original", "Wavelet"];

/**
 * Builds extraction parameters from a parsed PyRadiomics params object (as in its YAML files).
 *
 * @example
 * const p = paramsFromObject({ setting: { binWidth: 25 }, imageType: { Original: {} } }, "params.yaml");
 * p.settings.binWidth; // 25
 */
export function paramsFromObject(raw: unknown, source = "params"): ExtractionParams {
  const obj = (raw ?? {}) as Record<string, unknown>;
  if (typeof obj !== "object" || Array.isArray(obj)) throw new Error(`${source}: parameter file must be a mapping`);
  for (const key of Object.keys(obj)) {
    if (!["setting", "imageType", "featureClass", "voxelSetting", "n4"].includes(key)) {
      throw new Error(`${source}: unknown section "${key}" (expected setting, imageType, featureClass, n4)`);
    }
  }
  const settings = defaultSettings();
  applySettings(settings, (obj.setting ?? {}) as Record<string, unknown>, source);
  const imageTypes: Record<string, Record<string, unknown>> = {};
  const rawTypes = (obj.imageType ?? {}) as Record<string, unknown>;
  for (const [name, custom] of Object.entries(rawTypes)) {
    if (!KNOWN_IMAGE_TYPES.includes(name)) {
      throw new Error(`${source}: image type "${name}" is not supported (supported: ${KNOWN_IMAGE_TYPES.join(", ")})`);
    }
    imageTypes[name] = (custom ?? {}) as Record<string, unknown>;
  }
  if (Object.keys(imageTypes).length === 0) imageTypes.Original = {};
  const featureClasses: Record<string, string[] | null> = {};
  const rawClasses = (obj.featureClass ?? {}) as Record<string, unknown>;
  for (const [name, list] of Object.entries(rawClasses)) {
    if (!(FEATURE_CLASSES as readonly string[]).includes(name)) {
      throw new Error(`${source}: unknown feature class "${name}" (known: ${FEATURE_CLASSES.join(", ")})`);
    }
    featureClasses[name] = Array.isArray(list) && list.length > 0 ? list.map(String) : null;
  }
  if (Object.keys(rawClasses).length === 0) {
    for (const c of ["firstorder", "glcm", "gldm", "glrlm", "glszm", "ngtdm", "shape", "shape2D"]) featureClasses[c] = null;
  }
  return "n4" in obj ? { settings, imageTypes, featureClasses, n4: n4OptionsFromObject(obj.n4, source) } : { settings, imageTypes, featureClasses };
}

/** Reads a PyRadiomics YAML (or JSON) parameter file. */
export function readParamsFile(path: string): ExtractionParams {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`${path}: cannot read parameter file (${(e as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new Error(`${path}: invalid YAML (${(e as Error).message})`);
  }
  return paramsFromObject(raw, path);
}

/** Value kind of each known setting ("?" = may be null). */
const SETTING_KINDS: Record<string, string> = {
  label: "number", binWidth: "number", binCount: "number?", normalize: "boolean", normalizeScale: "number",
  removeOutliers: "number?", resegmentRange: "numbers?", resegmentMode: "string", resegmentShape: "boolean",
  voxelArrayShift: "number", force2D: "boolean", force2Ddimension: "number", distances: "numbers",
  symmetricalGLCM: "boolean", weightingNorm: "string?", gldm_a: "number", preCrop: "boolean", padDistance: "number",
  minimumROIDimensions: "number", minimumROISize: "number?", resampledPixelSpacing: "numbers?",
  interpolator: "string?", geometryTolerance: "number?", additionalInfo: "boolean",
};

function hasKind(value: unknown, kind: string): boolean {
  if (value === null) return kind.endsWith("?");
  const base = kind.replace("?", "");
  if (base === "number") return typeof value === "number" && Number.isFinite(value);
  if (base === "numbers") return Array.isArray(value) && value.every((v) => typeof v === "number" && Number.isFinite(v));
  return typeof value === base;
}

/** Copies `values` onto `settings`, checking the type of every known key; unknown keys pass through. */
export function applySettings(settings: Settings, values: Record<string, unknown>, source = "settings"): void {
  for (const [key, value] of Object.entries(values)) {
    const kind = SETTING_KINDS[key];
    if (kind && !hasKind(value, kind)) throw new Error(`${source}: setting ${key} has invalid value ${JSON.stringify(value)}`);
    (settings as Record<string, unknown>)[key] = value;
  }
  if (!(settings.binWidth > 0)) throw new Error(`${source}: binWidth must be > 0 (got ${settings.binWidth})`);
  if (settings.binCount !== null && !(Number.isInteger(settings.binCount) && settings.binCount > 0)) {
    throw new Error(`${source}: binCount must be a positive integer (got ${settings.binCount})`);
  }
  if (![1, 2, 3].includes(settings.minimumROIDimensions)) {
    throw new Error(`${source}: minimumROIDimensions must be 1, 2 or 3 (got ${settings.minimumROIDimensions})`);
  }
  if (![0, 1, 2].includes(settings.force2Ddimension)) {
    throw new Error(`${source}: force2Ddimension must be 0, 1 or 2 (got ${settings.force2Ddimension})`);
  }
  if (!["absolute", "relative", "sigma"].includes(settings.resegmentMode)) {
    throw new Error(`${source}: resegmentMode must be absolute, relative or sigma (got ${settings.resegmentMode})`);
  }
  if (settings.distances.length === 0 || settings.distances.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new Error(`${source}: distances must be positive integers (got ${JSON.stringify(settings.distances)})`);
  }
}

/**
 * Parses one `--setting key=value` (value as YAML: numbers, booleans, lists like [1,2], null).
 *
 * @example
 * parseSettingAssignment("binWidth=10"); // ["binWidth", 10]
 */
export function parseSettingAssignment(text: string): [string, unknown] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new Error(`--setting ${text}: expected key=value`);
  const key = text.slice(0, eq).trim();
  const rawValue = text.slice(eq + 1).trim();
  let value: unknown;
  try {
    value = parseYaml(rawValue);
  } catch {
    value = rawValue;
  }
  return [key, value];
}

/** Python-style repr of a settings object, as PyRadiomics writes diagnostics_Configuration_Settings. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === "string") return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `'${k}': ${pythonRepr(v)}`)
    .join(", ")}}`;
}
