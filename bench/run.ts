/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process (so one benchmark's heap and JIT state
 * cannot colour another's) and prints their reports. A bench file prints its own table to stdout.
 * `npm run bench -- <substring>` runs only the files whose names contain it.
 *
 * Bench processes run the TypeScript sources under tsx's ESM loader only (`--import tsx/esm`), as worker threads
 * started from the sources do (batch/pool.ts); cli.bench.ts times the compiled `alnm` (dist/) against it.
 * tsx's CommonJS hooks, which `--import tsx` adds, made the same extraction code 15-20 % slower on this machine
 * kind (bench volume, original + wavelet: 98 vs 82 ms, best of 30, one bundle run with and without
 * `--require tsx/cjs`), so a bench under them would not measure what the sources' workers run.
 */
import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? "";
const files = readdirSync(here).filter((f) => f.endsWith(".bench.ts") && f.includes(filter)).sort();
let failed = 0;
for (const file of files) {
  console.log(`\n## ${file}`);
  const r = spawnSync(process.execPath, ["--import", "tsx/esm", "--expose-gc", join(here, file)], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
