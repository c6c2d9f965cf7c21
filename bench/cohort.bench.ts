/**
 * Cohort throughput: `extractCohort` (the engine behind `alnm extract-cohort`) on a generated synthetic cohort
 * (NRRD images, 3 sequences x 2 regions per patient, Original + Wavelet, all feature classes, 2 worker threads),
 * projected to the paper's 6,528 extractions (1,088 patients x 3 sequences x 2 regions) on this 2-core machine.
 * Target: under 10 minutes. Two projections: from the measured wall time, and from the CPU time the run used
 * (all threads: what 2 otherwise idle cores would need; this machine is shared, so wall time varies with load).
 * Also the process's peak RSS (main thread + workers).
 * `npm run bench -- cohort [patients]` (default 4 patients = 24 cases).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { loadManifest } from "../src/manifest/load";
import { extractCohort } from "../src/radiomics/batch/runner";
import { writeSyntheticCohort } from "../src/radiomics/batch/synthetic";

const PAPER_EXTRACTIONS = 6528;
const patients = Number(process.argv[2] ?? 4);
const size: [number, number, number] = [256, 256, 40];
const root = mkdtempSync(join(tmpdir(), "alnm-cohort-bench-"));
try {
  const manifestFile = writeSyntheticCohort({ dir: join(root, "cohort"), patients, size, tumourRadii: [12, 10, 6] });
  const manifest = loadManifest(manifestFile, { verify: false });
  const quiet = new Writable({ write: (_chunk, _enc, done) => done() }) as unknown as NodeJS.WriteStream;
  const load = loadavg()[0];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const summary = await extractCohort({ manifest, outDir: join(root, "out"), workers: 2, progressStream: quiet });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const cpuPerCase = cpuSeconds / summary.extracted;
  const projectedCpuMin = (PAPER_EXTRACTIONS * cpuPerCase) / 2 / 60;
  const rate = summary.extracted / seconds;
  const projectedMin = PAPER_EXTRACTIONS / rate / 60;
  console.log(`Synthetic cohort: ${patients} patients, ${summary.cases} cases, images ${size.join(" x ")} int16, tumour ~3,000 and node ~200 ROI voxels.`);
  console.log(`Load average before the run: ${load.toFixed(1)} (2 cores, shared machine).\n`);
  console.log("| cases | failed | wall s | cases / s | CPU s / case | 6,528 extractions, from wall time | from CPU time on 2 cores | target | peak RSS MB |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  console.log(
    `| ${summary.extracted} | ${summary.failed} | ${seconds.toFixed(1)} | ${rate.toFixed(2)} | ${cpuPerCase.toFixed(2)} | ${projectedMin.toFixed(1)} min | ` +
      `${projectedCpuMin.toFixed(1)} min | < 10 min | ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} |`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
