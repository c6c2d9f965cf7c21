/**
 * Voxel-based extraction speed and memory (issue 20's target: at most 30 s on 2 cores): feature maps of first
 * order and every texture class (GLCM, GLRLM, GLSZM, GLDM, NGTDM; 93 maps; binWidth 25, kernelRadius 1, masked
 * kernel) on the bench ROI (14,863 voxels, data/bench/bench_image.nrrd + bench_label.nrrd).
 *
 * Rows: `extractVoxelMaps` from the sources on 1 and 2 worker threads, each in a fresh process (reading excluded;
 * wall and process CPU time, peak resident memory of the whole process, worker threads included); then the
 * compiled CLI, `alnm extract --voxel-based --workers 2` (dist/; run `npm run build` first), as a whole process:
 * start-up, reading, extraction and writing the 93 compressed NRRD maps. Each row is the median of 3 runs.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readImage } from "../src/radiomics/image";
import { paramsFromObject } from "../src/radiomics/settings";
import { extractVoxelMaps } from "../src/radiomics/voxel";

const RUNS = 3;
const IMAGE = "data/bench/bench_image.nrrd";
const MASK = "data/bench/bench_label.nrrd";
const CLASSES = { firstorder: null, glcm: null, glrlm: null, glszm: null, gldm: null, ngtdm: null };

interface Measured {
  wallS: number;
  cpuS: number;
  peakMb: number;
  maps: number;
}

/** Child mode: one extraction on `workers` threads, reported as JSON on stdout. */
async function child(workers: number): Promise<void> {
  const [image, mask] = await Promise.all([readImage(IMAGE), readImage(MASK)]);
  const params = paramsFromObject({ setting: { binWidth: 25 }, featureClass: CLASSES, voxelSetting: { kernelRadius: 1 } });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const { maps } = await extractVoxelMaps(image, mask, params, undefined, { workers });
  const wallS = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const result: Measured = { wallS, cpuS: (c.user + c.system) / 1e6, peakMb: process.resourceUsage().maxRSS / 1024, maps: maps.size };
  console.log(JSON.stringify(result));
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Runs the library extraction in a fresh process. */
function library(workers: number): Measured {
  const r = spawnSync(process.execPath, ["--import", "tsx/esm", fileURLToPath(import.meta.url), "--child", String(workers)], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`voxel bench child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Measured;
}

/** Runs the compiled CLI as a whole process under /usr/bin/time (wall time and peak memory). */
function cli(): Measured {
  const out = mkdtempSync(join(tmpdir(), "alnm-voxel-bench-"));
  const args = ["-f", "%e %U %S %M", process.execPath, "bin/alnm.mjs", "extract", IMAGE, MASK, "--voxel-based", "--setting", "binWidth=25", "--workers", "2", "--out", out];
  const r = spawnSync("/usr/bin/time", args, { encoding: "utf8" });
  rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`alnm extract --voxel-based failed (is dist/ built? is /usr/bin/time installed?): ${r.stderr}`);
  const [wall, user, sys, kb] = r.stderr.trim().split("\n").pop()!.split(" ").map(Number);
  return { wallS: wall, cpuS: user + sys, peakMb: kb / 1024, maps: 93 };
}

function row(label: string, runs: Measured[]): void {
  const m = (f: (r: Measured) => number) => median(runs.map(f));
  console.log(`| ${label} | ${runs[0].maps} | ${m((r) => r.wallS).toFixed(1)} | ${m((r) => r.cpuS).toFixed(1)} | ${m((r) => r.peakMb).toFixed(0)} |`);
}

if (process.argv[2] === "--child") {
  await child(Number(process.argv[3]));
} else {
  console.log("| run (bench ROI, 14,863 voxels, kernelRadius 1) | maps | wall s (median) | CPU s | peak memory MB |");
  console.log("|---|---|---|---|---|");
  for (const workers of [1, 2]) row(`extractVoxelMaps, ${workers} worker thread${workers > 1 ? "s" : " (in process)"}`, Array.from({ length: RUNS }, () => library(workers)));
  row("alnm extract --voxel-based --workers 2 (whole process, writing maps)", Array.from({ length: RUNS }, cli));
}
