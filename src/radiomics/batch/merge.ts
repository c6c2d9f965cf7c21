/**
 * Joins the per-case results of one or more output folders (one per shard, or one shared folder) into the
 * cohort tables, in manifest order: `features.csv`, `features.json` and `failures.csv`. The tables depend only
 * on the manifest and the case files, never on the order or the run in which cases finished, so an
 * interrupted-and-resumed run and an uninterrupted one give byte-identical tables.
 */
import { join } from "node:path";
import type { ImagingCase } from "../../manifest/types";
import { writeFileAtomic } from "../../util/atomic";
import { caseKey } from "./cases";
import { caseIdentity, readOutcome, type CaseFailure, type CaseResult } from "./results";
import { failuresCsv, featuresCsv, featuresJson } from "./table";

export interface MergeSummary {
  results: number;
  failures: number;
  /** Keys of cases with neither a result nor a failure in any folder. */
  missing: string[];
  /** Files written. */
  written: string[];
}

/** The outcomes of `cases` found in `fromDirs`, in case order (see {@link mergeResults}). */
export function collectOutcomes(
  cases: ImagingCase[],
  fromDirs: string[],
): { results: CaseResult[]; failures: CaseFailure[]; missing: string[] } {
  const results: CaseResult[] = [];
  const failures: CaseFailure[] = [];
  const missing: string[] = [];
  for (const c of cases) {
    const id = caseIdentity(c);
    let result: CaseResult | undefined;
    let failure: CaseFailure | undefined;
    for (const dir of fromDirs) {
      const outcome = readOutcome(dir, id);
      if (outcome?.result) {
        result = outcome.result;
        break;
      }
      failure ??= outcome?.failure;
    }
    // The manifest's identity (paths on this machine) labels the row, whichever machine extracted it.
    if (result) results.push({ case: id, features: result.features });
    else if (failure) failures.push({ ...failure, case: id });
    else missing.push(caseKey(c));
  }
  return { results, failures, missing };
}

/**
 * Collects the outcome of every case from `fromDirs` (the first folder holding a result wins; a failure
 * counts only if no folder has a result) and writes the tables to `outDir` with `prefix` ("features" gives
 * features.csv / features.json, failures go to `<failuresName>`). Missing cases are an error unless
 * `allowMissing`.
 *
 * @example
 * mergeResults(manifest.cases, ["out/shard-1", "out/shard-2"], "out", { allowMissing: false });
 * // writes out/features.csv, out/features.json, out/failures.csv
 */
export function mergeResults(
  cases: ImagingCase[],
  fromDirs: string[],
  outDir: string,
  options: { allowMissing?: boolean; prefix?: string; failuresName?: string } = {},
): MergeSummary {
  const { results, failures, missing } = collectOutcomes(cases, fromDirs);
  if (missing.length > 0 && !options.allowMissing) {
    const shown = missing.slice(0, 5).join(", ");
    throw new Error(
      `merge: ${missing.length} of ${cases.length} cases have no result in ${fromDirs.join(", ")} (${shown}${missing.length > 5 ? ", ..." : ""}); ` +
        "finish or resume those runs first",
    );
  }
  const prefix = options.prefix ?? "features";
  const written = [join(outDir, `${prefix}.csv`), join(outDir, `${prefix}.json`), join(outDir, options.failuresName ?? "failures.csv")];
  writeFileAtomic(written[0], featuresCsv(results));
  writeFileAtomic(written[1], featuresJson(results));
  writeFileAtomic(written[2], failuresCsv(failures));
  return { results: results.length, failures: failures.length, missing, written };
}
