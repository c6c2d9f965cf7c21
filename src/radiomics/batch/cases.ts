/** Identity, file names and shard selection of the (patient, sequence, region[, timepoint]) cases of a cohort. */
import { createHash } from "node:crypto";
import type { ImagingCase } from "../../manifest/types";

/**
 * 16 hex digits naming a cache folder of features extracted from `cases` with `params`: any change to a case (its
 * files' content or path, series, segment, label, timepoint) or a setting gives another folder, so stale features are
 * never reused.
 *
 * @example
 * cachePath("features", `${manifest.name}-${extractionDigest(manifest.name, cases, params)}`);
 */
export function extractionDigest(manifestName: string, cases: ImagingCase[], params: unknown): string {
  const identity = cases.map((c) => [
    c.patientId, c.sequence, c.region, c.timepoint ?? "", c.imageSha256 ?? c.image, c.series ?? "", c.maskSha256 ?? c.mask, c.segment ?? "", c.label,
  ]);
  return createHash("sha256").update(JSON.stringify([manifestName, identity, params])).digest("hex").slice(0, 16);
}

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
 * What identifies the image a case reads: its file or folder, and for a folder holding several DICOM series the
 * selected series.
 */
export function imageKey(c: Pick<ImagingCase, "image" | "series">): string {
  return c.series === undefined ? c.image : `${c.image}\u0000${c.series}`;
}

/**
 * Cases grouped by image (see {@link imageKey}), groups in order of first appearance: the cases of one image (e.g. its tumour and
 * node regions) are extracted together, reading the image once.
 *
 * @example
 * groupByImage([{ image: "a", region: "tumour" }, { image: "b", region: "tumour" }, { image: "a", region: "aln" }]);
 * // [[a/tumour, a/aln], [b/tumour]]
 */
export function groupByImage<T extends Pick<ImagingCase, "image" | "series">>(cases: T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const c of cases) {
    const group = groups.get(imageKey(c));
    if (group) group.push(c);
    else groups.set(imageKey(c), [c]);
  }
  return Array.from(groups.values());
}

/**
 * The cases of shard k/n: every n-th image group of the manifest ({@link groupByImage}), starting at group k
 * (round robin, so shards of a cohort sorted by patient get similar mixes of sequences and image sizes, and the
 * regions of one image never land in two shards). Cases keep their manifest order.
 *
 * @example
 * shardCases(cases, { k: 2, n: 2 }); // the cases of the 2nd, 4th, 6th, ... image
 */
export function shardCases<T extends Pick<ImagingCase, "image" | "series">>(cases: T[], shard: Shard | undefined): T[] {
  if (!shard) return cases.slice();
  const selected = new Set(groupByImage(cases).filter((_g, i) => i % shard.n === shard.k - 1).map((g) => imageKey(g[0])));
  return cases.filter((c) => selected.has(imageKey(c)));
}
