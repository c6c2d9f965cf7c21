import { isAbsolute, join, resolve } from "node:path";
import { repoPath, repoRoot } from "./paths";

/**
 * Root of the on-disk cache (generated cohort, extracted features, verified checksums): `.cache/` in the
 * repository unless ALNM_CACHE points elsewhere (the determinism check runs with fresh caches).
 *
 * @example
 * cachePath("synthetic", "v1-2021"); // <repo>/.cache/synthetic/v1-2021
 */
export function cachePath(...parts: string[]): string {
  // A relative ALNM_CACHE is taken from the repository, whatever folder the process (a kernel) runs in.
  const cache = process.env.ALNM_CACHE;
  return join(cache ? (isAbsolute(cache) ? cache : resolve(repoRoot(), cache)) : repoPath(".cache"), ...parts);
}
