/**
 * CIBERSORT on an LM22-shaped problem, simulated (LM22 itself cannot be shipped): 547 genes x 22 cell types in
 * six lineages (cell types of a lineage share most of their profile, as LM22's T-cell or myeloid subsets do),
 * each gene a marker (x16) of one cell type, log2 expression spread as a microarray's, and 5 mixtures made from
 * the signature with little noise (5 % log-normal), as CIBERSORT's example mixtures are. Little noise makes the
 * nu-SVR problem hard for libsvm's SMO solver (millions of iterations on a rank-22 kernel), as LM22 is; the
 * simulated problem is still about 10x lighter than LM22 with CIBERSORT's example mixtures (there libsvm-js took
 * about 50 s of CPU per mixture; here about 3 s).
 *
 * Side by side, whole process, median of CIBERSORT_BENCH_REPEATS (default 3) runs, no permutations:
 *  - R 4.2 + e1071 (test/tme/fixtures/cibersort-core.R: CIBERSORT.R 1.03's core, nu values one after another);
 *  - `alnm cibersort` (compiled CLI), solver exact (the default: interior point, the optimum) and libsvm
 *    (CIBERSORT's stopping point), on 1 and 2 worker threads;
 * then the agreement of the fractions with R's (tolerance 0.001 and 1e-10), and permutations on 2 workers:
 * CIBERSORT_BENCH_PERMUTATIONS (default 1000) with the exact solver, CIBERSORT_BENCH_LIBSVM_PERMUTATIONS
 * (default 20, scaled to 1,000) with libsvm. CPU: the child processes' user + system seconds (bash `times`).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng } from "../src/util/random";
import { repoPath } from "../src/util/paths";

const nGenes = 547, nCells = 22, nMix = 5;
const repeats = Number(process.env.CIBERSORT_BENCH_REPEATS ?? 3);
const nPerm = Number(process.env.CIBERSORT_BENCH_PERMUTATIONS ?? 1000);
const nPermLibsvm = Number(process.env.CIBERSORT_BENCH_LIBSVM_PERMUTATIONS ?? 20);
/** Lineage of each of the 22 cell types (B, T, NK, monocyte/macrophage, dendritic, granulocyte). */
const LINEAGE = [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 5];

/** The simulated signature (genes x cells) and mixtures (genes x 5) described above, from a fixed seed. */
function simulate() {
  const rng = createRng(2015);
  const genes = Array.from({ length: nGenes }, (_, i) => `g${String(i).padStart(3, "0")}`);
  const cells = Array.from({ length: nCells }, (_, j) => `cell${j}`);
  const lineageLevel = genes.map(() => Array.from({ length: 6 }, () => 6 + 3 * rng.normal()));
  const sig = genes.map((_, i) => cells.map((_, j) => 2 ** (lineageLevel[i][LINEAGE[j]] + rng.normal() + (i % nCells === j ? 4 : 0))));
  const truth = Array.from({ length: nMix }, () => {
    const f = cells.map(() => (rng.next() < 0.4 ? 0 : -Math.log(1 - rng.next())));
    const s = f.reduce((a, b) => a + b, 0);
    return f.map((v) => v / s);
  });
  const mix = genes.map((_, i) => truth.map((f) => f.reduce((a, v, j) => a + v * sig[i][j], 0) * 2 ** (0.05 * rng.normal())));
  return { genes, cells, sig, mix };
}

/** A tab-separated matrix file with a header, as CIBERSORT reads. */
function writeTsv(file: string, corner: string, columns: string[], rows: string[], values: number[][]): void {
  writeFileSync(file, [[corner, ...columns].join("\t"), ...rows.map((r, i) => [r, ...values[i].map((v) => String(v))].join("\t"))].join("\n") + "\n");
}

/** Wall and CPU seconds of a command run through bash (CPU: its children's user + system from `times`). */
function timed(command: string): { wall: number; cpu: number } {
  const started = performance.now();
  const run = spawnSync("bash", ["-c", `${command} 1>&2 || exit $?; times`], { encoding: "utf8", cwd: repoPath() });
  const wall = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`bench: '${command}' failed (${run.status}): ${run.stderr}`);
  const lines = run.stdout.trim().split("\n");
  const seconds = (line: string) =>
    line.split(/\s+/).reduce((a, t) => {
      const m = /^(\d+)m([\d.]+)s$/.exec(t);
      return m ? a + 60 * Number(m[1]) + Number(m[2]) : a;
    }, 0);
  return { wall, cpu: seconds(lines[lines.length - 1]) };
}

/** Fractions per mixture, in cell order, from alnm's CSV or the R script's TSV (both: a header, then Mixture and numbers). */
function fractions(file: string, cells: string[]): number[][] {
  const [header, ...rows] = readFileSync(file, "utf8").trim().split("\n").map((line) => line.split(file.endsWith(".csv") ? "," : "\t"));
  return rows.map((row) => cells.map((c) => Number(row[header.indexOf(c)])));
}

const maxDiff = (a: number[][], b: number[][]) => Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i][j]))));
const median = (x: number[]) => x.slice().sort((a, b) => a - b)[x.length >> 1];
const fmt = (x: number, d = 1) => x.toFixed(d);

const dir = mkdtempSync(join(tmpdir(), "alnm-cibersort-bench-"));
try {
  const { genes, cells, sig, mix } = simulate();
  const sigFile = join(dir, "signature.tsv"), mixFile = join(dir, "mixtures.tsv");
  writeTsv(sigFile, "gene", cells, genes, sig);
  writeTsv(mixFile, "gene", Array.from({ length: nMix }, (_, k) => `mix${k + 1}`), genes, mix);
  const alnm = (solver: string, workers: number, perm: number, out: string) =>
    `node bin/alnm.mjs cibersort --signature ${sigFile} --mixture ${mixFile} --permutations ${perm} --solver ${solver} --workers ${workers} --out ${out}`;
  const out = (name: string) => join(dir, name);
  const hasR = spawnSync("Rscript", ["-e", "library(e1071)"], { encoding: "utf8" }).status === 0;
  const runs: { what: string; command: string; times: { wall: number; cpu: number }[] }[] = [
    ...(hasR ? [{ what: "R 4.2 + e1071 (cibersort-core.R, one thread)", command: `Rscript test/tme/fixtures/cibersort-core.R ${sigFile} ${mixFile} ${out("r.tsv")}`, times: [] }] : []),
    { what: "alnm cibersort --solver libsvm --workers 1", command: alnm("libsvm", 1, 0, out("libsvm-1.csv")), times: [] },
    { what: "alnm cibersort --solver libsvm --workers 2", command: alnm("libsvm", 2, 0, out("libsvm-2.csv")), times: [] },
    { what: "alnm cibersort --solver exact --workers 1", command: alnm("exact", 1, 0, out("exact-1.csv")), times: [] },
    { what: "alnm cibersort --solver exact --workers 2", command: alnm("exact", 2, 0, out("exact-2.csv")), times: [] },
  ];
  // interleaved, so that load from other processes falls on every row alike
  for (let k = 0; k < repeats; k++) for (const run of runs) run.times.push(timed(run.command));
  const med = (run: (typeof runs)[number]) => ({ wall: median(run.times.map((t) => t.wall)), cpu: median(run.times.map((t) => t.cpu)) });
  const r = hasR ? med(runs[0]) : undefined;

  console.log(`${nGenes} genes x ${nCells} cell types (simulated, LM22-shaped), ${nMix} mixtures, no permutations; median of ${repeats}\n`);
  console.log("| run | wall s | CPU s | R's wall / this | R's CPU / this |");
  console.log("|---|---|---|---|---|");
  for (const run of runs) {
    const m = med(run);
    console.log(`| ${run.what} | ${fmt(m.wall)} | ${fmt(m.cpu)} | ${r ? fmt(r.wall / m.wall, 2) + "x" : "-"} | ${r ? fmt(r.cpu / m.cpu, 2) + "x" : "-"} |`);
  }
  const same = (a: string, b: string) => readFileSync(out(a), "utf8") === readFileSync(out(b), "utf8");
  console.log(`\nbyte-identical for 1 and 2 workers: libsvm ${same("libsvm-1.csv", "libsvm-2.csv")}, exact ${same("exact-1.csv", "exact-2.csv")}`);
  if (hasR) {
    timed(`Rscript test/tme/fixtures/cibersort-core.R ${sigFile} ${mixFile} ${out("r-1e-10.tsv")} 1e-10`);
    const rDefault = fractions(out("r.tsv"), cells), rOptimum = fractions(out("r-1e-10.tsv"), cells);
    const libsvmF = fractions(out("libsvm-1.csv"), cells), exactF = fractions(out("exact-1.csv"), cells);
    console.log("\nlargest |fraction difference|:");
    console.log(`- alnm libsvm vs R, both tolerance 0.001 (CIBERSORT's stopping point): ${maxDiff(libsvmF, rDefault).toExponential(1)}`);
    console.log(`- alnm exact vs R at tolerance 1e-10 (the optimum): ${maxDiff(exactF, rOptimum).toExponential(1)}`);
    console.log(`- alnm exact vs R at tolerance 0.001: ${maxDiff(exactF, rDefault).toExponential(1)}`);
    console.log(`- R at 0.001 vs R at 1e-10 (how far CIBERSORT stops from the optimum): ${maxDiff(rDefault, rOptimum).toExponential(1)}`);
  }
  if (nPerm > 0) {
    const p = timed(alnm("exact", 2, nPerm, out("perm-exact.csv")));
    console.log(`\n${nPerm} permutations + ${nMix} mixtures, --solver exact --workers 2: ${fmt(p.wall)} s wall, ${fmt(p.cpu)} s CPU`);
  }
  if (nPermLibsvm > 0) {
    const p = timed(alnm("libsvm", 2, nPermLibsvm, out("perm-libsvm.csv")));
    // the mixtures' share is taken out with the CPU time of the no-permutation run (wall times swing with the machine's load)
    const perPermutationCpu = (p.cpu - med(runs[hasR ? 2 : 1]).cpu) / nPermLibsvm;
    console.log(
      `${nPermLibsvm} permutations + ${nMix} mixtures, --solver libsvm --workers 2: ${fmt(p.wall)} s wall, ${fmt(p.cpu)} s CPU; ` +
        `1,000 permutations at that rate: about ${fmt((1000 * perPermutationCpu) / 60)} min CPU, ${fmt((1000 * perPermutationCpu) / 120)} min wall on 2 free cores`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
