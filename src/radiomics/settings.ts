import { readFileSync } from "node:fs";
import { isScalar, isSeq, parse as parseYaml, parseDocument, visit } from "yaml";
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
  /** Other settings of PyRadiomics' schema (e.g. wavelet options), kept so a PyRadiomics YAML passes through unchanged. */
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
  /** Resource limits (our `limits:` section); absent = the defaults (maxGrayLevels 100,000 bins). */
  limits?: { maxGrayLevels?: number };
  /**
   * Integral `sigma` values written as floats in the YAML file (`3.0`): Python keeps them floats, so PyRadiomics
   * names the image `log-sigma-3-0-mm-3D` rather than `log-sigma-3-mm-3D`.
   */
  floatSigmas?: number[];
  /** PyRadiomics' `voxelSetting` section as given (validated); read with {@link voxelSettingsOf}. */
  voxelSettings?: Record<string, unknown>;
}

/** Voxel-based extraction settings (PyRadiomics' `voxelSetting` section), defaults as PyRadiomics'. */
export interface VoxelSettings {
  /** Kernel half-size in voxels: the kernel of a voxel is every voxel within this Chebyshev distance. Default 1. */
  kernelRadius: number;
  /** Only ROI voxels of the kernel count (and the ROI alone is discretised); false: every voxel of the kernel. Default true. */
  maskedKernel: boolean;
  /** Value of the feature maps outside the ROI. Default 0. */
  initValue: number;
  /** ROI voxels per batch (a job of a worker thread); -1 = PyRadiomics' default, all at once. Default -1. */
  voxelBatch: number;
}

/** PyRadiomics' image types (imageoperations.getImageTypes), all supported. */
const KNOWN_IMAGE_TYPES = ["Original", "Wavelet", "LoG", "Square", "SquareRoot", "Logarithm", "Exponential", "Gradient", "LBP2D", "LBP3D"];

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
    if (!["setting", "imageType", "featureClass", "voxelSetting", "n4", "limits"].includes(key)) {
      throw new Error(`${source}: unknown section "${key}" (expected setting, imageType, featureClass, voxelSetting, n4, limits)`);
    }
  }
  const settings = defaultSettings();
  applySettings(settings, mapping(obj.setting, `${source}: setting`), source);
  const imageTypes: Record<string, Record<string, unknown>> = {};
  const rawTypes = mapping(obj.imageType, `${source}: imageType`);
  for (const [name, custom] of Object.entries(rawTypes)) {
    if (!KNOWN_IMAGE_TYPES.includes(name)) {
      throw new Error(`${source}: image type "${name}" is not supported (supported: ${KNOWN_IMAGE_TYPES.join(", ")})`);
    }
    imageTypes[name] = mapping(custom, `${source}: imageType ${name}`);
    validateSettings(imageTypes[name], `${source}: imageType ${name}`);
  }
  if (Object.keys(imageTypes).length === 0) imageTypes.Original = {};
  const featureClasses: Record<string, string[] | null> = {};
  const rawClasses = mapping(obj.featureClass, `${source}: featureClass`);
  for (const [name, list] of Object.entries(rawClasses)) {
    if (!(FEATURE_CLASSES as readonly string[]).includes(name)) {
      throw new Error(`${source}: unknown feature class "${name}" (known: ${FEATURE_CLASSES.join(", ")})`);
    }
    if (list !== null && list !== undefined && !Array.isArray(list)) {
      throw new Error(`${source}: feature class ${name} has invalid value ${JSON.stringify(list)} (expected a list of feature names or null)`);
    }
    featureClasses[name] = Array.isArray(list) && list.length > 0 ? list.map(String) : null;
  }
  if (Object.keys(rawClasses).length === 0) {
    for (const c of ["firstorder", "glcm", "gldm", "glrlm", "glszm", "ngtdm", "shape", "shape2D"]) featureClasses[c] = null;
  }
  const params: ExtractionParams = { settings, imageTypes, featureClasses };
  if ("n4" in obj) params.n4 = n4OptionsFromObject(obj.n4, source);
  if ("limits" in obj) params.limits = limitsFromObject(obj.limits, source);
  applyVoxelSettings(params, mapping(obj.voxelSetting, `${source}: voxelSetting`), source);
  return params;
}

/** Whether `key` is a voxel-based extraction setting (PyRadiomics' `voxelSetting` section). */
export function isVoxelSetting(key: string): boolean {
  return Object.prototype.hasOwnProperty.call(VOXEL_SETTING_RULES, key);
}

/** Validates voxel-based settings (kernelRadius, maskedKernel, initValue, voxelBatch) and records them in `params`. */
export function applyVoxelSettings(params: ExtractionParams, values: Record<string, unknown>, source = "voxelSetting"): void {
  for (const [key, value] of Object.entries(values)) {
    const checked = checkedSetting(VOXEL_SETTING_RULES, key, value, source, "voxelSetting");
    params.voxelSettings = { ...params.voxelSettings, [key]: checked };
  }
}

/** The voxel-based settings of `params`, with PyRadiomics' defaults for those not given (or given as null). */
export function voxelSettingsOf(params: ExtractionParams): VoxelSettings {
  const given = params.voxelSettings ?? {};
  const pick = <T>(key: keyof VoxelSettings, fallback: T): T => (given[key] ?? fallback) as T;
  const init = pick<number | string>("initValue", 0);
  return {
    kernelRadius: pick("kernelRadius", 1),
    maskedKernel: pick("maskedKernel", true),
    initValue: typeof init === "string" ? (pythonFloat(init) as number) : init,
    voxelBatch: pick("voxelBatch", -1),
  };
}

/** The `limits:` section: only known keys, each a positive integer. */
function limitsFromObject(raw: unknown, source: string): { maxGrayLevels?: number } {
  const obj = mapping(raw, `${source}: limits`);
  const out: { maxGrayLevels?: number } = {};
  for (const [key, value] of Object.entries(obj)) {
    if (key !== "maxGrayLevels") throw new Error(`${source}: unknown limits setting "${key}" (known: maxGrayLevels)`);
    if (!(typeof value === "number" && Number.isInteger(value) && value > 0)) throw new Error(`${source}: limits maxGrayLevels must be a positive integer (got ${JSON.stringify(value)})`);
    out.maxGrayLevels = value;
  }
  return out;
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
  const params = paramsFromObject(raw, path);
  const floatSigmas = integralFloatSigmas(text);
  if (floatSigmas.length > 0) params.floatSigmas = floatSigmas;
  return params;
}

/** Integral numbers written with a decimal point or exponent in any `sigma` list of a YAML text (Python floats). */
function integralFloatSigmas(text: string): number[] {
  const found = new Set<number>();
  visit(parseDocument(text), {
    Pair(_, pair) {
      if (!isScalar(pair.key) || pair.key.value !== "sigma" || !isSeq(pair.value)) return;
      for (const item of pair.value.items) {
        if (isScalar(item) && typeof item.value === "number" && Number.isInteger(item.value) && /[.eE]/.test(item.source ?? "")) found.add(item.value);
      }
    },
  });
  return [...found];
}

/** A bound on a numeric setting, as in PyRadiomics' paramSchema.yaml (`min`, `min-ex`, `max`). */
interface Bound {
  min?: number;
  minEx?: number;
  max?: number;
}

/** How one setting is checked: its accepted values, their description for errors, and its stored form. */
interface SettingRule {
  /** Expected type and range, as written in error messages. */
  expected: string;
  /** Whether a non-null value is acceptable. */
  ok: (value: unknown) => boolean;
  /** Whether null (YAML `~` or an empty value) is accepted. */
  nullable: boolean;
  /** The form stored in the settings (default: the value as given). */
  canonical?: (value: unknown) => unknown;
}

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const inBound = (v: number, b: Bound) => (b.min === undefined || v >= b.min) && (b.minEx === undefined || v > b.minEx) && (b.max === undefined || v <= b.max);

function boundText(b: Bound): string {
  if (b.max !== undefined) return ` in ${b.min ?? b.minEx}..${b.max}`;
  if (b.min !== undefined) return ` >= ${b.min}`;
  return b.minEx !== undefined ? ` > ${b.minEx}` : "";
}

function rule(expected: string, ok: (v: unknown) => boolean, nullable: boolean): SettingRule {
  return { expected: nullable ? `${expected} or null` : expected, ok, nullable };
}

/** A number (pykwalify `float`: integers too) within `b`. */
const num = (b: Bound = {}, nullable = false) => rule(`a number${boundText(b)}`, (v) => isNumber(v) && inBound(v, b), nullable);
/** An integer within `b`. */
const int = (b: Bound = {}, nullable = false) => rule(`an integer${boundText(b)}`, (v) => Number.isInteger(v) && inBound(v as number, b), nullable);
const bool = (nullable = false) => rule("true or false", (v) => typeof v === "boolean", nullable);
const oneOf = (values: readonly string[], nullable = false) =>
  rule(`one of ${values.join(", ")}`, (v) => typeof v === "string" && values.includes(v), nullable);

/** A list of numbers (integers if `integer`) within `b`, with one of the given lengths (any non-empty length if omitted). */
function list(integer: boolean, b: Bound, lengths: number[] | null, nullable = false): SettingRule {
  const count = lengths ? `${lengths.join(" or ")} ` : "";
  const item = integer ? "integers" : "numbers";
  return rule(
    `a list of ${count || "one or more "}${item}${boundText(b)}`,
    (v) =>
      Array.isArray(v) &&
      (lengths ? lengths.includes(v.length) : v.length > 0) &&
      v.every((x) => (integer ? Number.isInteger(x) : isNumber(x)) && inBound(x as number, b)),
    nullable,
  );
}

/** SimpleITK interpolators PyRadiomics accepts (schemaFuncs.checkInterpolator), in enum order: code i + 1 = name i. */
const SITK_INTERPOLATORS = [
  "sitkNearestNeighbor", "sitkLinear", "sitkBSpline", "sitkGaussian", "sitkLabelGaussian", "sitkHammingWindowedSinc",
  "sitkCosineWindowedSinc", "sitkWelchWindowedSinc", "sitkLanczosWindowedSinc", "sitkBlackmanWindowedSinc",
] as const;

const interpolatorRule: SettingRule = {
  expected: `a SimpleITK interpolator name (${SITK_INTERPOLATORS.join(", ")}) or its code 1..10, or null`,
  ok: (v) => (typeof v === "string" && (SITK_INTERPOLATORS as readonly string[]).includes(v)) || (Number.isInteger(v) && inBound(v as number, { min: 1, max: 10 })),
  nullable: true,
  // The engine resamples by name; an integer code is stored as its SimpleITK name.
  canonical: (v) => (typeof v === "number" ? SITK_INTERPOLATORS[v - 1] : v),
};

const seq = (from: number, to: number, prefix: string) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);
const BIORTHOGONAL = ["1.1", "1.3", "1.5", "2.2", "2.4", "2.6", "2.8", "3.1", "3.3", "3.5", "3.7", "3.9", "4.4", "5.5", "6.8"];
/** pywt.wavelist() (PyWavelets 1.x), which schemaFuncs.checkWavelet accepts. */
const PYWT_WAVELETS = new Set([
  "haar", "dmey", "mexh", "morl", "shan", "fbsp", "cmor",
  ...seq(1, 38, "db"), ...seq(2, 20, "sym"), ...seq(1, 17, "coif"), ...seq(1, 8, "gaus"), ...seq(1, 8, "cgau"),
  ...BIORTHOGONAL.map((b) => `bior${b}`), ...BIORTHOGONAL.map((b) => `rbio${b}`),
]);

/**
 * Every setting PyRadiomics' paramSchema.yaml (`setting` mapping, also used for image-type settings) allows, with
 * its type and range. Settings the engine reads with a default are not nullable (PyRadiomics would fail later on
 * null); the others accept null like the schema does.
 */
const SETTING_RULES: Record<string, SettingRule> = {
  minimumROIDimensions: int({ min: 1, max: 3 }),
  minimumROISize: int({ minEx: 0 }, true),
  geometryTolerance: num({ minEx: 0 }, true),
  correctMask: bool(true),
  additionalInfo: bool(),
  label: int({ minEx: 0 }),
  label_channel: int({ minEx: 0 }, true),
  binWidth: num({ minEx: 0 }),
  binCount: int({ minEx: 0 }, true),
  normalize: bool(),
  normalizeScale: num({ minEx: 0 }),
  removeOutliers: num({ minEx: 0 }, true),
  resampledPixelSpacing: list(false, { min: 0 }, [3], true),
  interpolator: interpolatorRule,
  padDistance: int({ min: 0 }),
  distances: list(true, { minEx: 0 }, null),
  force2D: bool(),
  force2Ddimension: int({ min: 0, max: 2 }),
  resegmentRange: list(false, {}, [1, 2], true),
  resegmentMode: oneOf(["absolute", "relative", "sigma"]),
  resegmentShape: bool(),
  preCrop: bool(),
  sigma: list(false, { minEx: 0 }, null, true),
  start_level: int({ min: 0 }, true),
  level: int({ minEx: 0 }, true),
  wavelet: rule("a PyWavelets wavelet name (e.g. coif1, haar, db2, sym4)", (v) => typeof v === "string" && PYWT_WAVELETS.has(v), true),
  gradientUseSpacing: bool(true),
  lbp2DRadius: num({ minEx: 0 }, true),
  lbp2DSamples: int({ min: 1 }, true),
  lbp2DMethod: oneOf(["default", "ror", "uniform", "var"], true),
  lbp3DLevels: int({ min: 1 }, true),
  lbp3DIcosphereRadius: num({ minEx: 0 }, true),
  lbp3DIcosphereSubdivision: int({ min: 0 }, true),
  voxelArrayShift: int(),
  symmetricalGLCM: bool(),
  weightingNorm: oneOf(["euclidean", "manhattan", "infinity", "no_weighting"], true),
  gldm_a: int({ min: 0 }),
};

/**
 * The number Python's float() makes of `text` (e.g. "nan", "-inf", "1e-3"), or null if it makes none. pykwalify
 * accepts such strings for a `float` setting, and PyRadiomics' exampleVoxel.yaml writes `initValue: nan`, which YAML
 * reads as a string.
 */
export function pythonFloat(text: string): number | null {
  const t = text.trim().toLowerCase();
  const special: Record<string, number> = { nan: NaN, "+nan": NaN, "-nan": NaN, inf: Infinity, "+inf": Infinity, "-inf": -Infinity, infinity: Infinity, "+infinity": Infinity, "-infinity": -Infinity };
  if (t in special) return special[t];
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t) ? Number(t) : null;
}

/** A float setting as pykwalify checks it: a number, or a string Python's float() reads (kept as written). */
const pyFloat = (nullable: boolean) =>
  rule("a number (or a string such as nan or inf)", (v) => typeof v === "number" || (typeof v === "string" && pythonFloat(v) !== null), nullable);

/** PyRadiomics' `voxelSetting` section (voxel-based extraction, radiomics/voxel.ts). */
const VOXEL_SETTING_RULES: Record<string, SettingRule> = {
  kernelRadius: int({ minEx: 0 }, true),
  maskedKernel: bool(true),
  initValue: pyFloat(true),
  voxelBatch: int({ minEx: 0 }, true),
};

/** Levenshtein distance between two strings. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The known key a mistyped one most likely meant: same letters ignoring case, else the closest within a small edit distance. */
function suggestKey(key: string, known: string[]): string | null {
  const lower = key.toLowerCase();
  const same = known.find((k) => k.toLowerCase() === lower);
  if (same) return same;
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(key.length / 4)) + 1;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

/**
 * Checks one setting against PyRadiomics' parameter schema and returns the value to store.
 * Throws naming the source, the key and, for an unknown key, the likely intended one.
 */
function checkedSetting(rules: Record<string, SettingRule>, key: string, value: unknown, source: string, what = "setting"): unknown {
  const r = Object.prototype.hasOwnProperty.call(rules, key) ? rules[key] : undefined;
  if (!r) {
    const known = Object.keys(rules);
    const hint = suggestKey(key, known);
    throw new Error(`${source}: unknown ${what} "${key}" (${hint ? `did you mean '${hint}'?` : `known: ${known.join(", ")}`})`);
  }
  if (value === null || value === undefined ? !r.nullable : !r.ok(value)) {
    throw new Error(`${source}: ${what} ${key} has invalid value ${JSON.stringify(value ?? null)} (expected ${r.expected})`);
  }
  return value === null || value === undefined || !r.canonical ? (value ?? null) : r.canonical(value);
}

/** A section of the parameter file that must be a mapping (null or absent = empty). */
function mapping(value: unknown, what: string): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new Error(`${what} must be a mapping (got ${JSON.stringify(value)})`);
  return value as Record<string, unknown>;
}

/** Checks settings (e.g. an image type's custom settings) against PyRadiomics' schema without applying them. */
export function validateSettings(values: Record<string, unknown>, source = "settings"): void {
  for (const [key, value] of Object.entries(values)) checkedSetting(SETTING_RULES, key, value, source);
}

/**
 * Copies `values` onto `settings`, validating every key, type and range as PyRadiomics' paramSchema.yaml does:
 * unknown keys (with a did-you-mean hint), wrong types and out-of-range values are errors naming `source`.
 */
export function applySettings(settings: Settings, values: Record<string, unknown>, source = "settings"): void {
  for (const [key, value] of Object.entries(mapping(values, `${source}: settings`))) {
    (settings as Record<string, unknown>)[key] = checkedSetting(SETTING_RULES, key, value, source);
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

/**
 * Python-style repr of a settings object, as PyRadiomics writes diagnostics_Configuration_Settings.
 * `floatSigmas`: integral sigma values the parameter file wrote as floats, printed `3.0` as Python does.
 */
export function pythonRepr(value: unknown, floatSigmas: ReadonlySet<number> = new Set(), key = ""): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return key === "sigma" && Number.isInteger(value) && floatSigmas.has(value) ? `${value}.0` : String(value);
  if (typeof value === "string") return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map((v) => pythonRepr(v, floatSigmas, key)).join(", ")}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `'${k}': ${pythonRepr(v, floatSigmas, k)}`)
    .join(", ")}}`;
}
