/**
 * Loads and validates a data manifest (`data-manifests/*.json`): the JSON that declares a dataset's licence,
 * source, data root, files with their SHA-256, clinical-table schema and imaging cases. Every problem is an
 * Error naming the manifest file and the entry (and the patient or file) at fault.
 *
 * Manifest fields (see data-manifests/TEMPLATE.md):
 * - `name`, `description`, `licence`, `source` (required strings), `citation`, `notes` (optional strings);
 * - `root`: data root, relative to the manifest's folder, or starting with `${repo}` (repository root) or
 *   `${cache}` (project cache root, `ALNM_CACHE`); every other path is relative to it and may not leave it;
 * - `generator`: `{ name, version, seed }` for generated data;
 * - `sequences`, `regions`: the names cases may use (default T1C/T2WI/ADC and tumour/aln);
 * - `files`: `[{ path, sha256, description? }]`;
 * - `clinical`: `{ path, sha256?, idColumn, delimiter?, missing?, headerRow?, skipRows?, columns }` with
 *   columns `{ type: "number"|"integer", min?, max? } | { type: "category", levels } | { type: "string" }`
 *   (each with optional `required`, `description`);
 * - `cases`: `[{ patientId, sequence, region, timepoint?, image, series?, mask, label?, segment?, imageSha256?, maskSha256? }]`
 *   and/or `casesTable`: `{ path, sha256? }`, a CSV with columns patient_id, sequence, region, timepoint,
 *   image, series, mask, label, segment, image_sha256, mask_sha256 (all but patient_id, sequence, region, image and
 *   mask may be absent or empty). `series` picks one DICOM series of a folder holding several; `segment` names one
 *   segment of a segmentation mask (3D Slicer .seg.nrrd, DICOM-SEG, RTSTRUCT); the case's label is then 1.
 *
 * @example
 * const m = loadManifest("data-manifests/rotterdam.json");   // verifies every checksum
 * const t = validateClinicalTable(m);                        // typed, validated clinical columns
 * t.columns.nodes[0];                                        // 0
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import type { ClinicalTableSpec, ColumnSchema, ImagingCase, LoadedManifest } from "./types";
import { Sha256Cache } from "./checksum";
import { readDelimited } from "./csv";
import { cachePath } from "../util/cache";
import { repoRoot } from "../util/paths";

export { validateClinicalTable, type ClinicalTable } from "./clinical";

export interface LoadOptions {
  /** Check every declared SHA-256 against the file (default true; cached by path, size and mtime). */
  verify?: boolean;
  /** Check that every declared file exists (default true; false for a manifest of data not generated yet). */
  checkFiles?: boolean;
  /** Hash cache to use (default: the project's persistent one). */
  hasher?: Sha256Cache;
  /**
   * Collect the problems of individual cases and declared files here and carry on without them, instead of
   * stopping at the first (`alnm manifest check`). Problems of the manifest's structure still throw.
   */
  problems?: string[];
}

const TOP_FIELDS = [
  "$schema", "name", "description", "licence", "source", "citation", "notes", "root", "generator",
  "sequences", "regions", "files", "clinical", "cases", "casesTable",
];
const FILE_FIELDS = ["path", "sha256", "description"];
const GENERATOR_FIELDS = ["name", "version", "seed"];
const CLINICAL_FIELDS = ["path", "sha256", "idColumn", "delimiter", "missing", "headerRow", "skipRows", "columns", "description"];
const CASE_FIELDS = ["patientId", "sequence", "region", "timepoint", "image", "series", "mask", "label", "segment", "imageSha256", "maskSha256"];
const CASES_TABLE_FIELDS = ["path", "sha256", "description"];
const COLUMN_FIELDS: Record<string, string[]> = {
  number: ["type", "min", "max", "required", "description"],
  integer: ["type", "min", "max", "required", "description"],
  category: ["type", "levels", "required", "description"],
  string: ["type", "required", "description"],
};
const CASES_TABLE_COLUMNS = ["patient_id", "sequence", "region", "timepoint", "image", "series", "mask", "label", "segment", "image_sha256", "mask_sha256"];
export const DEFAULT_SEQUENCES = ["T1C", "T2WI", "ADC"];
export const DEFAULT_REGIONS = ["tumour", "aln"];
const SHA256 = /^[0-9a-f]{64}$/;

type Json = Record<string, unknown>;

/**
 * Reads a manifest, resolves every path against its data root and validates it: unknown fields, missing
 * required fields, paths escaping the root, unknown sequences/regions, duplicate cases, missing files and
 * (with `verify`) SHA-256 mismatches. Returns absolute paths (see LoadedManifest).
 *
 * @example
 * const m = loadManifest(repoPath("data-manifests/pyradiomics.json"));
 * m.cases.map((c) => c.patientId); // ["brain1", "brain2", "breast1", ...]
 */
export function loadManifest(file: string, options: LoadOptions = {}): LoadedManifest {
  const { verify = true, checkFiles = true } = options;
  const abs = resolve(file);
  const fail = (entry: string, problem: string): never => {
    throw new Error(`manifest ${abs}: ${entry}: ${problem}`);
  };
  /** Runs one entry's checks; with `options.problems`, a failing entry is recorded and skipped. */
  const entryChecked = (check: () => void) => {
    if (!options.problems) return check();
    try {
      check();
    } catch (err) {
      options.problems.push((err as Error).message);
    }
  };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(abs, "utf8"));
  } catch (err) {
    throw new Error(`manifest ${abs}: cannot read as JSON: ${(err as Error).message}`);
  }
  if (!isObject(raw)) return fail("(top level)", "must be a JSON object");
  const m = raw as Json;
  checkFields(m, TOP_FIELDS, "(top level)", fail);
  const str = (key: string, required: boolean): string | undefined => {
    const v = m[key];
    if (v === undefined) return required ? fail(key, "required field is missing") : undefined;
    if (typeof v !== "string" || (required && v.trim() === "")) return fail(key, "must be a non-empty string");
    return v;
  };
  const name = str("name", true)!;
  const description = str("description", true)!;
  const licence = str("licence", true)!;
  const source = str("source", true)!;
  const citation = str("citation", false);
  str("notes", false);
  const root = resolveRoot(str("root", true)!, dirname(abs));

  const inRoot = (p: unknown, entry: string): string => {
    if (typeof p !== "string" || p === "") return fail(entry, "path must be a non-empty string");
    if (isAbsolute(p)) return fail(entry, `path "${p}" is absolute; give it relative to the data root ${root}`);
    const full = resolve(root, p);
    if (escapes(root, full)) return fail(entry, `path "${p}" escapes the data root ${root}`);
    if (checkFiles && !resolvedInRoot.has(full) && existsSync(full)) {
      realRoot ??= realpathSync(root);
      if (escapes(realRoot, realpathSync(full))) fail(entry, `path "${p}" escapes the data root ${root} through a symbolic link`);
      resolvedInRoot.add(full);
    }
    return full;
  };
  let realRoot: string | undefined;
  const resolvedInRoot = new Set<string>();
  const hasher = verify ? options.hasher ?? new Sha256Cache() : null;
  const verified = new Map<string, string>();
  const checkFile = (full: string, sha: unknown, entry: string): string | undefined => {
    if (sha !== undefined && (typeof sha !== "string" || !SHA256.test(sha))) {
      fail(entry, `sha256 must be 64 lowercase hex digits, got ${JSON.stringify(sha)}`);
    }
    if (!checkFiles) return sha as string | undefined;
    if (sha !== undefined && verified.get(full) === sha) return sha as string; // a mask shared by several cases
    if (!existsSync(full)) fail(entry, `file not found: ${full}`);
    if (hasher && sha !== undefined) {
      const actual = hasher.hash(full);
      // Collected, not stopping, in a check: the file is there, so its other problems can still be found.
      if (actual !== sha) {
        const problem = `manifest ${abs}: ${entry}: checksum mismatch for ${full}: manifest says ${sha}, file has ${actual}`;
        if (!options.problems) throw new Error(problem);
        options.problems.push(problem);
        return sha as string;
      }
      verified.set(full, sha as string);
    }
    return sha as string | undefined;
  };

  let generator: LoadedManifest["generator"];
  if (m.generator !== undefined) {
    const g = m.generator;
    if (!isObject(g)) return fail("generator", "must be an object { name, version, seed }");
    checkFields(g, GENERATOR_FIELDS, "generator", fail);
    if (typeof g.name !== "string" || typeof g.version !== "string" || typeof g.seed !== "number" || !Number.isInteger(g.seed)) {
      fail("generator", "needs name (string), version (string) and seed (integer)");
    }
    generator = { name: g.name as string, version: g.version as string, seed: g.seed as number };
  }
  const nameList = (key: string, fallback: string[]): string[] => {
    const v = m[key];
    if (v === undefined) return fallback;
    if (!Array.isArray(v) || v.length === 0 || v.some((s) => typeof s !== "string" || s === "")) {
      return fail(key, "must be a non-empty array of names");
    }
    return v as string[];
  };
  const sequences = nameList("sequences", DEFAULT_SEQUENCES);
  const regions = nameList("regions", DEFAULT_REGIONS);

  const files: Record<string, string> = {};
  if (m.files !== undefined) {
    if (!Array.isArray(m.files)) fail("files", "must be an array of { path, sha256 }");
    (m.files as unknown[]).forEach((f, i) => {
      const entry = `files[${i}]`;
      if (!isObject(f)) return fail(entry, "must be an object { path, sha256 }");
      const label = `${entry} ("${String(f.path)}")`;
      checkFields(f, FILE_FIELDS, label, fail);
      if (f.sha256 === undefined) fail(label, "sha256 is required");
      const full = inRoot(f.path, label);
      if (full in files) fail(label, "declared twice");
      entryChecked(() => (files[full] = checkFile(full, f.sha256, label)!));
    });
  }

  let clinical: ClinicalTableSpec | undefined;
  if (m.clinical !== undefined) clinical = parseClinicalSpec(m.clinical, inRoot, checkFile, fail);

  const cases: ImagingCase[] = [];
  const seen = new Set<string>();
  const addCase = (c: Json, entry: string) => {
    const patientId = c.patientId;
    if (typeof patientId !== "string" || patientId === "") return fail(entry, "patientId must be a non-empty string");
    if (patientId.trim() !== patientId) {
      fail(`${entry} (patient ${JSON.stringify(patientId)})`, "patientId has leading or trailing whitespace (it would not match the same patient written without it)");
    }
    const label = `${entry} (patient ${patientId})`;
    const sequence = c.sequence, region = c.region;
    if (typeof sequence !== "string" || !sequences.includes(sequence)) {
      fail(label, `unknown sequence ${JSON.stringify(sequence)} (declared sequences: ${sequences.join(", ")})`);
    }
    if (typeof region !== "string" || !regions.includes(region)) {
      fail(label, `unknown region ${JSON.stringify(region)} (declared regions: ${regions.join(", ")})`);
    }
    const timepoint = c.timepoint === undefined || c.timepoint === "" ? undefined : c.timepoint;
    if (timepoint !== undefined && typeof timepoint !== "string") fail(label, "timepoint must be a string");
    const key = `${patientId}\u0000${sequence}\u0000${region}\u0000${timepoint ?? ""}`;
    if (seen.has(key)) fail(label, `duplicate case ${sequence}/${region}${timepoint ? "/" + timepoint : ""}`);
    seen.add(key);
    const labelValue = parseLabel(c.label);
    if (labelValue === null) fail(label, `label must be a positive integer written in decimal (1, 2, ...), got ${JSON.stringify(c.label)}`);
    const series = c.series === undefined || c.series === "" ? undefined : c.series;
    if (series !== undefined && (typeof series !== "string" || series.trim() !== series)) {
      fail(label, `series must be a SeriesDescription, number:<SeriesNumber> or SeriesInstanceUID without edge spaces, got ${JSON.stringify(series)}`);
    }
    const segment = emptyToUndefined(c.segment);
    if (segment !== undefined && (typeof segment !== "string" || segment.trim() === "")) fail(label, `segment must be a non-empty string, got ${JSON.stringify(segment)}`);
    if (segment !== undefined && labelValue !== 1) fail(label, `label ${labelValue} given with segment "${segment}"; a segment is read as a binary mask of label 1 (leave label out)`);
    const image = inRoot(c.image, `${label} image`);
    const mask = inRoot(c.mask, `${label} mask`);
    const imageSha256 = checkFile(image, emptyToUndefined(c.imageSha256), `${label} image`);
    const maskSha256 = checkFile(mask, emptyToUndefined(c.maskSha256), `${label} mask`);
    const out: ImagingCase = { patientId, sequence: sequence as string, region: region as string, image, mask, label: labelValue! };
    if (timepoint !== undefined) out.timepoint = timepoint as string;
    if (series !== undefined) out.series = series as string;
    if (segment !== undefined) out.segment = segment as string;
    if (imageSha256) out.imageSha256 = imageSha256;
    if (maskSha256) out.maskSha256 = maskSha256;
    cases.push(out);
  };
  if (m.cases !== undefined) {
    if (!Array.isArray(m.cases)) fail("cases", "must be an array");
    (m.cases as unknown[]).forEach((c, i) => {
      if (!isObject(c)) return fail(`cases[${i}]`, "must be an object");
      checkFields(c, CASE_FIELDS, `cases[${i}]`, fail);
      entryChecked(() => addCase(c, `cases[${i}]`));
    });
  }
  if (m.casesTable !== undefined) {
    const t = m.casesTable;
    if (!isObject(t)) return fail("casesTable", "must be an object { path, sha256 }");
    checkFields(t, CASES_TABLE_FIELDS, "casesTable", fail);
    const full = inRoot(t.path, "casesTable");
    checkFile(full, t.sha256, "casesTable");
    if (checkFiles) {
      const rows = readDelimited(full, ",", `manifest ${abs}: casesTable`);
      const header = rows[0] ?? [];
      const unknown = header.filter((h) => !CASES_TABLE_COLUMNS.includes(h));
      if (unknown.length) fail("casesTable", `unknown column(s) ${unknown.join(", ")} (allowed: ${CASES_TABLE_COLUMNS.join(", ")})`);
      for (const need of ["patient_id", "sequence", "region", "image", "mask"]) {
        if (!header.includes(need)) fail("casesTable", `missing column '${need}'`);
      }
      for (let r = 1; r < rows.length; r++) {
        const cell = (col: string) => {
          const j = header.indexOf(col);
          return j < 0 ? undefined : rows[r][j];
        };
        entryChecked(() => addCase(
          {
            patientId: cell("patient_id"), sequence: cell("sequence"), region: cell("region"), timepoint: cell("timepoint"),
            image: cell("image"), series: cell("series"), mask: cell("mask"), label: cell("label"), segment: cell("segment"),
            imageSha256: cell("image_sha256"), maskSha256: cell("mask_sha256"),
          },
          `casesTable row ${r + 1}`,
        ));
      }
    }
  }
  hasher?.save();
  const out: LoadedManifest = { file: abs, name, description, licence, source, root, cases, files, sequences, regions };
  if (citation) out.citation = citation;
  if (generator) out.generator = generator;
  if (clinical) out.clinical = clinical;
  return out;
}

function parseClinicalSpec(
  c: unknown,
  inRoot: (p: unknown, entry: string) => string,
  checkFile: (full: string, sha: unknown, entry: string) => string | undefined,
  fail: (entry: string, problem: string) => never,
): ClinicalTableSpec {
  if (!isObject(c)) return fail("clinical", "must be an object");
  checkFields(c, CLINICAL_FIELDS, "clinical", fail);
  const path = inRoot(c.path, "clinical");
  const sha256 = checkFile(path, c.sha256, "clinical");
  if (typeof c.idColumn !== "string" || c.idColumn === "") fail("clinical", "idColumn must be a non-empty string");
  if (c.delimiter !== undefined && (typeof c.delimiter !== "string" || c.delimiter.length !== 1)) {
    fail("clinical", "delimiter must be one character");
  }
  if (c.missing !== undefined && (!Array.isArray(c.missing) || c.missing.some((x) => typeof x !== "string"))) {
    fail("clinical", "missing must be an array of strings");
  }
  for (const key of ["headerRow", "skipRows"]) {
    const v = c[key];
    if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v < 0)) fail("clinical", `${key} must be a non-negative integer`);
  }
  if (!isObject(c.columns) || Object.keys(c.columns).length === 0) return fail("clinical", "columns must be an object of column schemas");
  const columns: Record<string, ColumnSchema> = {};
  for (const [col, s] of Object.entries(c.columns)) {
    const entry = `clinical.columns["${col}"]`;
    if (!isObject(s)) return fail(entry, "must be an object with a type");
    const type = s.type as string;
    if (!(type in COLUMN_FIELDS)) fail(entry, `unknown type ${JSON.stringify(s.type)} (number, integer, category, string)`);
    checkFields(s, COLUMN_FIELDS[type], entry, fail);
    if (type === "category" && (!Array.isArray(s.levels) || s.levels.length === 0 || s.levels.some((l) => typeof l !== "string"))) {
      fail(entry, "a category needs levels: a non-empty array of strings");
    }
    for (const bound of ["min", "max"]) {
      if (s[bound] !== undefined && typeof s[bound] !== "number") fail(entry, `${bound} must be a number`);
    }
    if (s.required !== undefined && typeof s.required !== "boolean") fail(entry, "required must be true or false");
    columns[col] = s as unknown as ColumnSchema;
  }
  if (!(c.idColumn as string in columns)) columns[c.idColumn as string] = { type: "string", required: true };
  const spec: ClinicalTableSpec = { path, idColumn: c.idColumn as string, columns };
  if (sha256) spec.sha256 = sha256;
  if (c.delimiter !== undefined) spec.delimiter = c.delimiter as string;
  if (c.missing !== undefined) spec.missing = c.missing as string[];
  if (c.headerRow !== undefined) spec.headerRow = c.headerRow as number;
  if (c.skipRows !== undefined) spec.skipRows = c.skipRows as number;
  return spec;
}

function resolveRoot(root: string, manifestDir: string): string {
  if (root.startsWith("${repo}")) return resolve(repoRoot(), "." + root.slice("${repo}".length));
  if (root.startsWith("${cache}")) return resolve(cachePath(), "." + root.slice("${cache}".length));
  return resolve(manifestDir, root);
}

function escapes(root: string, full: string): boolean {
  const rel = relative(root, full);
  return rel === "" ? false : rel === ".." || rel.startsWith(".." + sep) || isAbsolute(rel);
}

function isObject(x: unknown): x is Json {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/**
 * A case's label: absent or empty means 1; otherwise an integer >= 1, given as a JSON number or as text of
 * plain decimal digits (so "0x1", "1e0", " 1", "+1" and "1.0" are refused, as Number() would accept them). Null if invalid.
 */
function parseLabel(x: unknown): number | null {
  if (x === undefined || x === "") return 1;
  if (typeof x === "number") return Number.isSafeInteger(x) && x >= 1 ? x : null;
  if (typeof x === "string" && /^[1-9][0-9]*$/.test(x)) {
    const n = Number(x);
    return Number.isSafeInteger(n) ? n : null;
  }
  return null;
}

function emptyToUndefined(x: unknown): unknown {
  return x === "" ? undefined : x;
}

function checkFields(obj: Json, allowed: string[], entry: string, fail: (entry: string, problem: string) => never): void {
  const unknown = Object.keys(obj).filter((k) => !allowed.includes(k));
  if (unknown.length) fail(entry, `unknown field(s) ${unknown.map((k) => `'${k}'`).join(", ")} (allowed: ${allowed.join(", ")})`);
}
