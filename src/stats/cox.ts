/**
 * Cox proportional-hazards regression as R's `survival::coxph` (Newton-Raphson from beta = 0, Efron or
 * Breslow handling of tied event times, coxph.control defaults eps = 1e-9, iter.max = 20).
 *
 * Partial log-likelihood over event times t with tied deaths D_t (d_t of them), risk set R_t, eta = x'beta:
 *   Breslow: l = sum_t [ sum_{i in D_t} eta_i - d_t log sum_{i in R_t} e^eta_i ]
 *   Efron:   l = sum_t [ sum_{i in D_t} eta_i - sum_{r=0}^{d_t-1} log( sum_{R_t} e^eta - r/d_t sum_{D_t} e^eta ) ]
 * Newton step beta += I^-1 U (halved when the likelihood falls); stop when |1 - l_old / l_new| <= eps,
 * reporting beta and I^-1 at that last iterate, as coxfit6 does.
 * Tests: Wald z = beta_j / se_j; likelihood ratio 2 (l(beta) - l(0)); score U(0)' I(0)^-1 U(0); all chi-squared
 * on p df (1 df for each z). HR = e^beta, 95 % CI e^(beta ± qnorm(0.975) se).
 *
 * @example
 * const fit = coxPh(time, status, group.map((g) => [g === "high" ? 1 : 0]), { ties: "efron" });
 * fit.hazardRatio[0]; fit.lower[0]; fit.upper[0]; fit.lrP;
 */
import { chiSquaredUpperTail, normalLowerTail, normalQuantile } from "./distributions";
import { invertSpd, solveSpd } from "./linear-algebra";
import { checkSurvival } from "./survival-input";

export interface CoxOptions {
  ties?: "efron" | "breslow";
  /** Relative change of the log partial likelihood that ends the iterations (coxph: 1e-9). */
  eps?: number;
  maxIter?: number;
}

export interface CoxResult {
  coef: number[];
  se: number[];
  hazardRatio: number[];
  lower: number[];
  upper: number[];
  z: number[];
  /** Per-coefficient Wald p-values (summary.coxph `Pr(>|z|)`). */
  waldP: number[];
  /** Joint Wald test beta' V^-1 beta on p df. */
  waldStatistic: number;
  waldTestP: number;
  lrStatistic: number;
  lrP: number;
  scoreStatistic: number;
  scoreP: number;
  /** Log partial likelihood at beta = 0 and at the estimate (coxph `loglik`). */
  logLik: [number, number];
  /** Variance-covariance matrix of the coefficients. */
  variance: number[][];
  iterations: number;
  n: number;
  nEvent: number;
}

interface Fit {
  logLik: number;
  score: number[];
  information: number[][];
}

/** Log partial likelihood, score and information at beta; rows pre-sorted by decreasing time. */
function evaluate(x: number[][], time: number[], status: number[], beta: number[], efron: boolean): Fit {
  const n = x.length, p = beta.length;
  const score = new Array<number>(p).fill(0);
  const information = beta.map(() => new Array<number>(p).fill(0));
  let logLik = 0;
  // Running risk-set sums (everyone with time >= current), accumulated from the latest time backwards.
  let s0 = 0;
  const s1 = new Array<number>(p).fill(0);
  const s2 = beta.map(() => new Array<number>(p).fill(0));
  let i = 0;
  while (i < n) {
    const t = time[i];
    let deaths = 0, d0 = 0;
    const d1 = new Array<number>(p).fill(0);
    const d2 = beta.map(() => new Array<number>(p).fill(0));
    for (; i < n && time[i] === t; i++) {
      const xi = x[i];
      let eta = 0;
      for (let a = 0; a < p; a++) eta += xi[a] * beta[a];
      const r = Math.exp(eta);
      s0 += r;
      for (let a = 0; a < p; a++) {
        s1[a] += r * xi[a];
        for (let b = 0; b <= a; b++) s2[a][b] += r * xi[a] * xi[b];
      }
      if (status[i] === 1) {
        deaths++;
        logLik += eta;
        d0 += r;
        for (let a = 0; a < p; a++) {
          score[a] += xi[a];
          d1[a] += r * xi[a];
          for (let b = 0; b <= a; b++) d2[a][b] += r * xi[a] * xi[b];
        }
      }
    }
    if (deaths === 0) continue;
    for (let k = 0; k < deaths; k++) {
      const frac = efron ? k / deaths : 0;
      const denom = s0 - frac * d0;
      logLik -= Math.log(denom);
      const mean = s1.map((v, a) => (v - frac * d1[a]) / denom);
      for (let a = 0; a < p; a++) {
        score[a] -= mean[a];
        for (let b = 0; b <= a; b++) information[a][b] += (s2[a][b] - frac * d2[a][b]) / denom - mean[a] * mean[b];
      }
    }
  }
  for (let a = 0; a < p; a++) for (let b = a + 1; b < p; b++) information[a][b] = information[b][a];
  return { logLik, score, information };
}

export function coxPh(
  time: ArrayLike<number>,
  status: ArrayLike<number>,
  covariates: number[][],
  options: CoxOptions = {},
): CoxResult {
  checkSurvival("coxPh", time, status);
  const efron = (options.ties ?? "efron") === "efron";
  const eps = options.eps ?? 1e-9;
  const maxIter = options.maxIter ?? 20;
  const n = time.length;
  if (covariates.length !== n) throw new Error(`coxPh: ${covariates.length} covariate rows but ${n} times`);
  const p = covariates[0]?.length ?? 0;
  if (p === 0) throw new Error("coxPh: no covariates");
  covariates.forEach((row, i) => {
    if (row.length !== p) throw new Error(`coxPh: covariate row ${i} has ${row.length} values, expected ${p}`);
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new Error(`coxPh: covariate ${j} of row ${i} is ${v}`);
    });
  });
  let nEvent = 0;
  for (let i = 0; i < n; i++) nEvent += status[i];
  if (nEvent === 0) throw new Error("coxPh: no events (all observations censored); coefficients are not estimable");
  for (let j = 0; j < p; j++) {
    const first = covariates[0][j];
    if (covariates.every((row) => row[j] === first)) throw new Error(`coxPh: covariate ${j} is constant; its coefficient is not estimable`);
  }

  // Sort by decreasing time; centring (as coxph does) keeps exp(eta) in range and leaves the likelihood unchanged.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[b] - time[a]);
  const means = Array.from({ length: p }, (_, j) => covariates.reduce((s, row) => s + row[j], 0) / n);
  const x = order.map((i) => covariates[i].map((v, j) => v - means[j]));
  const t = order.map((i) => time[i]);
  const st = order.map((i) => status[i]);

  let beta = new Array<number>(p).fill(0);
  const initial = evaluate(x, t, st, beta, efron);
  const scoreStep = solveSpd(initial.information, initial.score, "coxPh information at beta = 0");
  const scoreStatistic = scoreStep.reduce((a, v, j) => a + v * initial.score[j], 0);
  let logLik = initial.logLik;
  let newBeta = beta.map((b, j) => b + scoreStep[j]);
  let halving = false;
  let current: Fit | undefined;
  let converged = false;
  let iterations = 0;
  for (iterations = 1; iterations <= maxIter; iterations++) {
    current = evaluate(x, t, st, newBeta, efron);
    const finite = Number.isFinite(current.logLik);
    if (finite && Math.abs(1 - logLik / current.logLik) <= eps && !halving) {
      converged = true;
      break;
    }
    if (!finite || current.logLik < logLik) {
      halving = true;
      newBeta = newBeta.map((b, j) => (b + beta[j]) / 2);
    } else {
      halving = false;
      logLik = current.logLik;
      const step = solveSpd(current.information, current.score, "coxPh information");
      beta = newBeta;
      newBeta = newBeta.map((b, j) => b + step[j]);
    }
  }
  if (!current || !converged) {
    throw new Error(`coxPh: no convergence in ${maxIter} iterations (a coefficient may be infinite, e.g. no events in one group)`);
  }
  const coef = newBeta;
  const variance = invertSpd(current.information, "coxPh information at the estimate");
  const se = coef.map((_, j) => Math.sqrt(variance[j][j]));
  const zq = normalQuantile(0.975);
  const z = coef.map((b, j) => b / se[j]);
  const waldVector = solveSpd(variance, coef, "coxPh variance");
  const waldStatistic = waldVector.reduce((a, v, j) => a + v * coef[j], 0);
  const lrStatistic = 2 * (current.logLik - initial.logLik);
  return {
    coef,
    se,
    hazardRatio: coef.map(Math.exp),
    lower: coef.map((b, j) => Math.exp(b - zq * se[j])),
    upper: coef.map((b, j) => Math.exp(b + zq * se[j])),
    z,
    waldP: z.map((v) => 2 * normalLowerTail(-Math.abs(v))),
    waldStatistic,
    waldTestP: chiSquaredUpperTail(waldStatistic, p),
    lrStatistic,
    lrP: chiSquaredUpperTail(lrStatistic, p),
    scoreStatistic,
    scoreP: chiSquaredUpperTail(scoreStatistic, p),
    logLik: [initial.logLik, current.logLik],
    variance,
    iterations,
    n,
    nEvent,
  };
}
