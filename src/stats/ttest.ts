/**
 * Two-sided t-tests as R's `t.test` (conf.level 0.95, mu 0).
 *
 * - Student (pooled):  t = (mx - my) / sqrt(s2p (1/nx + 1/ny)), s2p = ((nx-1)vx + (ny-1)vy) / (nx+ny-2), df = nx+ny-2
 * - Welch:             t = (mx - my) / sqrt(vx/nx + vy/ny),
 *                      df = (vx/nx + vy/ny)^2 / ((vx/nx)^2/(nx-1) + (vy/ny)^2/(ny-1))   (Welch-Satterthwaite)
 * - One-sample:        t = (mx - mu) / sqrt(vx/nx), df = nx - 1
 * - Paired:            the one-sample test on d = x - y
 *
 * p = 2 P(T_df > |t|); CI = estimate ± qt(0.975, df) · stderr (computed as R does: mu + (t ± q) · stderr).
 * `estimate` is mx - my for two samples, mean(d) for paired, mx for one sample; `means` holds R's estimate vector.
 *
 * @example
 * welchTTest([1, 2, 3, 4], [2, 4, 6, 8.5]).pValue; // as t.test(x, y)$p.value
 * pairedTTest(before, after).confInt;               // as t.test(before, after, paired = TRUE)$conf.int
 */
import { assertFinite, mean, variance } from "./descriptive";
import { tLowerTail, tQuantile } from "./distributions";

export interface TTestResult {
  statistic: number;
  df: number;
  pValue: number;
  /** Mean difference (two-sample, paired) or mean (one-sample). */
  estimate: number;
  /** R's `estimate`: [mean x, mean y] for two samples, [mean] otherwise. */
  means: number[];
  stdErr: number;
  confInt: [number, number];
}

const CONF_LEVEL = 0.95;

function finish(name: string, delta: number, mu: number, stdErr: number, df: number, means: number[], scale: number): TTestResult {
  if (!(stdErr >= 10 * Number.EPSILON * scale)) {
    throw new Error(`${name}: data are essentially constant (standard error ${stdErr})`);
  }
  const statistic = (delta - mu) / stdErr;
  const pValue = 2 * tLowerTail(-Math.abs(statistic), df);
  const q = tQuantile(1 - (1 - CONF_LEVEL) / 2, df);
  const confInt: [number, number] = [mu + (statistic - q) * stdErr, mu + (statistic + q) * stdErr];
  return { statistic, df, pValue, estimate: delta, means, stdErr, confInt };
}

function checkSample(name: string, x: ArrayLike<number>, label: string, min: number): void {
  assertFinite(x, `${name} (${label})`);
  if (x.length < min) throw new Error(`${name}: not enough '${label}' observations (${x.length}, need ${min})`);
}

/** One-sample t-test of H0: mean(x) = mu (R: `t.test(x, mu = mu)`). */
export function oneSampleTTest(x: ArrayLike<number>, mu = 0): TTestResult {
  const name = "oneSampleTTest";
  checkSample(name, x, "x", 2);
  const mx = mean(x);
  const stdErr = Math.sqrt(variance(x) / x.length);
  return finish(name, mx, mu, stdErr, x.length - 1, [mx], Math.abs(mx));
}

/** Paired t-test (R: `t.test(x, y, paired = TRUE)`); x[i] and y[i] are one pair. */
export function pairedTTest(x: ArrayLike<number>, y: ArrayLike<number>): TTestResult {
  const name = "pairedTTest";
  if (x.length !== y.length) throw new Error(`${name}: x has ${x.length} values but y has ${y.length}; pairs must match`);
  checkSample(name, x, "x", 1);
  checkSample(name, y, "y", 1);
  const d = Array.from(x, (v, i) => v - y[i]);
  if (d.length < 2) throw new Error(`${name}: not enough pairs (${d.length}, need 2)`);
  const md = mean(d);
  const stdErr = Math.sqrt(variance(d) / d.length);
  return finish(name, md, 0, stdErr, d.length - 1, [md], Math.abs(md));
}

/** Student's two-sample t-test with pooled variance (R: `t.test(x, y, var.equal = TRUE)`). */
export function studentTTest(x: ArrayLike<number>, y: ArrayLike<number>): TTestResult {
  const name = "studentTTest";
  checkSample(name, x, "x", 1);
  checkSample(name, y, "y", 1);
  const nx = x.length, ny = y.length;
  const df = nx + ny - 2;
  if (df < 1) throw new Error(`${name}: not enough observations (nx = ${nx}, ny = ${ny}; need nx + ny >= 3)`);
  const mx = mean(x), my = mean(y);
  let pooled = 0;
  if (nx > 1) pooled += (nx - 1) * variance(x);
  if (ny > 1) pooled += (ny - 1) * variance(y);
  pooled /= df;
  const stdErr = Math.sqrt(pooled * (1 / nx + 1 / ny));
  return finish(name, mx - my, 0, stdErr, df, [mx, my], Math.max(Math.abs(mx), Math.abs(my)));
}

/** Welch's unequal-variance two-sample t-test (R: `t.test(x, y)`, the default). */
export function welchTTest(x: ArrayLike<number>, y: ArrayLike<number>): TTestResult {
  const name = "welchTTest";
  checkSample(name, x, "x", 2);
  checkSample(name, y, "y", 2);
  const nx = x.length, ny = y.length;
  const mx = mean(x), my = mean(y);
  const seX = Math.sqrt(variance(x) / nx), seY = Math.sqrt(variance(y) / ny);
  const stdErr = Math.sqrt(seX ** 2 + seY ** 2);
  const df = stdErr ** 4 / (seX ** 4 / (nx - 1) + seY ** 4 / (ny - 1));
  return finish(name, mx - my, 0, stdErr, df, [mx, my], Math.max(Math.abs(mx), Math.abs(my)));
}
