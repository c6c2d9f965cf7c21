/**
 * Per-case result files of a cohort run, `<out>/cases/<case>.json` (features) or `<out>/cases/<case>.failed.json`
 * (the error), each written atomically (temporary file + rename): a run killed at any instant leaves only
 * complete files, so `--resume` can trust every file it finds.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { ImagingCase } from "../../manifest/types";
import { stableJson, writeFileAtomic } from "../../util/atomic";
import { caseFileName, caseKey } from "./cases";

/** The identifying part of a case kept with its result. */
export type CaseIdentity = Pick<ImagingCase, "patientId" | "sequence" | "region" | "timepoint" | "image" | "series" | "mask" | "label" | "segment">;

/** Features of one case, in extraction order (diagnostics as strings or numbers, features as numbers). */
export interface CaseResult {
  case: CaseIdentity;
  features: Record<string, number | string>;
}

/** A case that could not be extracted: which file and why. */
export interface CaseFailure {
  case: CaseIdentity;
  file: string;
  error: string;
}

/** The identity fields of a manifest case (drops checksums and any other fields). */
export function caseIdentity(c: ImagingCase): CaseIdentity {
  const id: CaseIdentity = { patientId: c.patientId, sequence: c.sequence, region: c.region, image: c.image, mask: c.mask, label: c.label };
  if (c.timepoint !== undefined) id.timepoint = c.timepoint;
  if (c.series !== undefined) id.series = c.series;
  if (c.segment !== undefined) id.segment = c.segment;
  return id;
}

export function resultPath(outDir: string, c: CaseIdentity): string {
  return join(outDir, "cases", `${caseFileName(c)}.json`);
}

export function failurePath(outDir: string, c: CaseIdentity): string {
  return join(outDir, "cases", `${caseFileName(c)}.failed.json`);
}

/** Writes a case's features (and removes a failure left by an earlier attempt). */
export function writeResult(outDir: string, result: CaseResult): void {
  writeFileAtomic(resultPath(outDir, result.case), stableJson(result));
  rmSync(failurePath(outDir, result.case), { force: true });
}

export function writeFailure(outDir: string, failure: CaseFailure): void {
  writeFileAtomic(failurePath(outDir, failure.case), stableJson(failure));
}

/**
 * The stored outcome of a case in `outDir`, checked to belong to that case: a result, a failure, or undefined.
 * NaN and infinite features were stored as null and come back as NaN.
 */
export function readOutcome(outDir: string, c: CaseIdentity): { result?: CaseResult; failure?: CaseFailure } | undefined {
  for (const [path, kind] of [[resultPath(outDir, c), "result"], [failurePath(outDir, c), "failure"]] as const) {
    if (!existsSync(path)) continue;
    let parsed: CaseResult & CaseFailure;
    try {
      parsed = JSON.parse(readFileSync(path, "utf8"));
    } catch (e) {
      throw new Error(`${path}: unreadable case file (${(e as Error).message}); delete it to extract the case again`);
    }
    if (!parsed.case || caseKey(parsed.case) !== caseKey(c)) {
      throw new Error(`${path}: holds case ${parsed.case ? caseKey(parsed.case) : "?"}, expected ${caseKey(c)}`);
    }
    if (kind === "result") {
      for (const [k, v] of Object.entries(parsed.features)) if (v === null) parsed.features[k] = NaN;
      return { result: { case: parsed.case, features: parsed.features } };
    }
    return { failure: { case: parsed.case, file: parsed.file, error: parsed.error } };
  }
  return undefined;
}
