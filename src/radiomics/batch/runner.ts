/**
 * Cohort extraction: every (patient, sequence, region[, timepoint]) case of a manifest (or of one shard of it)
 * through PyRadiomics-compatible feature extraction on worker threads, one result file per case.
 *
 * Streaming: the cases of one image (its regions) form a job, handed to workers as they free up; a worker
 * holds one image, its masks and one level of (lazily generated) wavelet sub-bands at a time. A killed run
 * leaves only complete case files (atomic writes), so `resume` extracts just the cases without a result
 * (failed ones are retried), and the merged tables are rebuilt from the files in manifest order:
 * byte-identical to an uninterrupted run.
 *
 * Limits: a job (the cases of one image) that runs longer than `caseTimeoutSeconds` or outgrows `caseMemoryMb`
 * of heap loses its worker thread; its cases are recorded as failures naming the limit, and the run carries on.
 * A resumed run tries such cases again, each attempt bounded by the same limits, so it always ends.
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import type { LoadedManifest } from "../../manifest/types";
import { stableJson, writeFileAtomic } from "../../util/atomic";
import { ownModulePath } from "../../util/paths";
import { paramsFromObject, type ExtractionParams } from "../settings";
import { caseKey, checkUniqueCases, groupByImage, shardCases, type Shard } from "./cases";
import { collectOutcomes, currentMerge, mergeResults } from "./merge";
import { WorkerPool } from "./pool";
import { createProgress } from "./progress";
import { caseIdentity, readOutcome, writeFailure, writeResult, type CaseIdentity } from "./results";
import { failuresCsv } from "./table";
import type { CaseJob, CaseOutcome } from "./extract-case";

/** The parameters the study used when none are given: PyRadiomics defaults with Original + Wavelet images. */
export function defaultCohortParams(): ExtractionParams {
  return paramsFromObject({ imageType: { Original: {}, Wavelet: {} } }, "default parameters (Original + Wavelet)");
}

export interface CohortOptions {
  manifest: LoadedManifest;
  outDir: string;
  /** Worker threads (default 2, the machine's cores). */
  workers?: number;
  shard?: Shard;
  /** Keep the results already in outDir and extract only the remaining cases. */
  resume?: boolean;
  /** Extraction parameters (e.g. `readParamsFile(yaml)`); default {@link defaultCohortParams}. */
  params?: ExtractionParams;
  /**
   * Wall-clock limit per job (the cases of one image) in seconds; a job over it fails its cases with
   * "case exceeded the time limit of N s (--case-timeout)". Default: none (the CLI's default is 600).
   */
  caseTimeoutSeconds?: number;
  /**
   * Heap limit of each worker thread in MB (Node's `resourceLimits.maxOldGenerationSizeMb`; typed-array buffers,
   * i.e. most voxel data, are outside it); a job over it fails its cases with
   * "case exceeded the memory limit of N MB (--case-memory)". Default: Node's own (the CLI's default is 4096).
   */
  caseMemoryMb?: number;
  /** Progress output (default process.stderr; a bar on a terminal, lines otherwise). */
  progressStream?: NodeJS.WriteStream;
}

export interface CohortSummary {
  cases: number;
  /** Cases found complete in outDir and kept (resume). */
  kept: number;
  extracted: number;
  failed: number;
  /** Files written: the merged tables, or for a shard its failures file (merge the shards with `alnm merge`). */
  written: string[];
}

/** What identifies a run, stored as run.json: a resumed run must match it. */
/**
 * Claims `outDir` for one run: `run.lock` is created atomically (O_EXCL) with the pid, host and a hash of the
 * manifest and parameters, and stays as the folder's identity. A run whose hash differs is refused, whether the
 * other run is still going or finished long ago, so two settings never mix in one features.csv; runs of the same
 * manifest and parameters (shards, --resume) share the folder.
 */
function lockOutput(outDir: string, runHash: string): void {
  const lockFile = join(outDir, "run.lock");
  const mine = { runHash, pid: process.pid, host: hostname(), started: new Date().toISOString() };
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (err) {
    throw new Error(`--out ${outDir}: cannot create the output folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check that its parent exists and is writable`);
  }
  try {
    const fd = openSync(lockFile, "wx");
    writeSync(fd, JSON.stringify(mine) + "\n");
    closeSync(fd);
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EROFS" || code === "EPERM") throw new Error(`--out ${outDir}: the folder is not writable (${code})`);
    if (code !== "EEXIST") throw err;
  }
  let held: { runHash?: string; pid?: number; host?: string; started?: string } = {};
  try {
    held = JSON.parse(readFileSync(lockFile, "utf8"));
  } catch {
    // Another run is writing its lock this instant (or left it empty): treat it as a different run.
  }
  if (held.runHash !== runHash) {
    throw new Error(
      `--out ${outDir} belongs to a run with another manifest or parameters (run.lock: pid ${held.pid ?? "?"} on ${held.host ?? "?"}, started ${held.started ?? "?"}); ` +
        "use a new --out, or delete that folder to start over",
    );
  }
}

function runRecord(manifest: LoadedManifest, params: ExtractionParams, shard: Shard | undefined) {
  return { manifest: manifest.file, params, shard: shard ? `${shard.k}/${shard.n}` : null };
}

/**
 * Extracts every case of `manifest` (or of shard k/n) into `outDir/cases/`, then (unsharded) merges the tables
 * `features.csv`, `features.json` and `failures.csv`; a shard writes `failures.shard-k-of-n.csv` only.
 * A case that fails is recorded with its file and error while the others carry on.
 *
 * @example
 * const summary = await extractCohort({ manifest: loadManifest("data-manifests/cohort.json"), outDir: "out/cohort" });
 * summary.extracted; // number of cases extracted by this run
 */
export async function extractCohort(options: CohortOptions): Promise<CohortSummary> {
  const { manifest, outDir, shard, caseTimeoutSeconds, caseMemoryMb } = options;
  for (const [name, value] of [["caseTimeoutSeconds", caseTimeoutSeconds], ["caseMemoryMb", caseMemoryMb]] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) throw new Error(`extractCohort: ${name} must be a positive number, got ${value}`);
  }
  const params = options.params ?? defaultCohortParams();
  checkUniqueCases(manifest.cases, manifest.file);
  const cases = shardCases(manifest.cases, shard);

  // One run record per shard: shards of one cohort may share a folder.
  const runFile = join(outDir, shard ? `run.shard-${shard.k}-of-${shard.n}.json` : "run.json");
  const record = stableJson(runRecord(manifest, params, shard));
  lockOutput(outDir, createHash("sha256").update(stableJson(runRecord(manifest, params, undefined))).digest("hex"));
  if (options.resume && existsSync(runFile) && readFileSync(runFile, "utf8") !== record) {
    throw new Error(`${runFile}: the folder holds a run with another manifest or parameters; resume it with the same ones or use a new --out`);
  }

  const { todo, kept } = casesToExtract(cases, outDir, { resume: options.resume, merged: !shard });
  if (!existsSync(runFile) || readFileSync(runFile, "utf8") !== record) writeFileAtomic(runFile, record);

  const stream = options.progressStream ?? process.stderr;
  const progress = createProgress(cases.length, kept, stream);
  let extracted = 0;
  let failed = 0;
  if (todo.length > 0) {
    const groups = groupByImage(todo);
    const pool = new WorkerPool<CaseJob, CaseOutcome[]>(
      ownModulePath("radiomics/batch/worker"),
      Math.max(1, Math.min(options.workers ?? 2, groups.length)),
      {
        jobTimeoutMs: caseTimeoutSeconds !== undefined ? caseTimeoutSeconds * 1000 : undefined,
        maxOldGenerationSizeMb: caseMemoryMb,
      },
    );
    try {
      await Promise.all(
        groups.map(async (group) => {
          const job = await pool.run({ cases: group, params });
          const limitError = "error" in job && job.limit ? limitMessage(job.limit, group, options) : undefined;
          group.forEach((id, i) => {
            // `in` narrowing: the tslab kernel compiles without strictNullChecks, where `ok` does not discriminate.
            const outcome: CaseOutcome = limitError ? { ok: false, error: limitError } : "error" in job ? job : job.value[i];
            if ("error" in outcome) {
              writeFailure(outDir, { case: id, file: failedFile(id, outcome.error), error: outcome.error });
              failed++;
            } else {
              writeResult(outDir, { case: id, features: outcome.features });
              extracted++;
            }
            progress.tick(caseKey(id), outcome.ok);
          });
        }),
      );
    } finally {
      progress.stop();
      await pool.close();
    }
  } else {
    progress.stop();
  }

  const written = shard
    ? [shardFailures(cases, outDir, shard)]
    : mergeResults(cases, [outDir], outDir).written;
  return { cases: cases.length, kept, extracted, failed, written };
}

/**
 * The cases of `outDir` still without a result, and how many have one. A resumed run whose tables in `outDir`
 * are current (`merged`: an unsharded run; no case file changed since, {@link currentMerge}) and hold every case
 * needs nothing read. Otherwise every case file is read and checked; without `resume`, any stored outcome is refused.
 */
function casesToExtract(
  cases: LoadedManifest["cases"],
  outDir: string,
  { resume, merged }: { resume?: boolean; merged: boolean },
): { todo: CaseIdentity[]; kept: number } {
  const tables = resume && merged ? currentMerge(cases, [outDir], outDir) : undefined;
  if (tables && tables.results === cases.length) return { todo: [], kept: cases.length };
  const todo: CaseIdentity[] = [];
  let kept = 0;
  for (const c of cases) {
    const id = caseIdentity(c);
    const outcome = readOutcome(outDir, id);
    if (outcome && !resume) {
      throw new Error(`${outDir}: holds results of an earlier run (e.g. ${caseKey(id)}); add --resume to continue it, or choose an empty --out`);
    }
    if (outcome?.result) kept++;
    else todo.push(id);
  }
  return { todo, kept };
}

/**
 * The failure text of a job stopped by a limit. A job holds the cases of one image, so when it holds several,
 * the text names them all: any of them may be the one that hit the limit.
 *
 * @example
 * limitMessage("time", [c], { caseTimeoutSeconds: 120 }); // "case exceeded the time limit of 120 s (--case-timeout)"
 */
function limitMessage(limit: "time" | "memory", group: CaseIdentity[], options: Pick<CohortOptions, "caseTimeoutSeconds" | "caseMemoryMb">): string {
  const text =
    limit === "time"
      ? `case exceeded the time limit of ${options.caseTimeoutSeconds} s (--case-timeout)`
      : `case exceeded the memory limit of ${options.caseMemoryMb} MB (--case-memory)`;
  if (group.length === 1) return text;
  return `${text} while extracting the ${group.length} cases of its image together: ${group.map(caseKey).join(", ")}`;
}

/**
 * The file an error is about: reading and mask-check errors start with that file's path (a mask check may
 * also name the image, e.g. "mask.nrrd: mask size ... differs from image size ... (image.nrrd)").
 */
function failedFile(c: CaseIdentity, error: string): string {
  return error.startsWith(`${c.mask}:`) ? c.mask : c.image;
}

/** A shard's own failures file (its features are merged later with `alnm merge`). */
function shardFailures(cases: LoadedManifest["cases"], outDir: string, shard: Shard): string {
  const file = join(outDir, `failures.shard-${shard.k}-of-${shard.n}.csv`);
  writeFileAtomic(file, failuresCsv(collectOutcomes(cases, [outDir]).failures));
  return file;
}
