/**
 * CIBERSORT (Newman et al. 2015, Nat Methods 12:453): relative cell-type fractions of bulk expression
 * mixtures by linear nu-support vector regression on a signature matrix.
 *
 * For signature matrix B (genes x cell types) and each mixture m (genes):
 *  1. genes are intersected by name; if max(mixtures) < 50 the mixtures are taken as log2 and anti-logged
 *     (2^m); optionally the mixtures are quantile normalised (preprocessCore, see quantile-normalize.ts);
 *  2. B is standardised with the mean and sample SD of all its entries, m with its own mean and SD;
 *  3. for nu in {0.25, 0.5, 0.75} a linear nu-SVR (C = 1) fits m ~ B; its weights w are set to max(w, 0)
 *     and divided by their sum, f = w+ / sum(w+); the reconstruction k = B f gives
 *     RMSE = sqrt(mean((k - m)^2)) and r = cor(k, m); the nu with the lowest RMSE is kept;
 *  4. the null distribution of r comes from N random mixtures, each a sample without replacement of as
 *     many values as genes from the pool of all (processed) mixture values, standardised and deconvolved
 *     as in step 3; p = 1 - i / N where i is the (1-based) position, in the sorted null correlations, of
 *     the one nearest the mixture's r (the published rule; about the fraction of null r above it).
 *     Random mixtures whose weights are all <= 0 (r undefined) are left out of the null distribution.
 *
 * Cost (bench/cibersort.bench.ts: an LM22-shaped simulated signature, 5 nearly noiseless mixtures): the default
 * "exact" solver takes tens of ms per fit (7x less CPU than R's e1071 on the same input); libsvm's SMO about 3 s CPU
 * per mixture (three fits), 1.6x R's CPU (the wasm build), and on LM22 with CIBERSORT's example mixtures about 50 s
 * per mixture. Fits run on worker threads through cibersort-workers.ts (the CLI, notebook 06).
 *
 * LM22 (547 genes x 22 leukocyte types) is distributed by the CIBERSORT authors under a non-commercial
 * licence and is NOT shipped with this project: pass it (or any signature matrix) in yourself.
 *
 * @example
 * const res = cibersort(undefined, signature, mixtures, { permutations: 1000, seed: 1 });  // exact solver
 * const asR = cibersort(await loadLibsvm(), signature, mixtures, { solver: "libsvm" });  // CIBERSORT.R's stopping point
 * res.samples[0].fractions;  // in res.cellTypes order, summing to 1
 * res.samples[0].pValue;     // permutation p-value
 */
import { correlation, mean } from "../stats/index";
import type { Libsvm } from "../models/libsvm";
import { LinearNuSVR } from "../models/nu-svr";
import { solveLinearNuSvr } from "../models/nu-svr-ipm";
import { createRng } from "../util/random";
import { NamedMatrix, checkNamedMatrix } from "./matrix";
import { quantileNormalize } from "./quantile-normalize";

export interface CibersortOptions {
  /** Number of random mixtures for the p-value (default 1000; 0 gives NaN p-values). */
  permutations?: number;
  /** Seed of the random mixtures (default 1). */
  seed?: number;
  /** Quantile-normalise the mixtures (CIBERSORT's QN; default false, the authors' advice for RNA-seq). */
  quantileNormalization?: boolean;
  /** "auto" (default): anti-log (2^x) when max < 50, as published; true / false to force. */
  antiLog?: "auto" | boolean;
  /** nu values tried (default [0.25, 0.5, 0.75]). */
  nus?: number[];
  /**
   * How each nu-SVR is solved. "exact" (default): to the optimum, by an interior-point method
   * (src/models/nu-svr-ipm.ts), tens of times faster than libsvm; it agrees with e1071 at tolerance 1e-10 to 1e-6
   * in every fraction, and does not depend on the genes' order or the input's last bits. It differs from
   * CIBERSORT's own output by as much as CIBERSORT's stopping point is off the optimum: 1e-4 on the LM22-shaped
   * simulation, 1e-3 in a fraction on the test fixture, 3e-3 on notebook 06's mixtures. "libsvm": libsvm's SMO
   * as CIBERSORT.R (through e1071), stopping at `tolerance`, which reproduces CIBERSORT's stopping point.
   */
  solver?: NuSvrSolver;
  /**
   * libsvm's stopping tolerance (solver "libsvm"; default 0.001, as e1071 and CIBERSORT). Solutions at this
   * tolerance can move by ~1e-4 when the input changes in its last bit; a tighter one (1e-10) nears the optimum.
   */
  tolerance?: number;
}

export interface DeconvolutionFit {
  /** Fractions per cell type (signature-matrix column order), non-negative and summing to 1. */
  fractions: number[];
  /** Correlation of the reconstructed and the standardised mixture. */
  correlation: number;
  rmse: number;
  /** The nu that gave the lowest RMSE. */
  nu: number;
}

export interface CibersortSample extends DeconvolutionFit {
  mixture: string;
  /** Empirical p-value (NaN when permutations = 0). */
  pValue: number;
}

export interface CibersortResult {
  cellTypes: string[];
  /** Genes used (present in both matrices), in signature-matrix order. */
  genes: string[];
  samples: CibersortSample[];
  /** Sorted null correlations of the random mixtures. */
  nullCorrelations: number[];
  antiLogged: boolean;
}

const DEFAULT_NUS = [0.25, 0.5, 0.75];

/** "exact": the optimum (interior point); "libsvm": libsvm's SMO stopped at a tolerance, as CIBERSORT.R. */
export type NuSvrSolver = "exact" | "libsvm";

/** How one nu-SVR fit is solved (see CibersortOptions.solver). */
export interface SolverSettings {
  solver: NuSvrSolver;
  tolerance: number;
}

/** Standardises every entry of a matrix by the mean and sample SD of all entries (CIBERSORT's step for B). */
export function standardizeMatrix(values: number[][]): number[][] {
  const all: number[] = [];
  for (const row of values) for (const v of row) all.push(v);
  const m = mean(all);
  const sd = sampleSd(all, m);
  if (!(sd > 0)) throw new Error("standardizeMatrix: all entries are equal");
  return values.map((row) => row.map((v) => (v - m) / sd));
}

function sampleSd(x: number[], m: number): number {
  let s = 0;
  for (const v of x) s += (v - m) * (v - m);
  return Math.sqrt(s / (x.length - 1));
}

function standardizeVector(y: number[], what: string): number[] {
  const m = mean(y);
  const sd = sampleSd(y, m);
  if (!(sd > 0)) throw new Error(`${what}: all values are equal, cannot standardise`);
  return y.map((v) => (v - m) / sd);
}

/**
 * One nu-SVR fit of CIBERSORT's step 3: clipped, normalised weights and their fit; undefined when no weight is > 0.
 * `libsvm` is needed only for the "libsvm" solver.
 */
export function fitAtNu(libsvm: Libsvm | undefined, X: number[][], y: number[], nu: number, settings: SolverSettings): DeconvolutionFit | undefined {
  const weights =
    settings.solver === "exact"
      ? solveLinearNuSvr(X, y, nu).coef
      : new LinearNuSVR(requireLibsvm(libsvm), { nu, tolerance: settings.tolerance }).fit(X, y).coef;
  const w = weights.map((v) => Math.max(v, 0));
  const total = w.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return undefined;
  const fractions = w.map((v) => v / total);
  const k = X.map((row) => row.reduce((s, v, j) => s + v * fractions[j], 0));
  let sq = 0;
  for (let i = 0; i < k.length; i++) sq += (k[i] - y[i]) ** 2;
  const rmse = Math.sqrt(sq / k.length);
  return { fractions, correlation: correlation(k, y), rmse, nu };
}

/** The loaded libsvm, or an error saying that the libsvm solver needs it. */
function requireLibsvm(libsvm: Libsvm | undefined): Libsvm {
  if (!libsvm) throw new Error("cibersort: the libsvm solver needs libsvm (loadLibsvm())");
  return libsvm;
}

/** The fit with the lowest RMSE (the first on ties, in nu order); zero fractions and NaN fit when none has weights. */
function bestFit(fits: (DeconvolutionFit | undefined)[], cellTypes: number): DeconvolutionFit {
  let best: DeconvolutionFit | undefined;
  for (const fit of fits) if (fit && (!best || fit.rmse < best.rmse)) best = fit;
  return best ?? { fractions: new Array<number>(cellTypes).fill(0), correlation: NaN, rmse: NaN, nu: NaN };
}

/**
 * CIBERSORT's core step (3 above) on an already standardised signature matrix X (genes x cell types) and
 * standardised mixture y (genes).
 */
export function deconvolve(
  libsvm: Libsvm | undefined,
  X: number[][],
  y: number[],
  options: { nus?: number[]; solver?: NuSvrSolver; tolerance?: number } = {},
): DeconvolutionFit {
  const { nus = DEFAULT_NUS, solver = "exact", tolerance = 0.001 } = options;
  return bestFit(nus.map((nu) => fitAtNu(libsvm, X, y, nu, { solver, tolerance })), X.length > 0 ? X[0].length : 0);
}

/**
 * Everything a CIBERSORT run fits, prepared in the calling thread (steps 1, 2 and the random mixtures of 4):
 * the standardised signature X and the standardised targets, the mixtures first and then the random mixtures.
 * The random mixtures are drawn here, in order from one seeded stream, so they do not depend on how the fits
 * are later spread over threads.
 */
export interface CibersortPlan {
  cellTypes: string[];
  genes: string[];
  mixtureNames: string[];
  antiLogged: boolean;
  X: number[][];
  /** Standardised mixtures, in mixture order. */
  mixtureTargets: number[][];
  /** Standardised random mixtures (one per permutation). */
  randomTargets: number[][];
  nus: number[];
  settings: SolverSettings;
}

/** Steps 1, 2 and the random mixtures of step 4 (see the module comment); the fits are left to the caller. */
export function planCibersort(signature: NamedMatrix, mixtures: NamedMatrix, options: CibersortOptions = {}): CibersortPlan {
  const { permutations = 1000, seed = 1, quantileNormalization = false, antiLog = "auto", nus = DEFAULT_NUS, solver = "exact", tolerance = 0.001 } = options;
  if (solver !== "exact" && solver !== "libsvm") throw new Error(`cibersort: solver must be "exact" or "libsvm", got ${JSON.stringify(solver)}`);
  if (!(Number.isInteger(permutations) && permutations >= 0)) {
    throw new Error(`cibersort: permutations must be a non-negative integer, got ${permutations}`);
  }
  checkNamedMatrix(signature, "cibersort signature matrix");
  checkNamedMatrix(mixtures, "cibersort mixture matrix");

  let mix = mixtures.values;
  let maxValue = -Infinity;
  for (const row of mix) for (const v of row) maxValue = Math.max(maxValue, v);
  const antiLogged = antiLog === "auto" ? maxValue < 50 : antiLog;
  if (antiLogged) mix = mix.map((row) => row.map((v) => 2 ** v));
  if (quantileNormalization) mix = quantileNormalize(mix);

  const mixRow = new Map(mixtures.rows.map((g, i) => [g, i] as [string, number]));
  const genes = signature.rows.filter((g) => mixRow.has(g));
  if (genes.length < signature.columns.length + 1) {
    throw new Error(
      `cibersort: only ${genes.length} genes of the signature matrix are in the mixtures (need more than ${signature.columns.length})`,
    );
  }
  const sigRow = new Map(signature.rows.map((g, i) => [g, i] as [string, number]));
  const X = standardizeMatrix(genes.map((g) => signature.values[sigRow.get(g)!]));
  const Y = genes.map((g) => mix[mixRow.get(g)!]);

  const randomTargets: number[][] = [];
  if (permutations > 0) {
    const pool: number[] = [];
    for (let j = 0; j < mixtures.columns.length; j++) for (let i = 0; i < Y.length; i++) pool.push(Y[i][j]);
    const rng = createRng(seed);
    for (let b = 0; b < permutations; b++) {
      randomTargets.push(standardizeVector(sampleWithoutReplacement(pool, genes.length, rng.int), "cibersort random mixture"));
    }
  }
  const mixtureTargets = mixtures.columns.map((name, j) => standardizeVector(Y.map((row) => row[j]), `cibersort mixture '${name}'`));
  return { cellTypes: signature.columns.slice(), genes, mixtureNames: mixtures.columns.slice(), antiLogged, X, mixtureTargets, randomTargets, nus, settings: { solver, tolerance } };
}

/**
 * The result from every fit of a plan: `fits(target, nuIndex)` for target t (mixtures first, then random
 * mixtures) and the plan's nu at nuIndex. Step 3's choice of nu and step 4's p-values.
 */
export function assembleCibersort(plan: CibersortPlan, fits: (target: number, nuIndex: number) => DeconvolutionFit | undefined): CibersortResult {
  const p = plan.cellTypes.length;
  const best = (t: number) => bestFit(plan.nus.map((_, k) => fits(t, k)), p);
  const nullCorrelations: number[] = [];
  plan.randomTargets.forEach((_, b) => {
    const r = best(plan.mixtureTargets.length + b).correlation;
    if (!Number.isNaN(r)) nullCorrelations.push(r);
  });
  nullCorrelations.sort((a, b) => a - b);
  const samples = plan.mixtureNames.map((mixture, j) => {
    const fit = best(j);
    return { mixture, ...fit, pValue: permutationPValue(nullCorrelations, fit.correlation) };
  });
  return { cellTypes: plan.cellTypes, genes: plan.genes, samples, nullCorrelations, antiLogged: plan.antiLogged };
}

/**
 * Runs CIBERSORT on every column of `mixtures` (genes x samples) with `signature` (genes x cell types), in this
 * thread (`libsvm` only needed for the "libsvm" solver). cibersort-workers.ts spreads the same fits over threads.
 */
export function cibersort(
  libsvm: Libsvm | undefined,
  signature: NamedMatrix,
  mixtures: NamedMatrix,
  options: CibersortOptions = {},
): CibersortResult {
  const plan = planCibersort(signature, mixtures, options);
  const targets = [...plan.mixtureTargets, ...plan.randomTargets];
  const fits = targets.map((y) => plan.nus.map((nu) => fitAtNu(libsvm, plan.X, y, nu, plan.settings)));
  return assembleCibersort(plan, (t, k) => fits[t][k]);
}

/**
 * CIBERSORT's empirical p-value: 1 - i / N, i the 1-based index of the sorted null correlation nearest to r
 * (the first one on ties). NaN without a null distribution or for an undefined r.
 */
export function permutationPValue(sortedNull: number[], r: number): number {
  if (sortedNull.length === 0 || Number.isNaN(r)) return NaN;
  let bestIndex = -1;
  let bestDistance = Infinity;
  sortedNull.forEach((v, i) => {
    const d = Math.abs(v - r);
    if (d < bestDistance) {
      bestDistance = d;
      bestIndex = i;
    }
  });
  return 1 - (bestIndex + 1) / sortedNull.length;
}

/**
 * k values drawn without replacement by a partial Fisher-Yates shuffle of `pool` in place (the pool's
 * order does not matter for the next draw, so it is not copied).
 */
function sampleWithoutReplacement(a: number[], k: number, randInt: (n: number) => number): number[] {
  for (let i = 0; i < k; i++) {
    const j = i + randInt(a.length - i);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a.slice(0, k);
}
