/**
 * Whole-process cost of `alnm`: the compiled CLI (`node bin/alnm.mjs`, dist/) beside the same sources run through
 * tsx (`node --import tsx/esm src/cli/main.ts`, which transpiles at every start, as bin/alnm.mjs did before dist/),
 * side by side in one run: `alnm --help`; `alnm extract` (Original image type, every feature class, binWidth
 * 25) on the bench volume (160 x 160 x 48); the same with PyRadiomics' exampleMR_NoResampling.yaml unmodified
 * (normalize, preCrop, force2D; Original, LoG sigma 1, 3, 5 mm, Wavelet: 702 features) and with every filtered image
 * type (test/fixtures/filters/params-all.yaml: LoG, Square, SquareRoot, Logarithm, Exponential, Gradient, LBP2D, LBP3D). Wall time from spawn to exit, median of RUNS runs of each, the two
 * forms alternating run by run so that the shared machine's load falls on both alike. Target: --help <= 0.15 s.
 * Needs a current dist/ (`npm run build`).
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

const RUNS = Number(process.argv[2] ?? 7);
const COMPILED = [resolve("bin/alnm.mjs")];
const SOURCES = ["--import", "tsx/esm", resolve("src/cli/main.ts")];
const CASES: [string, string[]][] = [
  ["alnm --help", ["--help"]],
  ["alnm extract bench (Original)", ["extract", "data/bench/bench_image.nrrd", "data/bench/bench_label.nrrd", "--setting", "binWidth=25"]],
  ["alnm extract bench (exampleMR_NoResampling.yaml)", ["extract", "data/bench/bench_image.nrrd", "data/bench/bench_label.nrrd", "--params", "data/pyradiomics/exampleSettings/exampleMR_NoResampling.yaml"]],
  ["alnm extract bench (every filtered image type)", ["extract", "data/bench/bench_image.nrrd", "data/bench/bench_label.nrrd", "--params", "test/fixtures/filters/params-all.yaml"]],
];

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Seconds from spawn to exit of `node <args>`; fails loudly if the command fails. */
function timeRun(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return seconds;
}

console.log(`| command | compiled (bin/alnm.mjs) s, median of ${RUNS} | tsx (src/cli/main.ts) s, median of ${RUNS} | tsx / compiled |`);
console.log("|---|---|---|---|");
for (const [label, args] of CASES) {
  const compiled: number[] = [];
  const sources: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    compiled.push(timeRun([...COMPILED, ...args]));
    sources.push(timeRun([...SOURCES, ...args]));
  }
  const [c, s] = [median(compiled), median(sources)];
  console.log(`| ${label} | ${c.toFixed(3)} | ${s.toFixed(3)} | ${(s / c).toFixed(1)} |`);
}
