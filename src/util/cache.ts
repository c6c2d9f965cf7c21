import { join } from "node:path";
import { repoPath } from "./paths";

/**
 * Root of the on-disk cache (generated cohort, extracted features, verified checksums): `.cache/` in the
 * repository unless ALNM_CACHE points elsewhere (the determinism check runs with fresh caches).
 *
 * @example
 * cachePath("synthetic", "v1-2021"); // <repo>/.cache/synthetic/v1-2021
 */
export function cachePath(...parts: string[]): string {
  return join(process.env.ALNM_CACHE ?? repoPath(".cache"), ...parts);
}
