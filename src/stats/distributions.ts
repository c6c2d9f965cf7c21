/**
 * Distribution functions used by the tests in this folder, taken from stdlib-js (never hand-rolled).
 * Upper tails are computed directly (not as 1 - cdf) so that tiny p-values keep full relative precision,
 * as R's `lower.tail = FALSE` does.
 *
 * @example
 * tLowerTail(-2, 10);           // pt(-2, 10)            = 0.03669...
 * chiSquaredUpperTail(3.84, 1); // pchisq(3.84, 1, lower.tail = FALSE) = 0.05004...
 */
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantileStdlib from "@stdlib/stats-base-dists-t-quantile";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantileStdlib from "@stdlib/stats-base-dists-normal-quantile";
import gammainc from "@stdlib/math-base-special-gammainc";

/** P(T <= t) for Student's t with `df` degrees of freedom (R: `pt(t, df)`). */
export function tLowerTail(t: number, df: number): number {
  return tCdf(t, df);
}

/** P(T > t) (R: `pt(t, df, lower.tail = FALSE)`), by symmetry so small tails stay exact. */
export function tUpperTail(t: number, df: number): number {
  return tCdf(-t, df);
}

/** Quantile of Student's t (R: `qt(p, df)`). */
export function tQuantile(p: number, df: number): number {
  return tQuantileStdlib(p, df);
}

/** Standard normal P(Z <= z) (R: `pnorm(z)`). */
export function normalLowerTail(z: number): number {
  return normalCdf(z, 0, 1);
}

/** Standard normal P(Z > z) (R: `pnorm(z, lower.tail = FALSE)`). */
export function normalUpperTail(z: number): number {
  return normalCdf(-z, 0, 1);
}

/** Standard normal quantile (R: `qnorm(p)`). */
export function normalQuantile(p: number): number {
  return normalQuantileStdlib(p, 0, 1);
}

/**
 * P(X > x) for chi-squared with `df` degrees of freedom: the regularised upper incomplete gamma
 * Q(df/2, x/2) (R: `pchisq(x, df, lower.tail = FALSE)`).
 */
export function chiSquaredUpperTail(x: number, df: number): number {
  if (Number.isNaN(x) || Number.isNaN(df) || df <= 0) return NaN;
  if (x <= 0) return 1;
  return gammainc(x / 2, df / 2, true, true);
}
