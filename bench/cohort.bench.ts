/**
 * Cohort throughput: `extractCohort` (the engine behind `alnm extract-cohort`) on a generated synthetic cohort
 * (NRRD images, 3 sequences x 2 regions per patient, Original + Wavelet, all feature classes, 2 worker threads),
 * projected to the paper's 6,528 extractions (1,088 patients x 3 sequences x 2 regions) on this 2-core machine.
 * Target: under 10 minutes.
 *
 * A run has a fixed cost (starting the worker threads, which compile the TypeScript engine) and a cost per case.
 * Two runs of different sizes (1 patient, then `patients`) separate them: per case = the difference of the two
 * runs over the difference of their case counts; the projection is the small run plus 6,522 more cases. Both
 * wall time and CPU time (all threads: what 2 otherwise idle cores would need; this machine is shared, so wall
 * time varies with load) are projected. Also the process's peak RSS (main thread + workers).
 * `npm run bench -- cohort` (12 patients = 72 cases); `npx tsx bench/cohort.bench.ts <patients>` for another size.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { loadManifest } from "../src/manifest/load";
import { extractCohort } from "../src/radiomics/batch/runner";
import { writeSyntheticCohort } from "../src/radiomics/batch/synthetic";

const PAPER_EXTRACTIONS = 6528;
const patients = Number(process.argv[2] ?? 12);
const size: [number, number, number] = [256, 256, 40];
const root = mkdtempSync(join(tmpdir(), "alnm-cohort-bench-"));
const quiet = new Writable({ write: (_chunk, _enc, done) => done() }) as unknown as NodeJS.WriteStream;

/** Extracts a freshly generated cohort of `n` patients; wall and CPU seconds of the extraction alone. */
async function run(n: number, name: string): Promise<{ cases: number; failed: number; wall: number; cpu: number }> {
  const manifestFile = writeSyntheticCohort({ dir: join(root, name), patients: n, size, tumourRadii: [12, 10, 6] });
  const manifest = loadManifest(manifestFile, { verify: false });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const summary = await extractCohort({ manifest, outDir: join(root, `${name}-out`), workers: 2, progressStream: quiet });
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(cpu0);
  return { cases: summary.extracted, failed: summary.failed, wall, cpu: (c.user + c.system) / 1e6 };
}

try {
  const load = loadavg()[0];
  const small = await run(1, "small");
  const big = await run(patients, "big");
  const extra = big.cases - small.cases;
  const perCaseWall = (big.wall - small.wall) / extra;
  const perCaseCpu = (big.cpu - small.cpu) / extra;
  const projectedWallMin = (small.wall + perCaseWall * (PAPER_EXTRACTIONS - small.cases)) / 60;
  const projectedCpuMin = (small.cpu + perCaseCpu * (PAPER_EXTRACTIONS - small.cases)) / 2 / 60;
  console.log(`Synthetic cohort: images ${size.join(" x ")} int16, tumour ~3,000 and node ~200 ROI voxels; runs of 1 and ${patients} patients.`);
  console.log(`Load average before the runs: ${load.toFixed(1)} (2 cores, shared machine).\n`);
  console.log("| run | cases | failed | wall s | CPU s |");
  console.log("|---|---|---|---|---|");
  for (const [name, r] of [["1 patient", small], [`${patients} patients`, big]] as const) {
    console.log(`| ${name} | ${r.cases} | ${r.failed} | ${r.wall.toFixed(1)} | ${r.cpu.toFixed(1)} |`);
  }
  console.log("");
  console.log("| per case: wall s (2 workers) | per case: CPU s | 6,528 extractions, from wall time | from CPU time on 2 cores | target | peak RSS MB |");
  console.log("|---|---|---|---|---|---|");
  console.log(
    `| ${perCaseWall.toFixed(3)} | ${perCaseCpu.toFixed(3)} | ${projectedWallMin.toFixed(1)} min | ${projectedCpuMin.toFixed(1)} min | < 10 min | ` +
      `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} |`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
