/**
 * `alnm manifest check`: every problem of a data manifest at once, where `loadManifest` stops at the first:
 * the entries' files and checksums, the clinical table against its schema, each mask's geometry and label against
 * its image, and a summary of patients per group and of the sequence x region cases each patient lacks.
 */
import { groupByImage } from "../radiomics/batch/cases";
import { WorkerPool } from "../radiomics/batch/pool";
import { createProgress } from "../radiomics/batch/progress";
import { ownModulePath } from "../util/paths";
import { validateClinicalTable, type ClinicalTable } from "./clinical";
import { loadManifest } from "./load";
import type { ImagingCase, LoadedManifest } from "./types";

export interface ManifestCheckOptions {
  /** Read every image and mask to compare their grids and find each case's label (default true). */
  geometry?: boolean;
  /** Clinical column whose values group the patient counts (e.g. the centre or cohort). */
  by?: string;
  /** ITK's geometry tolerance (PyRadiomics' geometryTolerance), default 1e-6. */
  tolerance?: number;
  workers?: number;
  progress?: NodeJS.WriteStream;
}

export interface ManifestCheckReport {
  manifest: string;
  problems: string[];
  cases: number;
  patients: number;
  /** Patients per value of `by` (or "all"). */
  patientsPer: Record<string, number>;
  /** Per missing "sequence/region" (of the manifest's declared ones): how many patients lack it, and the first of them. */
  missing: { case: string; patients: number; examples: string[] }[];
}

/** The cases of one image and what to compare them with (plain data for a worker thread). */
export interface GeometryJob {
  cases: Pick<ImagingCase, "image" | "series" | "mask" | "segment" | "label">[];
  tolerance: number;
}

/**
 * Checks a manifest and returns every problem found (an empty list when the manifest can be used).
 *
 * @example
 * const r = await checkManifest("data-manifests/my-cohort.json", { by: "centre" });
 * r.problems; // ["manifest ...: casesTable row 12 (patient P0007) image: file not found: ...", ...]
 */
export async function checkManifest(file: string, options: ManifestCheckOptions = {}): Promise<ManifestCheckReport> {
  const problems: string[] = [];
  let manifest: LoadedManifest;
  try {
    manifest = loadManifest(file, { problems });
  } catch (err) {
    return { manifest: file, problems: [...problems, (err as Error).message], cases: 0, patients: 0, patientsPer: {}, missing: [] };
  }
  let table: ClinicalTable | undefined;
  if (manifest.clinical) {
    try {
      table = validateClinicalTable(manifest, problems);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (options.geometry ?? true) problems.push(...(await checkGeometries(manifest, options)));
  const patients = [...new Set(manifest.cases.map((c) => c.patientId))];
  return { manifest: manifest.file, problems, cases: manifest.cases.length, patients: patients.length, patientsPer: countPer(patients, table, options.by, problems), missing: missingCases(manifest) };
}

/** Reads each image once (its masks with it) on worker threads and collects geometry and label problems. */
async function checkGeometries(manifest: LoadedManifest, options: ManifestCheckOptions): Promise<string[]> {
  const groups = groupByImage(manifest.cases);
  if (groups.length === 0) return [];
  const tolerance = options.tolerance ?? 1e-6;
  const pool = new WorkerPool<GeometryJob, string[]>(ownModulePath("manifest/check-worker"), Math.max(1, Math.min(options.workers ?? 1, groups.length)));
  const progress = options.progress ? createProgress(groups.length, 0, options.progress, { noun: "images", verb: "checked" }) : undefined;
  try {
    const found = await Promise.all(
      groups.map(async (g) => {
        const outcome = await pool.run({ cases: g.map(({ image, series, mask, segment, label }) => ({ image, series, mask, segment, label })), tolerance });
        const list = "error" in outcome ? [`${g[0].image}: ${outcome.error}`] : outcome.value;
        progress?.tick(g[0].series === undefined ? g[0].image : `${g[0].image} (series ${g[0].series})`, list.length === 0);
        return list;
      }),
    );
    return found.flat();
  } finally {
    progress?.stop();
    await pool.close();
  }
}

function countPer(patients: string[], table: ClinicalTable | undefined, by: string | undefined, problems: string[]): Record<string, number> {
  if (!by) return { all: patients.length };
  if (!table || !(by in table.columns)) {
    problems.push(`--by ${by}: the manifest's clinical table declares no column '${by}'`);
    return { all: patients.length };
  }
  const row = new Map(table.ids.map((id, i) => [id, i]));
  const counts: Record<string, number> = {};
  for (const id of patients) {
    const i = row.get(id);
    const value = i === undefined ? "(no clinical row)" : String(table.columns[by][i] ?? "(missing)");
    counts[value] = (counts[value] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** For each declared sequence x region (baseline cases), the patients without it. */
function missingCases(manifest: LoadedManifest): ManifestCheckReport["missing"] {
  const have = new Map<string, Set<string>>();
  for (const c of manifest.cases) {
    if (c.timepoint !== undefined && c.timepoint !== "pre") continue;
    if (!have.has(c.patientId)) have.set(c.patientId, new Set());
    have.get(c.patientId)!.add(`${c.sequence}/${c.region}`);
  }
  const out: ManifestCheckReport["missing"] = [];
  for (const sequence of manifest.sequences) {
    for (const region of manifest.regions) {
      const key = `${sequence}/${region}`;
      const lacking = [...have].filter(([, s]) => !s.has(key)).map(([id]) => id);
      if (lacking.length) out.push({ case: key, patients: lacking.length, examples: lacking.slice(0, 5) });
    }
  }
  return out;
}

/** The report as text: problems first, then the counts. */
export function formatManifestCheck(r: ManifestCheckReport): string {
  const lines = [`manifest ${r.manifest}: ${r.cases} cases of ${r.patients} patients`];
  lines.push(...Object.entries(r.patientsPer).map(([k, n]) => `  patients ${k}: ${n}`));
  for (const m of r.missing) lines.push(`  ${m.patients} patient(s) without ${m.case} (e.g. ${m.examples.join(", ")})`);
  lines.push(r.problems.length ? `${r.problems.length} problem(s):` : "no problem found");
  lines.push(...r.problems.map((p) => `  - ${p}`));
  return lines.join("\n");
}
