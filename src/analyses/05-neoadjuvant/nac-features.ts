/**
 * Radiomic features of the patients imaged before and after neoadjuvant chemotherapy (paper section 2.5):
 * every case of the patients flagged in the clinical table (default column `nac_paired` = 1) at both time
 * points, extracted once into the cache (keyed by cases and settings) and pivoted to one row per patient and
 * time point, restricted to the key features the signature selected.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { LoadedManifest } from "../../manifest/types";
import { validateClinicalTable } from "../../manifest/load";
import { extractCohort } from "../../radiomics/batch/runner";
import { paramsFromObject } from "../../radiomics/settings";
import type { ColumnarTable } from "../../radiomics/batch/table";
import { pivotFeatures } from "../../signatures/features";
import { columnKey } from "../../signatures/dataset";
import { cachePath } from "../../util/cache";

export interface NacFeatures {
  ids: string[];
  /** Response per patient (e.g. "responder" / "non-responder"; null when unknown). */
  response: (string | null)[];
  /** Feature keys "<region>/<sequence>/<name>", in the order asked for. */
  features: string[];
  /** before[f][i], after[f][i]: feature f of patient i (NaN where a case is missing). */
  before: number[][];
  after: number[][];
}

export async function nacFeatures(
  manifest: LoadedManifest,
  keyFeatures: string[],
  options: { pairedColumn?: string; responseColumn?: string; postTimepoint?: string; workers?: number; imageTypes?: Record<string, object> } = {},
): Promise<NacFeatures> {
  const pairedColumn = options.pairedColumn ?? "nac_paired";
  const responseColumn = options.responseColumn ?? "nac_response";
  const post = options.postTimepoint ?? "post";
  const table = validateClinicalTable(manifest);
  for (const c of [pairedColumn, responseColumn]) if (!table.columns[c]) throw new Error(`manifest ${manifest.file}: clinical table has no column '${c}'`);
  const rows = table.ids.map((_, i) => i).filter((i) => table.columns[pairedColumn][i] === 1);
  const ids = rows.map((i) => table.ids[i]);
  if (ids.length === 0) throw new Error(`manifest ${manifest.file}: no patient has ${pairedColumn} = 1`);
  const idSet = new Set(ids);
  const cases = manifest.cases.filter((c) => idSet.has(c.patientId) && (c.timepoint === undefined || c.timepoint === "pre" || c.timepoint === post));
  const withPost = new Set(cases.filter((c) => c.timepoint === post).map((c) => c.patientId));
  const lacking = ids.filter((id) => !withPost.has(id));
  if (lacking.length) throw new Error(`manifest ${manifest.file}: patient(s) ${lacking.slice(0, 5).join(", ")} have ${pairedColumn} = 1 but no '${post}' images`);

  // The same image types as the signature's extraction, so every key feature exists here too.
  const params = paramsFromObject({ imageType: options.imageTypes ?? { Original: {}, Wavelet: {} } }, "NAC extraction parameters");
  const key = createHash("sha256")
    .update(JSON.stringify([manifest.name, cases.map((c) => [c.patientId, c.sequence, c.region, c.timepoint ?? "", c.imageSha256 ?? c.image, c.maskSha256 ?? c.mask]), params]))
    .digest("hex")
    .slice(0, 16);
  const outDir = cachePath("features", `${manifest.name}-nac-${key}`);
  const summary = await extractCohort({ manifest: { ...manifest, cases }, outDir, resume: true, workers: options.workers, params });
  if (summary.failed) throw new Error(`NAC feature extraction of manifest ${manifest.file}: ${summary.failed} case(s) failed; see ${join(outDir, "failures.csv")}`);
  const features = JSON.parse(readFileSync(join(outDir, "features.json"), "utf8")) as ColumnarTable;

  const pick = (timepoint: string | undefined) => {
    const pivot = pivotFeatures(features, ids, { timepoint });
    const index = new Map(pivot.columns.map((c, j) => [columnKey(c), j]));
    return keyFeatures.map((k) => {
      const j = index.get(k);
      if (j === undefined) throw new Error(`key feature ${k} is not among the extracted NAC features`);
      return pivot.rows.map((r) => r[j]);
    });
  };
  return {
    ids,
    response: rows.map((i) => (table.columns[responseColumn][i] === null ? null : String(table.columns[responseColumn][i]))),
    features: keyFeatures,
    before: pick(undefined),
    after: pick(post),
  };
}
