/**
 * SVM speed: RBF C-classification (e1071 defaults) on an 803 x 180 matrix with and without Platt
 * probabilities, beside e1071's 0.78 s with probabilities on 803 x 180 on this machine kind
 * (data/REFERENCE-README.md, section r/). Synthetic data (seed 42): standard normal features, class 1
 * more likely when the first 10 features are large. Median of 3 repetitions.
 */
import { cpus, loadavg } from "node:os";
import { SvmClassifier } from "../src/models/svm";
import { createRng } from "../src/util/random";

const R_SECONDS_PROBABILITY = 0.78;
const N = 803, P = 180, REPS = 3;

const rng = createRng(42);
const X: number[][] = [];
const y: number[] = [];
for (let i = 0; i < N; i++) {
  const row = Array.from({ length: P }, () => rng.normal());
  const eta = row.slice(0, 10).reduce((s, v) => s + 0.5 * v, 0);
  X.push(row);
  y.push(rng.next() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
}

/** Median wall-clock and CPU seconds of REPS runs (CPU time stays meaningful when other processes share the cores). */
async function median(run: () => Promise<unknown> | unknown): Promise<{ wall: number; cpu: number }> {
  const runs: { wall: number; cpu: number }[] = [];
  for (let r = 0; r < REPS; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await run();
    const cpu = process.cpuUsage(cpu0);
    runs.push({ wall: Number(process.hrtime.bigint() - t0) / 1e9, cpu: (cpu.user + cpu.system) / 1e6 });
  }
  return runs.sort((x, z) => x.wall - z.wall)[Math.floor(REPS / 2)];
}

await new SvmClassifier({ probability: false }).fit(X.slice(0, 50), y.slice(0, 50)); // load the wasm module once
const withProb = await median(() => new SvmClassifier({ seed: 1 }).fit(X, y));
const withoutProb = await median(() => new SvmClassifier({ probability: false }).fit(X, y));
const model = await new SvmClassifier({ seed: 1 }).fit(X, y);
const predict = await median(() => model.predictProbability(X));

const cell = (t: { wall: number; cpu: number }) => `${t.wall.toFixed(3)} | ${t.cpu.toFixed(3)}`;
console.log(`| step (${N} x ${P}) | wall seconds (median of ${REPS}) | CPU seconds | e1071 |`);
console.log("|---|---|---|---|");
console.log(`| fit, probability = TRUE | ${cell(withProb)} | ${R_SECONDS_PROBABILITY.toFixed(2)} |`);
console.log(`| fit, probability = FALSE | ${cell(withoutProb)} | |`);
console.log(`| predictProbability, ${N} rows (${model.toJSON().supportVectors.length} SVs) | ${cell(predict)} | |`);
console.log(`\nMachine: ${cpus().length} cores, 1-minute load average ${loadavg()[0].toFixed(1)} at the end (other processes share the cores).`);
