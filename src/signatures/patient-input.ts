/**
 * The patients `alnm predict` scores, read from either
 * - a patient folder: `features.json` (that patient's cases as cohort extraction writes them, one row per
 *   sequence x region) and/or `clinical.json` (`{ "id": "...", "<variable>": value, ... }`); or
 * - a manifest entry `<manifest.json>#<patientId>`: the clinical row from the manifest's clinical table and
 *   the radiomic features from a cohort `features.json` given separately.
 * Only the inputs the model uses are required; a missing one is an error naming the patient and the input.
 *
 * @example
 * const data = patientFromDirectory("patients/P0042", pipeline);
 * const data2 = patientFromManifest("data-manifests/synthetic.json", "P0042", "build/extract/features.json", pipeline);
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { loadManifest, validateClinicalTable } from "../manifest/load";
import type { ColumnarTable } from "../radiomics/batch/table";
import type { ClinicalValue, SignatureData } from "./dataset";
import { pivotFeatures } from "./features";
import type { SignaturePipeline } from "./pipeline";

function readJson<T>(path: string, what: string): T {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch (err) {
    throw new Error(`cannot read ${what} ${path}: ${(err as Error).message}`);
  }
}

function needsRadiomic(pipeline: SignaturePipeline): boolean {
  return pipeline.radiomicFeatures.length > 0;
}

/** The radiomic part of one patient's table, restricted to what the model uses. */
function radiomicFor(table: ColumnarTable, id: string, pipeline: SignaturePipeline, source: string): SignatureData["radiomic"] {
  const { columns, rows } = pivotFeatures(table, [id]);
  const keyed = new Map(columns.map((c, j) => [`${c.region}/${c.sequence}/${c.name}`, rows[0][j]]));
  const used = pipeline.radiomicFeatures;
  const missing = used.filter((f) => !Number.isFinite(keyed.get(`${f.region}/${f.sequence}/${f.name}`) ?? NaN));
  if (missing.length) {
    const groups = [...new Set(missing.map((f) => `${f.region}/${f.sequence}`))];
    throw new Error(`patient ${id}: ${source} lacks ${missing.length} radiomic feature(s) the model uses (e.g. ${missing[0].region}/${missing[0].sequence}/${missing[0].name}; groups ${groups.join(", ")})`);
  }
  return { columns: used.map(({ name, sequence, region }) => ({ name, sequence, region })), rows: [used.map((f) => keyed.get(`${f.region}/${f.sequence}/${f.name}`)!)] };
}

function clinicalFor(values: Record<string, ClinicalValue | undefined>, id: string, pipeline: SignaturePipeline, source: string): Record<string, ClinicalValue[]> {
  const out: Record<string, ClinicalValue[]> = {};
  for (const v of pipeline.clinicalVariables) {
    const x = values[v.name];
    if (x === undefined || x === null || x === "") throw new Error(`patient ${id}: ${source} has no value for clinical variable '${v.name}'`);
    if (v.kind === "categorical" && !v.levels.includes(String(x))) throw new Error(`patient ${id}: ${source}: '${v.name}' = '${x}' is not one of ${v.levels.join(", ")}`);
    out[v.name] = [x];
  }
  return out;
}

export function patientFromDirectory(dir: string, pipeline: SignaturePipeline): SignatureData {
  const clinicalFile = join(dir, "clinical.json");
  const featuresFile = join(dir, "features.json");
  const clinical = existsSync(clinicalFile) ? readJson<Record<string, ClinicalValue>>(clinicalFile, "clinical values") : null;
  const table = existsSync(featuresFile) ? readJson<ColumnarTable>(featuresFile, "feature table") : null;
  let id = typeof clinical?.id === "string" ? clinical.id : basename(dir);
  if (table) {
    const patients = [...new Set(table.columns.find((c) => c.name === "Patient")?.values.map(String) ?? [])];
    if (patients.length !== 1) throw new Error(`${featuresFile}: expected the cases of one patient, found ${patients.length} (${patients.slice(0, 3).join(", ")})`);
    id = patients[0];
  }
  const data: SignatureData = { ids: [id], labels: [NaN] };
  if (needsRadiomic(pipeline)) {
    if (!table) throw new Error(`patient folder ${dir}: the model uses radiomic features but there is no features.json`);
    data.radiomic = radiomicFor(table, id, pipeline, featuresFile);
  }
  if (pipeline.clinicalVariables.length) {
    if (!clinical) throw new Error(`patient folder ${dir}: the model uses clinical variables but there is no clinical.json`);
    data.clinical = clinicalFor(clinical, id, pipeline, clinicalFile);
  }
  return data;
}

export function patientFromManifest(manifestFile: string, patientId: string, featuresFile: string | undefined, pipeline: SignaturePipeline): SignatureData {
  const data: SignatureData = { ids: [patientId], labels: [NaN] };
  if (pipeline.clinicalVariables.length) {
    const table = validateClinicalTable(loadManifest(manifestFile, { verify: false }));
    const row = table.ids.indexOf(patientId);
    if (row < 0) throw new Error(`manifest ${manifestFile}: patient ${patientId} is not in the clinical table ${table.path}`);
    const values = Object.fromEntries(Object.entries(table.columns).map(([k, v]) => [k, v[row]]));
    data.clinical = clinicalFor(values, patientId, pipeline, `clinical table ${table.path}`);
  }
  if (needsRadiomic(pipeline)) {
    if (!featuresFile) throw new Error(`patient ${patientId}: the model uses radiomic features; give the cohort's features.json with --features`);
    data.radiomic = radiomicFor(readJson<ColumnarTable>(featuresFile, "feature table"), patientId, pipeline, featuresFile);
  }
  return data;
}
