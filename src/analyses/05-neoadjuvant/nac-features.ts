/**
 * Radiomic features of the patients imaged before and after neoadjuvant chemotherapy (paper section 2.5):
 * every case of the patients with images at the study's `nac.post` timepoint, at both time
 * points, extracted once into the cache (keyed by cases and settings) and pivoted to one row per patient and
 * time point, restricted to the key features the signature selected.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Study } from "../../study/open";
import { extractCohort } from "../../radiomics/batch/runner";
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

export async function nacFeatures(study: Study, keyFeatures: string[]): Promise<NacFeatures> {
  const nac = study.config.nac;
  if (!nac) throw new Error(`study ${study.config.file}: declares no nac section`);
  const { manifest } = study;
  const post = nac.post;
  const pre = nac.pre ?? undefined;
  const table = study.clinical;
  // Patients with images at the post-treatment timepoint, in clinical-table order.
  const withPost = new Set(manifest.cases.filter((c) => c.timepoint === post).map((c) => c.patientId));
  const rows = table.ids.map((_, i) => i).filter((i) => withPost.has(table.ids[i]));
  const ids = rows.map((i) => table.ids[i]);
  if (ids.length === 0) throw new Error(`study ${study.config.file}: no patient of manifest ${manifest.file} has '${post}' images`);
  const idSet = new Set(ids);
  const cases = manifest.cases.filter((c) => idSet.has(c.patientId) && (c.timepoint === undefined || c.timepoint === "pre" || c.timepoint === pre || c.timepoint === post));
  const responseColumn = nac.response?.column;

  // The study's parameters, as the signature's extraction, so every key feature exists here too.
  const params = study.params;
  const key = createHash("sha256")
    .update(JSON.stringify([manifest.name, cases.map((c) => [c.patientId, c.sequence, c.region, c.timepoint ?? "", c.imageSha256 ?? c.image, c.maskSha256 ?? c.mask, ...(c.segment === undefined ? [] : [c.segment])]), params]))
    .digest("hex")
    .slice(0, 16);
  const outDir = cachePath("features", `${manifest.name}-nac-${key}`);
  const summary = await extractCohort({ manifest: { ...manifest, cases }, outDir, resume: true, workers: study.config.workers, params });
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
    response: rows.map((i) => (responseColumn === undefined || table.columns[responseColumn][i] === null ? null : String(table.columns[responseColumn][i]))),
    features: keyFeatures,
    before: pick(pre),
    after: pick(post),
  };
}
