/**
 * Sample values with a prescribed median and interquartile range, as Table 1 reports them.
 *
 * Quantiles follow R's default definition (Hyndman & Fan type 7): for sorted x of length n,
 * Q(p) = x[floor(h)] + (h - floor(h)) (x[floor(h) + 1] - x[floor(h)]), h = (n - 1) p (0-based).
 *
 * @example
 * const age = valuesWithQuantiles(475, { median: 48, q1: 43, q3: 56 }, { min: 25, max: 80, decimals: 0 }, createRng(1));
 * quantile7(age, 0.5); // 48
 */
import type { Rng } from "../util/random";

export interface MedianIqr {
  median: number;
  q1: number;
  q3: number;
}

/** Type-7 quantile of the values (copied and sorted). */
export function quantile7(values: ArrayLike<number>, p: number): number {
  const x = Array.from(values).sort((a, b) => a - b);
  if (x.length === 0) throw new Error("quantile7: no values");
  const h = (x.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, x.length - 1);
  return x[lo] + (h - lo) * (x[hi] - x[lo]);
}

/**
 * n values, rounded to `decimals`, whose type-7 quartiles are exactly q1, median and q3. Values are drawn by
 * stratified sampling from the piecewise-linear quantile function through (0, min), (0.25, q1), (0.5, median),
 * (0.75, q3), (1, max); then the order statistics that each quartile interpolates between are set to the
 * target, and their neighbours clamped so the values stay sorted. Returned in random order.
 */
export function valuesWithQuantiles(
  n: number,
  q: MedianIqr,
  range: { min: number; max: number; decimals: number },
  rng: Rng,
): number[] {
  // From n = 9 on the quartiles interpolate between disjoint pairs of order statistics, so each can be set alone.
  if (n < 9) throw new Error(`valuesWithQuantiles: need at least 9 values, got ${n}`);
  if (!(range.min <= q.q1 && q.q1 <= q.median && q.median <= q.q3 && q.q3 <= range.max)) {
    throw new Error(`valuesWithQuantiles: need min <= q1 <= median <= q3 <= max, got ${range.min}, ${q.q1}, ${q.median}, ${q.q3}, ${range.max}`);
  }
  const knots: [number, number][] = [[0, range.min], [0.25, q.q1], [0.5, q.median], [0.75, q.q3], [1, range.max]];
  const scale = 10 ** range.decimals;
  const v: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = (i + rng.next()) / n;
    let k = 0;
    while (k < 3 && p > knots[k + 1][0]) k++;
    const [p0, x0] = knots[k];
    const [p1, x1] = knots[k + 1];
    v.push(Math.round((x0 + ((p - p0) / (p1 - p0)) * (x1 - x0)) * scale) / scale);
  }
  v.sort((a, b) => a - b);
  for (const [p, target] of [[0.25, q.q1], [0.5, q.median], [0.75, q.q3]] as const) {
    const h = (n - 1) * p;
    const lo = Math.floor(h), hi = Math.ceil(h);
    for (let i = 0; i < n; i++) {
      if (i === lo || i === hi) v[i] = target;
      else if (i < lo) v[i] = Math.min(v[i], target);
      else v[i] = Math.max(v[i], target);
    }
  }
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = v[i];
    v[i] = v[j];
    v[j] = t;
  }
  return v;
}
