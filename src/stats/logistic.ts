/**
 * Logistic regression by iteratively reweighted least squares (R: `glm(y ~ x, family = binomial)`), and the
 * logistic recalibration of predicted probabilities that R's `rms::val.prob` reports.
 *
 *   logit P(y = 1) = offset + X beta;  Newton step  beta <- beta + (X' W X)^-1 X' (y - mu),  W = diag(mu (1 - mu))
 *   SE(beta) = sqrt(diag((X' W X)^-1)) at the estimate; Wald 95 % CI beta +/- qnorm(0.975) SE.
 *
 * @example
 * const fit = logisticRegression([[0.1], [0.4], [0.35], [0.8]], [0, 0, 1, 1]);   // intercept added
 * fit.coefficients;   // [intercept, slope]
 */
import { normalQuantile } from "./distributions";
import { invertSpd, solveSpd } from "./linear-algebra";

export interface LogisticFit {
  /** Intercept first (when fitted), then one per column of X. */
  coefficients: number[];
  standardErrors: number[];
  /** Residual deviance, -2 log-likelihood. */
  deviance: number;
  iterations: number;
}

const expit = (eta: number) => (eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta)));

/**
 * Maximum-likelihood logistic regression of 0/1 `y` on the columns of `X`, with an intercept unless
 * `intercept: false`, and an optional offset (known part of the linear predictor). Stops when no coefficient
 * moves by more than 1e-12 (relative); a fit that does not converge in 100 iterations (separation) is an Error.
 */
export function logisticRegression(X: number[][], y: number[], options: { intercept?: boolean; offset?: number[] } = {}): LogisticFit {
  const n = y.length;
  if (X.length !== n) throw new Error(`logisticRegression: ${X.length} rows for ${n} outcomes`);
  y.forEach((v, i) => {
    if (v !== 0 && v !== 1) throw new Error(`logisticRegression: outcome ${i} is ${v} (expected 0 or 1)`);
  });
  const design = X.map((r) => (options.intercept === false ? [...r] : [1, ...r]));
  const p = design[0]?.length ?? 0;
  if (p === 0) throw new Error("logisticRegression: no coefficient to fit");
  const offset = options.offset ?? new Array<number>(n).fill(0);
  let beta = new Array<number>(p).fill(0);
  let info: number[][] = [];
  for (let iter = 1; iter <= 100; iter++) {
    info = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const score = new Array<number>(p).fill(0);
    for (let i = 0; i < n; i++) {
      const mu = expit(offset[i] + design[i].reduce((s, x, j) => s + x * beta[j], 0));
      const w = mu * (1 - mu);
      for (let j = 0; j < p; j++) {
        score[j] += design[i][j] * (y[i] - mu);
        for (let k = 0; k < p; k++) info[j][k] += design[i][j] * w * design[i][k];
      }
    }
    let step: number[];
    try {
      step = solveSpd(info, score, "logisticRegression");
    } catch {
      throw new Error(`logisticRegression: the information matrix became singular at iteration ${iter} (complete or quasi-complete separation?)`);
    }
    beta = beta.map((b, j) => b + step[j]);
    if (step.every((s, j) => Math.abs(s) <= 1e-12 * Math.max(1, Math.abs(beta[j])))) {
      const cov = invertSpd(information(design, beta, offset), "logisticRegression");
      return { coefficients: beta, standardErrors: cov.map((row, j) => Math.sqrt(row[j])), deviance: deviance(design, beta, offset, y), iterations: iter };
    }
  }
  throw new Error("logisticRegression: no convergence in 100 iterations (complete or quasi-complete separation?)");
}

function information(design: number[][], beta: number[], offset: number[]): number[][] {
  const p = beta.length;
  const info = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  design.forEach((row, i) => {
    const mu = expit(offset[i] + row.reduce((s, x, j) => s + x * beta[j], 0));
    const w = mu * (1 - mu);
    for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) info[j][k] += row[j] * w * row[k];
  });
  return info;
}

function deviance(design: number[][], beta: number[], offset: number[], y: number[]): number {
  let d = 0;
  design.forEach((row, i) => {
    const mu = expit(offset[i] + row.reduce((s, x, j) => s + x * beta[j], 0));
    d -= 2 * (y[i] === 1 ? Math.log(mu) : Math.log(1 - mu));
  });
  return d;
}

export interface Estimate {
  estimate: number;
  lower: number;
  upper: number;
  se: number;
}

export interface Recalibration {
  n: number;
  /** rms::val.prob's "Intercept" and "Slope": y ~ logit(p), fitted jointly (ideal 0 and 1). */
  intercept: Estimate;
  slope: Estimate;
  /** Calibration-in-the-large: y ~ offset(logit(p)), the intercept with the slope fixed at 1 (ideal 0). */
  calibrationInTheLarge: Estimate;
}

/**
 * Logistic recalibration of predicted probabilities against observed 0/1 outcomes, with Wald 95 % CIs. A slope
 * below 1 means predictions too extreme (overfitting); a positive calibration-in-the-large means the model
 * under-predicts on average. Probabilities are clipped to [1e-12, 1 - 1e-12] before the logit, as a 0 or 1 would
 * give an infinite predictor.
 */
export function recalibration(probs: number[], labels: number[], level = 0.95): Recalibration {
  if (probs.length !== labels.length) throw new Error(`recalibration: ${probs.length} probabilities for ${labels.length} outcomes`);
  const keep = probs.map((_, i) => i).filter((i) => Number.isFinite(probs[i]) && (labels[i] === 0 || labels[i] === 1));
  const logit = keep.map((i) => {
    const q = Math.min(1 - 1e-12, Math.max(1e-12, probs[i]));
    return Math.log(q / (1 - q));
  });
  const y = keep.map((i) => labels[i]);
  const z = normalQuantile(1 - (1 - level) / 2);
  const est = (b: number, se: number): Estimate => ({ estimate: b, se, lower: b - z * se, upper: b + z * se });
  const joint = logisticRegression(logit.map((l) => [l]), y);
  const large = logisticRegression(logit.map(() => []), y, { offset: logit });
  return {
    n: keep.length,
    intercept: est(joint.coefficients[0], joint.standardErrors[0]),
    slope: est(joint.coefficients[1], joint.standardErrors[1]),
    calibrationInTheLarge: est(large.coefficients[0], large.standardErrors[0]),
  };
}
