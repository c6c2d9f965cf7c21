/**
 * Pearson and Spearman correlation tests as R's `cor.test` (two-sided).
 *
 * Pearson:  r = sum (x - mx)(y - my) / sqrt(sum (x - mx)^2 · sum (y - my)^2),
 *           t = sqrt(n - 2) r / sqrt(1 - r^2) on n - 2 df,
 *           95 % CI = tanh(atanh(r) ± qnorm(0.975) / sqrt(n - 3))  (Fisher z; only for n > 3).
 * Spearman: rho = Pearson r of the average ranks, S = (n^3 - n)(1 - rho) / 6.
 *           p exact (AS 89, see spearman-distribution.ts) when `exact` (default) and n <= 1290 and no ties;
 *           otherwise the t approximation t = r / sqrt((1 - r^2) / (n - 2)), r = 1 - S / (n (n^2 - 1) / 6), df = n - 2.
 * A constant variable gives NaN estimate, statistic and p-value, as R returns NA.
 *
 * @example
 * pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]).r;  // 0.8
 * spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]);   // { rho: 0.8, statistic: 4, pValue: 0.1333... } (exact)
 */
import { assertFinite, mean } from "./descriptive";
import { normalQuantile, tLowerTail, tUpperTail } from "./distributions";
import { averageRanks } from "./rank";
import { spearmanTail } from "./spearman-distribution";

export interface PearsonResult {
  r: number;
  statistic: number;
  df: number;
  pValue: number;
  /** NaN bounds when n <= 3, where R gives no interval. */
  confInt: [number, number];
}

export interface SpearmanResult {
  rho: number;
  /** R's S statistic. */
  statistic: number;
  pValue: number;
  /** Whether the exact (AS 89) p-value was used. */
  exact: boolean;
}

function checkPairs(name: string, x: ArrayLike<number>, y: ArrayLike<number>, minN: number): void {
  if (x.length !== y.length) throw new Error(`${name}: x has ${x.length} values but y has ${y.length}`);
  assertFinite(x, `${name} (x)`);
  assertFinite(y, `${name} (y)`);
  if (x.length < minN) throw new Error(`${name}: not enough finite observations (${x.length}, need ${minN})`);
}

/** Pearson product-moment correlation (R: `cor(x, y)`), clamped to [-1, 1]; NaN if either is constant. */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const mx = mean(x), my = mean(y);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i] - mx, dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  const r = sxy / (Math.sqrt(sxx) * Math.sqrt(syy));
  return Math.min(1, Math.max(-1, r));
}

/** Pearson correlation test (R: `cor.test(x, y)`). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): PearsonResult {
  checkPairs("pearson", x, y, 3);
  const n = x.length;
  const r = correlation(x, y);
  const df = n - 2;
  const statistic = (Math.sqrt(df) * r) / Math.sqrt(1 - r * r);
  const pValue = 2 * Math.min(tLowerTail(statistic, df), tUpperTail(statistic, df));
  let confInt: [number, number] = [NaN, NaN];
  if (n > 3) {
    const z = Math.atanh(r);
    const halfWidth = (1 / Math.sqrt(n - 3)) * normalQuantile(0.975);
    confInt = [Math.tanh(z - halfWidth), Math.tanh(z + halfWidth)];
  }
  return { r, statistic, df, pValue, confInt };
}

/** Spearman rank correlation test (R: `cor.test(x, y, method = "spearman", exact)`). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>, options: { exact?: boolean } = {}): SpearmanResult {
  checkPairs("spearman", x, y, 2);
  const n = x.length;
  const rho = correlation(averageRanks(x), averageRanks(y));
  if (!Number.isFinite(rho)) return { rho: NaN, statistic: NaN, pValue: NaN, exact: false };
  const ties = new Set(Array.from(x)).size < n || new Set(Array.from(y)).size < n;
  const exact = (options.exact ?? true) && !ties && n <= 1290;
  const statistic = ((n ** 3 - n) * (1 - rho)) / 6;
  const tail = (lowerTail: boolean): number => {
    if (exact) return spearmanTail(Math.round(statistic) + 2 * Number(lowerTail), n, lowerTail);
    const r = 1 - statistic / ((n * (n * n - 1)) / 6);
    const t = r / Math.sqrt((1 - r * r) / (n - 2));
    return lowerTail ? tUpperTail(t, n - 2) : tLowerTail(t, n - 2);
  };
  const p = statistic > (n ** 3 - n) / 6 ? tail(false) : tail(true);
  return { rho, statistic, pValue: Math.min(2 * p, 1), exact };
}
