/**
 * SHA-256 of data files, streamed in 1 MiB chunks (never the whole file in memory), with a persistent cache
 * of verified hashes keyed by (absolute path, size, mtime) so that re-validating thousands of unchanged
 * image files costs one `stat` each.
 *
 * @example
 * const hasher = new Sha256Cache();          // cache file under the project cache root
 * hasher.hash("/abs/data/clinical.csv");     // "3f0a..." (64 hex digits)
 * hasher.save();                             // persist new entries (atomic write)
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { writeFileAtomic } from "../util/atomic";
import { cachePath } from "../util/cache";

const CHUNK = 1 << 20;

/**
 * SHA-256 (FIPS 180-4) of a file's bytes, read in 1 MiB chunks.
 *
 * @example
 * sha256File("/abs/path/image.nrrd"); // "9b1c..."
 */
export function sha256File(path: string): string {
  const hash = createHash("sha256");
  const buffer = Buffer.allocUnsafe(CHUNK);
  const fd = openSync(path, "r");
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}

/**
 * Digest of a folder (a DICOM series): SHA-256 of the lines `<name>\t<sha256 of file>\n` over its regular
 * files sorted by name (sub-folders are not descended), so renaming, adding or changing a slice changes it.
 *
 * @example
 * sha256Directory("/abs/dicom/series1"); // "c2d4..."
 */
export function sha256Directory(path: string, fileHash: (file: string) => string = sha256File): string {
  const names = readdirSync(path, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
  const hash = createHash("sha256");
  for (const name of names) hash.update(`${name}\t${fileHash(join(path, name))}\n`);
  return hash.digest("hex");
}

interface CacheEntry {
  size: number;
  mtimeMs: number;
  sha256: string;
}

/** Hashes files, reusing earlier results while a file's size and modification time are unchanged. */
export class Sha256Cache {
  private entries: Record<string, CacheEntry> = {};
  private dirty = false;

  /** @param file JSON file holding the cache; `null` keeps it in memory only. */
  constructor(private readonly file: string | null = cachePath("sha256-verified.json")) {
    if (!file) return;
    try {
      const parsed = JSON.parse(readFileSync(file, "utf8"));
      if (parsed && typeof parsed === "object") this.entries = parsed;
    } catch {
      // No cache yet, or an unreadable one: start empty (it is only an accelerator).
    }
  }

  /** SHA-256 of a file or (see sha256Directory) a folder at an absolute path. */
  hash(path: string): string {
    const st = statSync(path);
    if (st.isDirectory()) return sha256Directory(path, (f) => this.hash(f));
    const hit = this.entries[path];
    if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs) return hit.sha256;
    const sha256 = sha256File(path);
    this.entries[path] = { size: st.size, mtimeMs: st.mtimeMs, sha256 };
    this.dirty = true;
    return sha256;
  }

  /** Records a hash just computed elsewhere (e.g. by a worker thread that read the file anyway) for `path` as it is now. */
  remember(path: string, sha256: string): void {
    const st = statSync(path);
    this.entries[path] = { size: st.size, mtimeMs: st.mtimeMs, sha256 };
    this.dirty = true;
  }

  /** Writes new entries to the cache file (atomically); a no-op when nothing changed. */
  save(): void {
    if (!this.file || !this.dirty) return;
    writeFileAtomic(this.file, JSON.stringify(this.entries));
    this.dirty = false;
  }
}
