/**
 * CIBERSORT on an LM22-sized problem (547 genes x 22 cell types), simulated: time per mixture (three
 * nu-SVR fits), time per permutation, recovery of the true fractions, and the permutation p-value on
 * mixtures made from the signature and on null mixtures unrelated to it.
 * Env: CIBERSORT_BENCH_MIXTURES (default 20), CIBERSORT_BENCH_PERMUTATIONS (default 100).
 */
import { loadLibsvm } from "../src/models/libsvm";
import { correlation } from "../src/stats";
import { cibersort } from "../src/tme/cibersort";
import { NamedMatrix } from "../src/tme/matrix";
import { createRng } from "../src/util/random";

const nGenes = 547, nCells = 22;
const nMix = Number(process.env.CIBERSORT_BENCH_MIXTURES ?? 20);
const nPerm = Number(process.env.CIBERSORT_BENCH_PERMUTATIONS ?? 100);
const rng = createRng(2015);
const genes = Array.from({ length: nGenes }, (_, i) => `g${i}`);
const cells = Array.from({ length: nCells }, (_, j) => `cell${j}`);
// log-normal expression, each gene a marker (x16) of one cell type, as in a curated signature matrix
const sig = genes.map((_, i) => cells.map((_, j) => 2 ** (3 + 1.5 * rng.normal()) * (i % nCells === j ? 16 : 1)));
const truth = Array.from({ length: nMix }, () => {
  const f = cells.map(() => (rng.next() < 0.4 ? 0 : -Math.log(1 - rng.next())));
  const s = f.reduce((a, b) => a + b, 0);
  return f.map((v) => v / s);
});
const mix = genes.map((_, i) => truth.map((f) => f.reduce((a, v, j) => a + v * sig[i][j], 0) * 2 ** (0.3 * rng.normal())));
const nullMix = genes.map(() => truth.map(() => 2 ** (3 + 1.5 * rng.normal())));
const signature: NamedMatrix = { rows: genes, columns: cells, values: sig };
const mixCols = truth.map((_, k) => `m${k}`);

const libsvm = await loadLibsvm();
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let t = performance.now();
let c = cpuMs();
const noPerm = cibersort(libsvm, signature, { rows: genes, columns: mixCols, values: mix }, { permutations: 0 });
const perMixture = (performance.now() - t) / nMix;
const cpuPerMixture = (cpuMs() - c) / nMix;
t = performance.now();
c = cpuMs();
const real = cibersort(libsvm, signature, { rows: genes, columns: mixCols, values: mix }, { permutations: nPerm, seed: 1 });
const perPermutation = (performance.now() - t - perMixture * nMix) / nPerm;
const cpuPerPermutation = (cpuMs() - c - cpuPerMixture * nMix) / nPerm;
const nullRes = cibersort(libsvm, signature, { rows: genes, columns: mixCols, values: nullMix }, { permutations: nPerm, seed: 2 });

const rPerCell = cells.map((_, j) => correlation(noPerm.samples.map((s) => s.fractions[j]), truth.map((f) => f[j])));
const pNull = nullRes.samples.map((s) => s.pValue).sort((a, b) => a - b);
const ks = Math.max(...pNull.map((v, i) => Math.max((i + 1) / pNull.length - v, v - i / pNull.length)));
const fmt = (x: number, d = 3) => x.toFixed(d);

console.log(`${nGenes} genes x ${nCells} cell types, ${nMix} mixtures, ${nPerm} permutations (libsvm-js wasm, one thread)\n`);
console.log("| measure | value |");
console.log("|---|---|");
console.log(`| wall / CPU time per mixture (3 nu-SVR fits) | ${fmt(perMixture, 0)} / ${fmt(cpuPerMixture, 0)} ms |`);
console.log(`| wall / CPU time per permutation | ${fmt(perPermutation, 0)} / ${fmt(cpuPerPermutation, 0)} ms |`);
console.log(`| CPU time, 1,000 permutations + 91 mixtures | ${fmt((1000 * cpuPerPermutation + 91 * cpuPerMixture) / 1000, 0)} s |`);
console.log(`| recovery r per cell type: min / median | ${fmt(Math.min(...rPerCell))} / ${fmt(rPerCell.slice().sort((a, b) => a - b)[nCells >> 1])} |`);
console.log(`| p-value, simulated mixtures: max | ${fmt(Math.max(...real.samples.map((s) => s.pValue)))} |`);
console.log(`| p-value, null mixtures: mean / KS distance to U(0,1) | ${fmt(pNull.reduce((a, b) => a + b, 0) / pNull.length)} / ${fmt(ks)} |`);
console.log(`| nu chosen (0.25 / 0.5 / 0.75) | ${[0.25, 0.5, 0.75].map((nu) => noPerm.samples.filter((s) => s.nu === nu).length).join(" / ")} |`);
