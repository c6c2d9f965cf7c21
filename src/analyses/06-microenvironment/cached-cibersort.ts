/**
 * CIBERSORT with its result kept in the cache (`.cache/cibersort/<key>.json`), computed by cibersortOnWorkers
 * (the code path of `alnm cibersort`) on `workers` threads: 1,000 permutations on the synthetic set take about a
 * minute with the exact solver (3 minutes of CPU with libsvm's), while notebooks are re-run often.
 * The key is the SHA-256 of the inputs, the options and the source of the algorithm (ALGORITHM_SOURCES), so any
 * change recomputes; the number of workers is not in it, as it does not change the result; a cached result is the
 * computed one, number for number (JSON keeps every double exactly; NaN is stored as null and restored).
 *
 * @example
 * const { result, cached } = await cachedCibersort(signature, mixtures, { permutations: 20, seed: 2021 });
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { CibersortOptions, CibersortResult } from "../../tme/cibersort";
import { cibersortOnWorkers } from "../../tme/cibersort-workers";
import type { NamedMatrix } from "../../tme/matrix";
import { writeFileAtomic } from "../../util/atomic";
import { cachePath } from "../../util/cache";
import { repoPath } from "../../util/paths";

const ALGORITHM_SOURCES = ["src/tme/cibersort.ts", "src/tme/cibersort-workers.ts", "src/tme/cibersort-worker.ts", "src/models/nu-svr.ts", "src/models/nu-svr-ipm.ts", "src/stats/linear-algebra.ts", "src/models/libsvm.ts", "src/tme/quantile-normalize.ts"];

function cacheKey(signature: NamedMatrix, mixtures: NamedMatrix, options: CibersortOptions): string {
  const h = createHash("sha256");
  for (const f of ALGORITHM_SOURCES) h.update(readFileSync(repoPath(f)));
  h.update(JSON.stringify([signature, mixtures, options]));
  return h.digest("hex").slice(0, 24);
}

const nanToNull = (_: string, v: unknown) => (typeof v === "number" && Number.isNaN(v) ? null : v);
const nullToNaN = (_: string, v: unknown) => (v === null ? NaN : v);

export async function cachedCibersort(
  signature: NamedMatrix,
  mixtures: NamedMatrix,
  options: CibersortOptions = {},
  workers = availableParallelism(),
): Promise<{ result: CibersortResult; cached: boolean; file: string }> {
  const file = cachePath("cibersort", `${cacheKey(signature, mixtures, options)}.json`);
  if (existsSync(file)) {
    try {
      return { result: JSON.parse(readFileSync(file, "utf8"), nullToNaN) as CibersortResult, cached: true, file };
    } catch (err) {
      throw new Error(`${file}: unreadable cached CIBERSORT result (${(err as Error).message}); delete it to recompute`);
    }
  }
  const result = await cibersortOnWorkers(signature, mixtures, { ...options, workers });
  writeFileAtomic(file, JSON.stringify(result, nanToNull));
  return { result, cached: false, file };
}
