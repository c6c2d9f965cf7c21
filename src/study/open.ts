/**
 * A study, opened once: its configuration (config.ts), its manifest (checksums verified; the synthetic
 * cohort generated on first use), and one table of its patients keyed by patient id with cohort, outcome,
 * centre and every clinical column (derived columns included). Notebooks take everything from here.
 *
 * @example
 * const study = openStudy();                                      // ALNM_STUDY, else studies/paper-synthetic.yaml
 * study.patients.numRows();                                       // 1088 (training + validation cohorts)
 * study.patients.filter(aq.escape((d) => d.cohort === "external")).array("patient_id");
 */
import * as aq from "arquero";
import { readFileSync } from "node:fs";
import { ensureSyntheticCohort } from "../synthetic/generate";
import { loadManifest, validateClinicalTable, type ClinicalTable } from "../manifest/load";
import type { LoadedManifest } from "../manifest/types";
import { paramsFromObject, readParamsFile, type ExtractionParams } from "../radiomics/settings";
import type { ClinicalValue } from "../signatures/dataset";
import { readStudyConfig, studyFilePath, type DerivedColumn, type IntervalCut, type NamedLevel, type StudyConfig } from "./config";

/** The embedded default's extraction: PyRadiomics' defaults with the paper's image types. */
export const DEFAULT_IMAGE_TYPES = { Original: {}, Wavelet: {} };

export type PatientTable = aq.ColumnTable;

export interface Study {
  config: StudyConfig;
  manifest: LoadedManifest;
  /** The clinical table with the derived columns, every patient (also those outside the study cohorts). */
  clinical: ClinicalTable;
  /** Sequences and regions analysed, in the study file's order, with display labels. */
  sequences: NamedLevel[];
  regions: NamedLevel[];
  params: ExtractionParams;
  /**
   * One row per study patient (training and validation cohorts, known outcome, required columns present),
   * clinical-table order: `patient_id`, `cohort`, `outcome` (1 / 0), `centre` (when declared), then every
   * clinical column under its own name.
   */
  patients: PatientTable;
  /** Clinical-table patients left out of `patients`, each with the reason. */
  excluded: { patient: string; reason: string }[];
}

/** Columns every patients table starts with; a clinical column of the same name is not copied over them. */
export const STUDY_COLUMNS = ["patient_id", "cohort", "outcome", "centre"] as const;

/** Opens the study file `file` (default: ALNM_STUDY, else the embedded default). */
export function openStudy(file?: string | null): Study {
  const config = readStudyConfig(studyFilePath(file));
  const manifest = openManifest(config.manifest);
  const clinical = withDerivedColumns(validateClinicalTable(manifest), config.derived, config.file);
  const where = `study ${config.file}`;
  const need = [
    config.outcome?.column, config.cohorts?.column, config.centre?.column, config.radiologist?.column,
    config.survival?.time, config.survival?.event, config.survival?.groups?.column, config.nac?.response?.column,
    ...config.require, ...(config.clinical?.candidates.map((c) => c.name) ?? []), ...config.subgroups.map((g) => g.column),
  ].filter((c): c is string => c !== undefined);
  const absent = [...new Set(need)].filter((c) => !(c in clinical.columns));
  if (absent.length) {
    throw new Error(`${where}: the clinical table of manifest ${manifest.file} has no column(s) ${absent.map((c) => `'${c}'`).join(", ")} (it declares: ${Object.keys(clinical.columns).join(", ")})`);
  }
  const sequences = chooseLevels(config.sequences, manifest.sequences, "sequences", manifest.file, where);
  const regions = chooseLevels(config.regions, manifest.regions, "regions", manifest.file, where);
  const params = config.params ? readParamsFile(config.params) : paramsFromObject({ imageType: DEFAULT_IMAGE_TYPES }, `${where}: default parameters`);
  const { patients, excluded } = studyPatients(config, clinical);
  return { config, manifest, clinical, sequences, regions, params, patients, excluded };
}

/** A manifest; a generated one (the synthetic cohort) is generated first when its cache is empty. */
export function openManifest(file: string): LoadedManifest {
  let generator: { name?: string; seed?: number } | undefined;
  try {
    generator = JSON.parse(readFileSync(file, "utf8")).generator;
  } catch {
    // loadManifest reports unreadable files with the manifest's name.
  }
  // Generation messages name the cache folder and a duration: they go to the terminal, not into an executed
  // notebook, which must be byte-identical across runs (and whether or not the cache was warm).
  if (generator?.name === "alnm-synthetic-cohort") return ensureSyntheticCohort({ seed: generator.seed, log: (m) => process.stderr.write(`${m}\n`) });
  return loadManifest(file);
}

function chooseLevels(declared: NamedLevel[] | null, available: string[], key: string, manifestFile: string, where: string): NamedLevel[] {
  if (!declared) return available.map((name) => ({ name, label: name }));
  const unknown = declared.filter((l) => !available.includes(l.name));
  if (unknown.length) throw new Error(`${where}: ${key} ${unknown.map((l) => `'${l.name}'`).join(", ")} are not among the manifest's ${key} (${available.join(", ")}; ${manifestFile})`);
  return declared;
}

/** R's cut(x, c(-Inf, breaks, Inf), labels, right = TRUE). */
export function cutLabel(x: number, cut: IntervalCut): string | null {
  if (!Number.isFinite(x)) return null;
  const k = cut.breaks.findIndex((b) => x <= b);
  return cut.labels[k < 0 ? cut.breaks.length : k] ?? null;
}

function withDerivedColumns(table: ClinicalTable, derived: DerivedColumn[], where: string): ClinicalTable {
  const columns = { ...table.columns };
  derived.forEach((d, k) => {
    const source = columns[d.from];
    if (!source) throw new Error(`study ${where}: /derived/${k}: column '${d.from}' is not in the clinical table`);
    if (d.cut && d.cut.labels.length !== d.cut.breaks.length + 1) throw new Error(`study ${where}: /derived/${k}/cut: ${d.cut.breaks.length} breaks need ${d.cut.breaks.length + 1} labels`);
    columns[d.name] = source.map((v): ClinicalValue => {
      if (v === null) return null;
      let out: ClinicalValue = v;
      if (d.map) out = String(out) in d.map ? d.map[String(out)] : null;
      if (out !== null && d.divideBy !== undefined) out = Number(out) / d.divideBy;
      if (out !== null && d.cut) out = cutLabel(Number(out), d.cut);
      return out;
    });
  });
  return { ...table, columns };
}

/** Outcome of one clinical value: 1, 0, or null when unknown. */
function outcomeOf(v: ClinicalValue, o: NonNullable<StudyConfig["outcome"]>): 0 | 1 | null {
  if (v === null) return null;
  if (o.positiveAbove !== null) {
    const x = Number(v);
    return Number.isFinite(x) ? (x > o.positiveAbove ? 1 : 0) : null;
  }
  const s = String(v);
  if (o.positive!.includes(s)) return 1;
  if (o.negative === null || o.negative.includes(s)) return 0;
  return null;
}

function studyPatients(config: StudyConfig, clinical: ClinicalTable): { patients: PatientTable; excluded: Study["excluded"] } {
  const excluded: Study["excluded"] = [];
  const keep: number[] = [];
  const outcomes: number[] = [];
  const cohortOf: string[] = [];
  const cohorts = config.cohorts ? [config.cohorts.training, ...config.cohorts.validation] : null;
  clinical.ids.forEach((id, i) => {
    let cohort = "all";
    if (config.cohorts) {
      const v = clinical.columns[config.cohorts.column][i];
      if (v === null || !cohorts!.includes(String(v))) return; // another cohort (e.g. a microenvironment set): not excluded, just elsewhere
      cohort = String(v);
    }
    const missing = config.require.find((c) => clinical.columns[c][i] === null);
    if (missing) return void excluded.push({ patient: id, reason: `missing ${missing}` });
    let y = NaN;
    if (config.outcome) {
      const o = outcomeOf(clinical.columns[config.outcome.column][i], config.outcome);
      if (o === null) return void excluded.push({ patient: id, reason: `unknown outcome (${config.outcome.column} = ${clinical.columns[config.outcome.column][i] ?? "missing"})` });
      y = o;
    }
    keep.push(i);
    outcomes.push(y);
    cohortOf.push(cohort);
  });
  const columns: Record<string, unknown[]> = { patient_id: keep.map((i) => clinical.ids[i]), cohort: cohortOf, outcome: outcomes };
  if (config.centre) columns.centre = keep.map((i) => String(clinical.columns[config.centre!.column][i]));
  for (const [name, values] of Object.entries(clinical.columns)) {
    if (!(STUDY_COLUMNS as readonly string[]).includes(name) && name !== clinical.idColumn) columns[name] = keep.map((i) => values[i]);
  }
  return { patients: aq.table(columns), excluded };
}

/** Display label of a cohort (the study file's `cohorts.labels`, else its name). */
export function cohortLabel(study: Study, cohort: string): string {
  return study.config.cohorts?.labels[cohort] ?? cohort;
}

/** The study's cohorts: training first, then the validation cohorts in the study file's order. */
export function studyCohorts(study: Study): string[] {
  return study.config.cohorts ? [study.config.cohorts.training, ...study.config.cohorts.validation] : ["all"];
}

/** A column of the patients table as a Map from patient id (to look values up by patient, never by position). */
export function valuesById<T = ClinicalValue>(patients: PatientTable, column: string): Map<string, T> {
  if (!patients.columnNames().includes(column)) throw new Error(`patients table has no column '${column}' (columns: ${patients.columnNames().slice(0, 20).join(", ")}...)`);
  const ids = patients.array("patient_id") as string[];
  const values = patients.array(column) as T[];
  return new Map(ids.map((id, i) => [id, values[i]]));
}

/** The radiologists' reading per patient id: 1, 0, or NaN (missing or another value); null when the study has none. */
export function radiologistReading(study: Study): Map<string, number> | null {
  const r = study.config.radiologist;
  if (!r) return null;
  const raw = valuesById(study.patients, r.column);
  return new Map([...raw].map(([id, v]) => [id, v === null ? NaN : String(v) === r.positive ? 1 : String(v) === r.negative ? 0 : NaN]));
}
