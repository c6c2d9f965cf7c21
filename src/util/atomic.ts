import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Writes a file so that readers never see a partial one: the bytes go to a temporary sibling that is
 * renamed over the target (rename is atomic within a file system). A failed write leaves no temporary.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Date.now().toString(36)}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new Error(`cannot write ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** JSON as the project writes it: two-space indent, trailing newline, non-finite numbers as null. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2) + "\n";
}
