/**
 * Whole-process cost of `alnm`: the compiled CLI (`node bin/alnm.mjs`, the bundle in dist/cli-bundle/) beside the
 * same sources run through tsx (`node --import tsx/esm src/cli/main.ts`, which transpiles at every start, as
 * bin/alnm.mjs did before dist/), side by side in one run: `alnm --help`; `alnm extract` on the bench volume
 * (160 x 160 x 48): Original only (every feature class, binWidth 25), Original + Wavelet (params/paper.yaml, the
 * paper's 851 features), PyRadiomics' exampleMR_NoResampling.yaml unmodified (normalize, preCrop, force2D; Original,
 * LoG sigma 1, 3, 5 mm, Wavelet: 702 features) and every filtered image type (test/fixtures/filters/params-all.yaml:
 * LoG, Square, SquareRoot, Logarithm, Exponential, Gradient, LBP2D, LBP3D); and Original + Wavelet on bench_big (the
 * bench ROI in a 512 x 512 x 96 volume). Wall time from spawn to exit and the compiled run's peak memory (maximum
 * resident set, GNU time), median of RUNS runs of each, the two forms alternating run by run so that the shared
 * machine's load falls on both alike.
 * Targets (issue 17): --help <= 0.15 s; extract Original + Wavelet on bench <= 0.30 s (PyRadiomics 3.x, whole
 * process, 1.5-1.7 s on this machine kind); bench_big <= 0.8 s and 700 MB.
 * Needs a current dist/ (`npm run build`).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";

const RUNS = Number(process.argv[2] ?? 7);
const COMPILED = [resolve("bin/alnm.mjs")];
const SOURCES = ["--import", "tsx/esm", resolve("src/cli/main.ts")];
const CASES: [string, string[]][] = [
  ["alnm --help", ["--help"]],
  ["alnm extract bench (Original)", ["extract", "data/bench/bench_image.nrrd", "data/bench/bench_label.nrrd", "--setting", "binWidth=25"]],
  ["alnm extract bench (Original + Wavelet, params/paper.yaml)", ["extract", "data/bench/bench_image.nrrd", "data/bench/bench_label.nrrd", "--params", "params/paper.yaml"]],
  ["alnm extract bench (exampleMR_NoResampling.yaml)", ["extract", "data/bench/bench_image.nrrd", "data/bench/bench_label.nrrd", "--params", "data/pyradiomics/exampleSettings/exampleMR_NoResampling.yaml"]],
  ["alnm extract bench (every filtered image type)", ["extract", "data/bench/bench_image.nrrd", "data/bench/bench_label.nrrd", "--params", "test/fixtures/filters/params-all.yaml"]],
  ["alnm extract bench_big (Original + Wavelet, params/paper.yaml)", ["extract", "data/bench/bench_big_image.nrrd", "data/bench/bench_big_label.nrrd", "--params", "params/paper.yaml"]],
];

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** GNU time, for the peak memory (Debian package `time`); without it the memory column says NaN. */
const GNU_TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

/** Seconds from spawn to exit of `node <args>` and its peak resident memory in MB; fails loudly if it fails. */
function timeRun(args: string[]): { seconds: number; peakMb: number } {
  const t0 = performance.now();
  const env = { ...process.env, NODE_OPTIONS: "" };
  const r = GNU_TIME
    ? spawnSync(GNU_TIME, ["-f", "%M", process.execPath, ...args], { encoding: "utf8", env })
    : spawnSync(process.execPath, args, { encoding: "utf8", env });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  const lines = r.stderr.trim().split("\n");
  return { seconds, peakMb: GNU_TIME ? Number(lines[lines.length - 1]) / 1024 : NaN };
}

console.log(`| command | compiled (bin/alnm.mjs) s, median of ${RUNS} | tsx (src/cli/main.ts) s, median of ${RUNS} | tsx / compiled | compiled peak MB |`);
console.log("|---|---|---|---|---|");
for (const [label, args] of CASES) {
  const compiled: { seconds: number; peakMb: number }[] = [];
  const sources: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    compiled.push(timeRun([...COMPILED, ...args]));
    sources.push(timeRun([...SOURCES, ...args]).seconds);
  }
  const [c, s] = [median(compiled.map((r) => r.seconds)), median(sources)];
  console.log(`| ${label} | ${c.toFixed(3)} | ${s.toFixed(3)} | ${(s / c).toFixed(1)} | ${median(compiled.map((r) => r.peakMb)).toFixed(0)} |`);
}
