import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";

/** Interpolation methods of the IBSI mode (IBSI "Interpolation"; 2D names for slice-wise interpolation). */
export type IbsiInterpolator = "nearest" | "trilinear" | "tricubic" | "bilinear" | "bicubic";

/**
 * Settings of `alnm ibsi`, in IBSI's vocabulary (reference manual chapter 2, image processing):
 * `dimensions` 3D interpolates in 3D, 2D slice by slice (in-plane only).
 */
export interface IbsiConfig {
  dimensions: "2D" | "3D";
  interpolation: {
    /** New voxel spacing (mm), x y z; in 2D the third value is ignored. */
    spacing: [number, number, number];
    image: IbsiInterpolator;
    mask: IbsiInterpolator;
    /** Interpolated mask values >= this are in the ROI (IBSI: 0.5). */
    maskThreshold: number;
    /** Round intensities to the nearest integer after interpolation. */
    round: boolean;
  } | null;
  resegmentation: {
    /** Intensity range [lower, upper]; upper may be .inf. */
    range: [number, number] | null;
    /** Outlier filtering: keep mean +- k standard deviations (after the range). */
    outlier: number | null;
  };
  discretisation: { method: "fbs" | "fbn"; value: number };
}

const TOP_KEYS = ["dimensions", "interpolation", "resegmentation", "discretisation"];
const INTERPOLATION_KEYS = ["spacing", "image", "mask", "maskThreshold", "round"];
const RESEGMENTATION_KEYS = ["range", "outlier"];
const DISCRETISATION_KEYS = ["method", "value"];

/** A mapping's keys must all be known: anything else is an error naming the key and where it is. */
function checkKeys(value: unknown, known: string[], where: string, source: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`${source}: ${where} must be a mapping (keys: ${known.join(", ")})`);
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) throw new Error(`${source}: unknown key "${where === "config" ? key : `${where}.${key}`}" (allowed: ${known.join(", ")})`);
  }
  return record;
}

/** A finite number > 0, or an error naming the key. */
function positive(value: unknown, key: string, source: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) throw new Error(`${source}: ${key} must be a number > 0 (got ${JSON.stringify(value)})`);
  return value;
}

/** The interpolation methods allowed for the chosen dimensions. */
function interpolatorsFor(dimensions: "2D" | "3D"): IbsiInterpolator[] {
  return dimensions === "3D" ? ["nearest", "trilinear", "tricubic"] : ["nearest", "bilinear", "bicubic"];
}

function parseInterpolation(raw: unknown, dimensions: "2D" | "3D", source: string): IbsiConfig["interpolation"] {
  const r = checkKeys(raw, INTERPOLATION_KEYS, "interpolation", source);
  const spacing = r.spacing;
  if (!Array.isArray(spacing) || spacing.length !== 3) throw new Error(`${source}: interpolation.spacing must be [x, y, z] in mm (got ${JSON.stringify(spacing)})`);
  const s = spacing.map((v, i) => positive(v, `interpolation.spacing[${i}]`, source)) as [number, number, number];
  const allowed = interpolatorsFor(dimensions);
  const method = (key: "image" | "mask"): IbsiInterpolator => {
    const v = r[key];
    if (typeof v !== "string" || !allowed.includes(v as IbsiInterpolator)) {
      throw new Error(`${source}: interpolation.${key} must be one of ${allowed.join(", ")} for dimensions ${dimensions} (got ${JSON.stringify(v)})`);
    }
    return v as IbsiInterpolator;
  };
  const threshold = r.maskThreshold ?? 0.5;
  if (typeof threshold !== "number" || !(threshold > 0 && threshold <= 1)) throw new Error(`${source}: interpolation.maskThreshold must be a number in (0, 1] (got ${JSON.stringify(threshold)})`);
  const round = r.round ?? false;
  if (typeof round !== "boolean") throw new Error(`${source}: interpolation.round must be true or false (got ${JSON.stringify(round)})`);
  return { spacing: s, image: method("image"), mask: method("mask"), maskThreshold: threshold, round };
}

function parseResegmentation(raw: unknown, source: string): IbsiConfig["resegmentation"] {
  if (raw === undefined || raw === null) return { range: null, outlier: null };
  const r = checkKeys(raw, RESEGMENTATION_KEYS, "resegmentation", source);
  let range: [number, number] | null = null;
  if (r.range !== undefined && r.range !== null) {
    const v = r.range;
    if (!Array.isArray(v) || v.length !== 2 || v.some((x) => typeof x !== "number" || Number.isNaN(x)) || !(v[0] < v[1]) || !Number.isFinite(v[0])) {
      throw new Error(`${source}: resegmentation.range must be [lower, upper] with a finite lower < upper (upper may be .inf) (got ${JSON.stringify(v)})`);
    }
    range = [v[0], v[1]];
  }
  const outlier = r.outlier === undefined || r.outlier === null ? null : positive(r.outlier, "resegmentation.outlier", source);
  return { range, outlier };
}

function parseDiscretisation(raw: unknown, source: string): IbsiConfig["discretisation"] {
  if (raw === undefined) throw new Error(`${source}: discretisation is required (method: fbs | fbn, value: bin width or bin number)`);
  const r = checkKeys(raw, DISCRETISATION_KEYS, "discretisation", source);
  if (r.method !== "fbs" && r.method !== "fbn") throw new Error(`${source}: discretisation.method must be fbs or fbn (got ${JSON.stringify(r.method)})`);
  const value = positive(r.value, "discretisation.value", source);
  if (r.method === "fbn" && !Number.isInteger(value)) throw new Error(`${source}: discretisation.value must be a whole number of bins for fbn (got ${value})`);
  return { method: r.method, value };
}

/**
 * Validates an IBSI-mode configuration object; every unknown key, wrong type or value is an error naming
 * the key and `source`.
 *
 * @example
 * ibsiConfigFromObject({ discretisation: { method: "fbs", value: 25 } }, "config.yaml");
 */
export function ibsiConfigFromObject(raw: unknown, source = "config"): IbsiConfig {
  const r = checkKeys(raw ?? {}, TOP_KEYS, "config", source);
  const dimensions = r.dimensions ?? "3D";
  if (dimensions !== "3D" && dimensions !== "2D") throw new Error(`${source}: dimensions must be 3D or 2D (got ${JSON.stringify(dimensions)})`);
  return {
    dimensions,
    interpolation: r.interpolation === undefined || r.interpolation === null ? null : parseInterpolation(r.interpolation, dimensions, source),
    resegmentation: parseResegmentation(r.resegmentation, source),
    discretisation: parseDiscretisation(r.discretisation, source),
  };
}

/** Reads and validates an IBSI-mode YAML configuration file. */
export function readIbsiConfig(path: string): IbsiConfig {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`${path}: cannot read the IBSI configuration: ${(e as Error).message}`);
  }
  return ibsiConfigFromObject(raw, path);
}
