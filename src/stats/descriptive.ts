/**
 * Mean and sample variance as R computes them: the mean gets one refinement pass
 * (mean + sum(x - mean) / n) and the variance uses the two-pass formula sum((x - mean)^2) / (n - 1).
 *
 * @example
 * mean([1, 2, 3]);     // 2
 * variance([1, 2, 3]); // 1
 */
export function mean(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  let m = s / n;
  if (Number.isFinite(m)) {
    let r = 0;
    for (let i = 0; i < n; i++) r += x[i] - m;
    m += r / n;
  }
  return m;
}

/** Sample variance with denominator n - 1 (R: `var(x)`); NaN when n < 2. */
export function variance(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return NaN;
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    s += d * d;
  }
  return s / (n - 1);
}

/** Throws a clear error when a sample holds NaN or infinite values. */
export function assertFinite(x: ArrayLike<number>, what: string): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new Error(`${what}: value ${x[i]} at index ${i} is not finite`);
  }
}
