/**
 * The signature table of a study: baseline (pre-treatment) radiomic features of the study patients,
 * extracted once into the cache and reused, joined by patient id with the patients table into one
 * SignatureData (outcome, cohort, centre, clinical columns). By default only patients with every
 * sequence x region case are extracted: the signatures fit and score complete cases only (the paper's
 * 392 / 45 / 112), so the other patients' features would never be used.
 *
 * @example
 * const study = openStudy();
 * const { featuresFile } = await extractStudyFeatures(study);
 * const data = loadSignatureData(study, featuresFile);
 * data.radiomic!.columns.length;  // sequences x regions x numeric features per case
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ImagingCase } from "../../manifest/types";
import { extractCohort, type CohortSummary } from "../../radiomics/batch/runner";
import type { ColumnarTable } from "../../radiomics/batch/table";
import type { ClinicalValue, SignatureData } from "../../signatures/dataset";
import { pivotFeatures } from "../../signatures/features";
import { STUDY_COLUMNS, type Study } from "../../study/open";
import { cachePath } from "../../util/cache";

/** Whether a case is the baseline scan: no timepoint, "pre", or the study's `nac.pre`. */
export function isBaseline(study: Study, c: ImagingCase): boolean {
  return c.timepoint === undefined || c.timepoint === "pre" || (study.config.nac?.pre !== null && c.timepoint === study.config.nac?.pre);
}

/** Baseline cases of the study patients in the study's sequences and regions, optionally only patients with every group. */
export function studyCases(study: Study, options: { completeOnly?: boolean } = {}): ImagingCase[] {
  const patients = new Set(study.patients.array("patient_id") as string[]);
  const sequences = study.sequences.map((s) => s.name);
  const regions = study.regions.map((r) => r.name);
  const baseline = study.manifest.cases.filter((c) => patients.has(c.patientId) && isBaseline(study, c) && sequences.includes(c.sequence) && regions.includes(c.region));
  if (!(options.completeOnly ?? study.config.signature.completeOnly)) return baseline;
  const groups = sequences.length * regions.length;
  const have = new Map<string, Set<string>>();
  for (const c of baseline) {
    if (!have.has(c.patientId)) have.set(c.patientId, new Set());
    have.get(c.patientId)!.add(`${c.region}/${c.sequence}`);
  }
  return baseline.filter((c) => have.get(c.patientId)!.size === groups);
}

/**
 * Extracts (or reuses) the features of `studyCases` with the study's PyRadiomics parameters, in a cache
 * folder named by the manifest, the case list and the parameters, so a changed manifest or setting never
 * reuses stale features. A failed case stops here with the failures file named (the batch itself carried
 * on and kept every other case).
 */
export async function extractStudyFeatures(
  study: Study,
  options: { completeOnly?: boolean; progressStream?: NodeJS.WriteStream } = {},
): Promise<{ featuresFile: string; summary: CohortSummary; cases: number }> {
  const cases = studyCases(study, options);
  const { manifest, params } = study;
  const key = createHash("sha256")
    .update(JSON.stringify([manifest.name, cases.map((c) => [c.patientId, c.sequence, c.region, c.imageSha256 ?? c.image, c.maskSha256 ?? c.mask, ...(c.segment === undefined ? [] : [c.segment])]), params]))
    .digest("hex")
    .slice(0, 16);
  const outDir = cachePath("features", `${manifest.name}-${key}`);
  const summary = await extractCohort({ manifest: { ...manifest, cases }, outDir, resume: true, workers: study.config.workers, params, progressStream: options.progressStream });
  if (summary.failed) throw new Error(`feature extraction of study ${study.config.file}: ${summary.failed} case(s) failed; see ${join(outDir, "failures.csv")}`);
  return { featuresFile: join(outDir, "features.json"), summary, cases: cases.length };
}

/**
 * One row per study patient (the patients table's order) with outcome, cohort, centre, every clinical
 * column and the pivoted radiomic features (NaN where a case was not extracted).
 */
export function loadSignatureData(study: Study, featuresFile: string): SignatureData {
  let featureTable: ColumnarTable;
  try {
    featureTable = JSON.parse(readFileSync(featuresFile, "utf8")) as ColumnarTable;
  } catch (err) {
    throw new Error(`cannot read feature table ${featuresFile}: ${(err as Error).message}`);
  }
  const p = study.patients;
  const ids = p.array("patient_id") as string[];
  const clinical: Record<string, ClinicalValue[]> = {};
  for (const name of p.columnNames()) if (!(STUDY_COLUMNS as readonly string[]).includes(name)) clinical[name] = p.array(name) as ClinicalValue[];
  const data: SignatureData = {
    ids,
    labels: Array.from(p.array("outcome") as number[]),
    radiomic: pivotFeatures(featureTable, ids, { sequences: study.sequences.map((s) => s.name), regions: study.regions.map((r) => r.name) }),
    clinical,
    cohort: p.array("cohort") as string[],
  };
  if (study.config.centre) data.batch = p.array("centre") as string[];
  return data;
}
