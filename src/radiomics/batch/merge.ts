/**
 * Joins the per-case results of one or more output folders (one per shard, or one shared folder) into the
 * cohort tables, in manifest order: `features.csv`, `features.json` and `failures.csv`. The tables depend only
 * on the manifest and the case files, never on the order or the run in which cases finished, so an
 * interrupted-and-resumed run and an uninterrupted one give byte-identical tables.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ImagingCase } from "../../manifest/types";
import { sha256File } from "../../manifest/checksum";
import { stableJson, writeFileAtomic } from "../../util/atomic";
import { caseKey } from "./cases";
import { caseIdentity, failurePath, readOutcome, resultPath, type CaseFailure, type CaseResult } from "./results";
import { failuresCsv, featuresCsv, featuresJson, TABLE_FORMAT } from "./table";

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
 * What the tables of a merge were built from, kept as `<outDir>/<prefix>.sources.json`: a digest of the cases
 * (identities in order), the folders, the table names and layout, and the stat fingerprint of every case file
 * (result and failure, in every folder); plus the counts of that merge and the fingerprints of the tables written.
 * A case file modified less than {@link RACY_MS} before the merge could be edited again within the same clock
 * tick without changing its fingerprint: `racy` keeps the SHA-256 of such files' bytes, checked on every reuse.
 */
interface MergeRecord {
  sources: string;
  racy: Record<string, string>;
  results: number;
  failures: number;
  missing: string[];
  tables: Record<string, string>;
}

/**
 * A file's stat fingerprint: size, modification and change times (ns) and inode, or "-" when absent. Case files
 * and tables are written by rename of a new file (new inode); an edit in place changes the times (ctime cannot be
 * set back), so an unchanged fingerprint means unchanged bytes without reading them.
 */
function fileFingerprint(path: string, seeModified?: (mtimeNs: bigint) => void): string {
  const s = statSync(path, { bigint: true, throwIfNoEntry: false });
  if (!s) return "-";
  seeModified?.(s.mtimeNs);
  return `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}`;
}

/** How recent (ms) a case file's modification may be for its fingerprint to be trusted (file times are coarse). */
const RACY_MS = 2000n;

/**
 * Digest of everything the tables of a merge depend on (see {@link MergeRecord}), from stats only (no file is
 * read), and the case files modified less than {@link RACY_MS} ago.
 */
function sourcesDigest(cases: ImagingCase[], fromDirs: string[], written: string[]): { digest: string; racy: string[] } {
  const settledBefore = (BigInt(Date.now()) - RACY_MS) * 1_000_000n;
  const racy: string[] = [];
  const fingerprint = (path: string) =>
    fileFingerprint(path, (mtimeNs) => {
      if (mtimeNs >= settledBefore) racy.push(path);
    });
  const hash = createHash("sha256").update(JSON.stringify([TABLE_FORMAT, fromDirs, written]));
  for (const c of cases) {
    const id = caseIdentity(c);
    hash.update(JSON.stringify(id));
    for (const dir of fromDirs) hash.update(`\n${fingerprint(resultPath(dir, id))}\n${fingerprint(failurePath(dir, id))}`);
  }
  return { digest: hash.digest("hex"), racy };
}

function recordPath(outDir: string, prefix: string): string {
  return join(outDir, `${prefix}.sources.json`);
}

/** The stored record of the last merge into `outDir`, if its sources digest is `sources` and its tables are untouched. */
function currentRecord(outDir: string, prefix: string, sources: string): MergeRecord | undefined {
  let record: MergeRecord;
  try {
    record = JSON.parse(readFileSync(recordPath(outDir, prefix), "utf8")) as MergeRecord;
  } catch {
    return undefined; // no record (first merge) or an unreadable one: merge again
  }
  if (record.sources !== sources) return undefined;
  if (!Object.entries(record.tables).every(([file, fp]) => fileFingerprint(file) === fp)) return undefined;
  const unchanged = ([file, sha]: [string, string]) => existsSync(file) && sha256File(file) === sha;
  return Object.entries(record.racy ?? {}).every(unchanged) ? record : undefined;
}

/**
 * The counts of the last merge of `cases` from `fromDirs` into `outDir` when its tables are still current: same
 * cases, folders and case files (by stat fingerprint) and tables untouched since. Undefined otherwise.
 */
export function currentMerge(cases: ImagingCase[], fromDirs: string[], outDir: string, options: { prefix?: string; failuresName?: string } = {}): MergeSummary | undefined {
  const { prefix, written } = tableFiles(outDir, options);
  const record = currentRecord(outDir, prefix, sourcesDigest(cases, fromDirs, written).digest);
  return record && { results: record.results, failures: record.failures, missing: record.missing, written };
}

function tableFiles(outDir: string, options: { prefix?: string; failuresName?: string }): { prefix: string; written: string[] } {
  const prefix = options.prefix ?? "features";
  return { prefix, written: [join(outDir, `${prefix}.csv`), join(outDir, `${prefix}.json`), join(outDir, options.failuresName ?? "failures.csv")] };
}

/**
 * Collects the outcome of every case from `fromDirs` (the first folder holding a result wins; a failure
 * counts only if no folder has a result) and writes the tables to `outDir` with `prefix` ("features" gives
 * features.csv / features.json, failures go to `<failuresName>`). Missing cases are an error unless
 * `allowMissing`. When nothing changed since the last merge into `outDir` (see {@link currentMerge}) the
 * tables are kept as they are: reading every case file and writing the tables again would give the same bytes.
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
  const { prefix, written } = tableFiles(outDir, options);
  const sources = sourcesDigest(cases, fromDirs, written);
  const record = currentRecord(outDir, prefix, sources.digest);
  if (record) {
    checkMissing(record.missing, cases.length, fromDirs, options.allowMissing);
    return { results: record.results, failures: record.failures, missing: record.missing, written };
  }
  // Hashed before the files are read: a change after this point makes the next check fail, never pass.
  const racy = Object.fromEntries(sources.racy.map((file) => [file, sha256File(file)]));
  const { results, failures, missing } = collectOutcomes(cases, fromDirs);
  checkMissing(missing, cases.length, fromDirs, options.allowMissing);
  writeFileAtomic(written[0], featuresCsv(results));
  writeFileAtomic(written[1], featuresJson(results));
  writeFileAtomic(written[2], failuresCsv(failures));
  const tables = Object.fromEntries(written.map((file) => [file, fileFingerprint(file)]));
  const kept: MergeRecord = { sources: sources.digest, racy, results: results.length, failures: failures.length, missing, tables };
  writeFileAtomic(recordPath(outDir, prefix), stableJson(kept));
  return { results: results.length, failures: failures.length, missing, written };
}

/** Throws when cases have no outcome in any folder, unless the caller allows it. */
function checkMissing(missing: string[], total: number, fromDirs: string[], allowMissing: boolean | undefined): void {
  if (missing.length > 0 && !allowMissing) {
    const shown = missing.slice(0, 5).join(", ");
    throw new Error(
      `merge: ${missing.length} of ${total} cases have no result in ${fromDirs.join(", ")} (${shown}${missing.length > 5 ? ", ..." : ""}); ` +
        "finish or resume those runs first",
    );
  }
}
