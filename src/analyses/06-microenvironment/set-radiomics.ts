/**
 * Radiomic features of a microenvironment set's patients (paper section 2.6: T1+C and T2WI of the tumour
 * region), extracted once into the cache and reused. The cache folder is named by the manifest, the case
 * list (with image/mask checksums) and the parameters, so changed inputs never reuse stale features.
 * Columns are named `<sequence>_<region>_<feature>`, e.g. "T1C_tumour_original_firstorder_Mean".
 *
 * @example
 * const { features } = await extractSetRadiomics(manifest, set.patients, { sequences: ["T1C", "T2WI"], regions: ["tumour"] });
 * features.rows.length;  // patients with every case extracted
 * // `radiomic` keeps every column with its sequence and region, for a signature fitted on another cohort.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { LoadedManifest } from "../../manifest/types";
import { extractCohort } from "../../radiomics/batch/runner";
import type { ColumnarTable } from "../../radiomics/batch/table";
import { paramsFromObject, type ExtractionParams } from "../../radiomics/settings";
import type { RadiomicColumn } from "../../signatures/dataset";
import { pivotFeatures } from "../../signatures/features";
import { cachePath } from "../../util/cache";
import type { NamedMatrix } from "../../tme/matrix";

export interface SetRadiomicsOptions {
  sequences?: string[];
  regions?: string[];
  /** Extraction parameters (e.g. the study's `params`); default PyRadiomics defaults on the Original image (every feature class). */
  params?: ExtractionParams;
  workers?: number;
  progressStream?: NodeJS.WriteStream;
}

export async function extractSetRadiomics(
  manifest: LoadedManifest,
  patients: string[],
  options: SetRadiomicsOptions = {},
): Promise<{ features: NamedMatrix; radiomic: { ids: string[]; columns: RadiomicColumn[]; rows: number[][] }; cases: number; extracted: number; cacheDir: string }> {
  const { sequences = ["T1C", "T2WI"], regions = ["tumour"] } = options;
  const params = options.params ?? paramsFromObject({ imageType: { Original: {} } }, "microenvironment-set radiomics parameters");
  const wanted = new Set(patients);
  const cases = manifest.cases.filter(
    (c) => wanted.has(c.patientId) && (c.timepoint === undefined || c.timepoint === "pre") && sequences.includes(c.sequence) && regions.includes(c.region),
  );
  if (cases.length === 0) throw new Error(`manifest ${manifest.file}: no ${sequences.join("/")} ${regions.join("/")} case for the ${patients.length} patients given`);
  const key = createHash("sha256")
    .update(JSON.stringify([manifest.name, cases.map((c) => [c.patientId, c.sequence, c.region, c.imageSha256 ?? c.image, c.maskSha256 ?? c.mask, ...(c.segment === undefined ? [] : [c.segment])]), params]))
    .digest("hex")
    .slice(0, 16);
  const cacheDir = cachePath("features", `${manifest.name}-set-${key}`);
  const summary = await extractCohort({ manifest: { ...manifest, cases }, outDir: cacheDir, resume: true, workers: options.workers, params, progressStream: options.progressStream });
  if (summary.failed) throw new Error(`radiomics of manifest ${manifest.file}: ${summary.failed} case(s) failed; see ${join(cacheDir, "failures.csv")}`);
  const table = JSON.parse(readFileSync(join(cacheDir, "features.json"), "utf8")) as ColumnarTable;
  const pivot = pivotFeatures(table, patients, { sequences, regions });
  const complete = patients.map((id, i) => [id, pivot.rows[i]] as [string, number[]]).filter(([, r]) => r.every(Number.isFinite));
  // A column constant over the patients has no Spearman correlation (R gives NA): drop it.
  const keep = pivot.columns.map((_, j) => new Set(complete.map(([, r]) => r[j])).size > 1);
  return {
    features: {
      rows: complete.map(([id]) => id),
      columns: pivot.columns.filter((_, j) => keep[j]).map((c) => `${c.sequence}_${c.region}_${c.name}`),
      values: complete.map(([, r]) => r.filter((_, j) => keep[j])),
    },
    // Every column, as a signature fitted elsewhere expects them (patients with every case only).
    radiomic: { ids: complete.map(([id]) => id), columns: pivot.columns, rows: complete.map(([, r]) => r) },
    cases: cases.length,
    extracted: summary.extracted,
    cacheDir,
  };
}
