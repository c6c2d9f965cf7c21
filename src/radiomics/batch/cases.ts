/** Identity, file names and shard selection of the (patient, sequence, region[, timepoint]) cases of a cohort. */
import type { ImagingCase } from "../../manifest/types";

/**
 * The key of a case: `patient/sequence/region` or `patient/sequence/region/timepoint`.
 *
 * @example
 * caseKey({ patientId: "P001", sequence: "T1C", region: "tumour", ... }); // "P001/T1C/tumour"
 */
export function caseKey(c: Pick<ImagingCase, "patientId" | "sequence" | "region" | "timepoint">): string {
  return [c.patientId, c.sequence, c.region, ...(c.timepoint !== undefined ? [c.timepoint] : [])].join("/");
}

/**
 * A file-system-safe, collision-free name for a case's result file: each part of the key with every
 * character outside [A-Za-z0-9._-] written as `%XX` (UTF-8 bytes), parts joined by `__`.
 *
 * @example
 * caseFileName({ patientId: "P 1", sequence: "T1C", region: "tumour" }); // "P%201__T1C__tumour"
 */
export function caseFileName(c: Pick<ImagingCase, "patientId" | "sequence" | "region" | "timepoint">): string {
  const safe = (part: string) =>
    Array.from(Buffer.from(part, "utf8"))
      .map((b) => (/[A-Za-z0-9._-]/.test(String.fromCharCode(b)) && b < 128 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, "0")}`))
      .join("");
  return [c.patientId, c.sequence, c.region, ...(c.timepoint !== undefined ? [c.timepoint] : [])].map(safe).join("__");
}

/** Throws if two cases of a manifest share a key (their results would overwrite each other). */
export function checkUniqueCases(cases: ImagingCase[], source: string): void {
  const seen = new Map<string, number>();
  cases.forEach((c, i) => {
    const key = caseKey(c);
    const first = seen.get(key);
    if (first !== undefined) throw new Error(`${source}: cases ${first + 1} and ${i + 1} are both ${key}`);
    seen.set(key, i);
  });
}

/** Shard k of n (1-based k), as given on the command line. */
export interface Shard {
  k: number;
  n: number;
}

/**
 * Parses `--shard k/n` (1 <= k <= n).
 *
 * @example
 * parseShard("2/8"); // { k: 2, n: 8 }
 */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`--shard ${text}: expected k/n, e.g. 1/4`);
  const k = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || k < 1 || k > n) throw new Error(`--shard ${text}: need 1 <= k <= n`);
  return { k, n };
}

/**
 * The cases of shard k/n: every n-th case of the manifest, starting at case k (round robin, so shards of a
 * cohort sorted by patient get similar mixes of sequences and image sizes).
 *
 * @example
 * shardCases(["a", "b", "c", "d", "e"], { k: 2, n: 2 }); // ["b", "d"]
 */
export function shardCases<T>(cases: T[], shard: Shard | undefined): T[] {
  if (!shard) return cases.slice();
  return cases.filter((_c, i) => i % shard.n === shard.k - 1);
}
