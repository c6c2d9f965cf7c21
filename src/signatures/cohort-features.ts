/**
 * The study table of a manifest: baseline (pre-treatment) radiomic features of the study cohorts, extracted
 * once into the cache and reused, joined with the clinical table into one SignatureData with the cohort of
 * each patient. By default only patients with every sequence x region case are extracted: the signatures fit
 * and score complete cases only (the paper's 392 / 45 / 112), so the other patients' features would never
 * be used.
 *
 * @example
 * const manifest = ensureSyntheticCohort();
 * const { featuresFile } = await extractStudyFeatures(manifest, { workers: 2, imageTypes: { Original: {}, Wavelet: {} } });
 * const study = loadStudyTable(manifest, featuresFile);
 * study.data.radiomic!.columns.length;  // 6 x numeric features per case
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import type { ImagingCase, LoadedManifest } from "../manifest/types";
import { validateClinicalTable } from "../manifest/load";
import { extractCohort, type CohortSummary } from "../radiomics/batch/runner";
import { paramsFromObject } from "../radiomics/settings";
import type { ColumnarTable } from "../radiomics/batch/table";
import { cachePath } from "../util/cache";
import { readFileSync } from "node:fs";
import type { ClinicalValue, SignatureData } from "./dataset";
import { pivotFeatures } from "./features";

/** The clinical-table columns that define a study patient. */
export interface StudyColumns {
  cohort: string;
  label: string;
  positiveLevel: string;
  batch: string;
  /** Cohorts that belong to the signature study (others, e.g. a microenvironment set, are left out). */
  cohorts: string[];
}

export const SYNTHETIC_STUDY_COLUMNS: StudyColumns = {
  cohort: "cohort",
  label: "aln_status",
  positiveLevel: "positive",
  batch: "centre",
  cohorts: ["training", "prospective", "external"],
};

/** Baseline cases (no timepoint, or "pre") of study patients, optionally only patients with every group. */
export function studyCases(manifest: LoadedManifest, options: { completeOnly?: boolean; columns?: StudyColumns } = {}): ImagingCase[] {
  const columns = options.columns ?? SYNTHETIC_STUDY_COLUMNS;
  const table = validateClinicalTable(manifest);
  const cohortOf = new Map(table.ids.map((id, i) => [id, String(table.columns[columns.cohort][i])]));
  const baseline = manifest.cases.filter((c) => (c.timepoint === undefined || c.timepoint === "pre") && columns.cohorts.includes(cohortOf.get(c.patientId) ?? ""));
  if (!(options.completeOnly ?? true)) return baseline;
  const groups = new Set(baseline.map((c) => `${c.region}/${c.sequence}`));
  const have = new Map<string, Set<string>>();
  for (const c of baseline) {
    if (!have.has(c.patientId)) have.set(c.patientId, new Set());
    have.get(c.patientId)!.add(`${c.region}/${c.sequence}`);
  }
  return baseline.filter((c) => have.get(c.patientId)!.size === groups.size);
}

/**
 * Extracts (or reuses) the features of `studyCases` in a cache folder named by the manifest, the case list
 * and the parameters, so a changed manifest or setting never reuses stale features. `imageTypes` is
 * PyRadiomics' imageType section (the paper: `{ Original: {}, Wavelet: {} }`); other settings are
 * PyRadiomics' defaults.
 */
export async function extractStudyFeatures(
  manifest: LoadedManifest,
  options: { workers?: number; completeOnly?: boolean; imageTypes?: Record<string, object>; columns?: StudyColumns; progressStream?: NodeJS.WriteStream } = {},
): Promise<{ featuresFile: string; summary: CohortSummary; cases: number }> {
  const cases = studyCases(manifest, options);
  const params = paramsFromObject({ imageType: options.imageTypes ?? { Original: {}, Wavelet: {} } }, "study extraction parameters");
  const key = createHash("sha256")
    .update(JSON.stringify([manifest.name, cases.map((c) => [c.patientId, c.sequence, c.region, c.imageSha256 ?? c.image, c.maskSha256 ?? c.mask]), params]))
    .digest("hex")
    .slice(0, 16);
  const outDir = cachePath("features", `${manifest.name}-${key}`);
  const summary = await extractCohort({ manifest: { ...manifest, cases }, outDir, resume: true, workers: options.workers, params, progressStream: options.progressStream });
  if (summary.failed) throw new Error(`feature extraction of manifest ${manifest.file}: ${summary.failed} case(s) failed; see ${join(outDir, "failures.csv")}`);
  return { featuresFile: join(outDir, "features.json"), summary, cases: cases.length };
}

export interface StudyTable {
  data: SignatureData;
  /** Cohort of each patient. */
  cohorts: string[];
  /** Every clinical column, one value per patient of `data` (for subgroups and the radiologists' reading). */
  clinical: Record<string, ClinicalValue[]>;
}

/**
 * One row per study patient (clinical-table order), with its label, centre, clinical variables and the
 * pivoted radiomic features (NaN where a case was not extracted).
 */
export function loadStudyTable(manifest: LoadedManifest, featuresFile: string, columns: StudyColumns = SYNTHETIC_STUDY_COLUMNS): StudyTable {
  const table = validateClinicalTable(manifest);
  for (const c of [columns.cohort, columns.label, columns.batch]) {
    if (!table.columns[c]) throw new Error(`manifest ${manifest.file}: clinical table has no column '${c}'`);
  }
  const rows = table.ids.flatMap((_, i) => (columns.cohorts.includes(String(table.columns[columns.cohort][i])) ? [i] : []));
  const ids = rows.map((i) => table.ids[i]);
  const labels = rows.map((i) => {
    const v = table.columns[columns.label][i];
    if (v === null) return NaN;
    return String(v) === columns.positiveLevel ? 1 : 0;
  });
  const clinical = Object.fromEntries(Object.entries(table.columns).map(([k, v]) => [k, rows.map((i) => v[i])]));
  let featureTable: ColumnarTable;
  try {
    featureTable = JSON.parse(readFileSync(featuresFile, "utf8")) as ColumnarTable;
  } catch (err) {
    throw new Error(`cannot read feature table ${featuresFile}: ${(err as Error).message}`);
  }
  const radiomic = pivotFeatures(featureTable, ids);
  return {
    data: { ids, labels, radiomic, clinical, batch: rows.map((i) => String(table.columns[columns.batch][i])) },
    cohorts: rows.map((i) => String(table.columns[columns.cohort][i])),
    clinical,
  };
}
