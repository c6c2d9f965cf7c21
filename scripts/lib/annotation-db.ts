/**
 * Helpers shared by the gene-set build scripts (build-go-gmt.ts, build-pathway-gmt.ts): read-only queries of
 * Bioconductor's SQLite annotation databases through the `sqlite3` command-line tool, and the provenance
 * fields (Debian package version, SHA-256) that each BUILD.json records.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { formatGmt, type GeneSet } from "../../src/tme/gmt";

/** Rows of a query as arrays of tab-separated cells (read-only database). */
export function sqlite(db: string, query: string): string[][] {
  const out = execFileSync("sqlite3", ["-readonly", "-batch", "-separator", "\t", db, query], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  return out
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l.split("\t"));
}

/** The database's `metadata` table (source dates, URLs) as an object. */
export function metadata(db: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of sqlite(db, "SELECT name, value FROM metadata")) out[name] = value;
  return out;
}

/** Installed Debian version of a package, or a note that dpkg does not know it. */
export function packageVersion(pkg: string): string {
  try {
    return execFileSync("dpkg-query", ["-W", "-f=${Version}", pkg], { encoding: "utf8" }).trim();
  } catch {
    return "unknown (not installed through dpkg)";
  }
}

export const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export const sha256 = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

/** Value of `--name value` on the command line, or `fallback`. */
export function argValue(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/** Throws naming the package to install when an input database is missing. */
export function requireDatabase(what: string, path: string, script: string): void {
  if (!existsSync(path)) throw new Error(`${script}: ${what} database not found at ${path} (apt-get install r-bioc-org.hs.eg.db r-bioc-go.db sqlite3)`);
}

export const ORG_HS_EG_DB = "/usr/lib/R/site-library/org.Hs.eg.db/extdata/org.Hs.eg.sqlite";

/**
 * Writes `sets` as a gzipped GMT (level 9, no time stamp: the same sets give the same bytes) and returns what
 * BUILD.json records about it; `countName` names the set count ("terms" for GO, "sets" for pathways).
 */
export function writeGmtGz(outDir: string, file: string, sets: GeneSet[], countName: "terms" | "sets"): Record<string, number | string> {
  const text = formatGmt(sets);
  const gz = gzipSync(Buffer.from(text, "utf8"), { level: 9 });
  writeFileSync(join(outDir, file), gz);
  console.log(`${file}: ${sets.length} ${countName}, ${gz.length} bytes gzipped`);
  return {
    [countName]: sets.length,
    genes: new Set(sets.flatMap((s) => s.genes)).size,
    annotations: sets.reduce((a, s) => a + s.genes.length, 0),
    gmtSha256: sha256(text),
    gmtBytes: Buffer.byteLength(text),
    gzSha256: sha256(gz),
    gzBytes: gz.length,
  };
}
