/**
 * Wilcoxon rank-sum / Mann-Whitney U test (R: `wilcox.test(x, y)`, two-sided, mu 0).
 *
 *   W = sum of the ranks of x in c(x, y) - nx (nx + 1) / 2     (R's statistic; U of x)
 * Exact (default when nx < 50, ny < 50 and there are no ties): p = min(1, 2 P(W <= w)) or 2 P(W >= w)
 * from the permutation distribution of W. Otherwise normal with tie and continuity corrections:
 *   z = (W - nx ny / 2 - sign · 0.5) / sqrt(nx ny / 12 · ((nx + ny + 1) - sum(t^3 - t) / ((nx + ny)(nx + ny - 1)))),
 *   p = 2 min(Phi(z), 1 - Phi(z)).
 * All values tied gives a zero variance and a NaN p-value, as R.
 *
 * @example
 * mannWhitneyU([1.1, 2.3, 0.4], [3.2, 4.8, 2.9, 5.0]); // { statistic: 0, pValue: 0.05714... } (exact)
 */
import { assertFinite } from "./descriptive";
import { normalLowerTail, normalUpperTail } from "./distributions";
import { averageRanks, tieGroupSizes } from "./rank";

export interface MannWhitneyResult {
  statistic: number;
  pValue: number;
  exact: boolean;
}

/** Number of ways to reach each W = 0..nx·ny: counts of nx-subsets of ranks 1..nx+ny by rank sum. */
function rankSumCounts(nx: number, ny: number): Float64Array {
  const maxW = nx * ny;
  // counts[j][w]: subsets of size j among the ranks seen so far with W-offset w (j elements chosen among r ranks).
  const counts = Array.from({ length: nx + 1 }, () => new Float64Array(maxW + 1));
  counts[0][0] = 1;
  for (let r = 1; r <= nx + ny; r++) {
    for (let j = Math.min(r, nx); j >= 1; j--) {
      // Choosing rank r as the j-th smallest adds r - j to W.
      const shift = r - j;
      if (shift > ny) continue;
      const from = counts[j - 1], to = counts[j];
      for (let w = maxW - shift; w >= 0; w--) if (from[w] !== 0) to[w + shift] += from[w];
    }
  }
  return counts[nx];
}

/** P(W <= q) or, for the upper tail, P(W > q) under H0 (R: `pwilcox(q, nx, ny, lower.tail)`). */
function wilcoxTail(q: number, nx: number, ny: number, lowerTail: boolean): number {
  const counts = rankSumCounts(nx, ny);
  let total = 0, inTail = 0;
  for (let w = 0; w < counts.length; w++) {
    total += counts[w];
    if ((w <= q) === lowerTail) inTail += counts[w];
  }
  return inTail / total;
}

export function mannWhitneyU(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: { exact?: boolean; correct?: boolean } = {},
): MannWhitneyResult {
  assertFinite(x, "mannWhitneyU (x)");
  assertFinite(y, "mannWhitneyU (y)");
  const nx = x.length, ny = y.length;
  if (nx < 1) throw new Error("mannWhitneyU: not enough (non-missing) 'x' observations");
  if (ny < 1) throw new Error("mannWhitneyU: not enough 'y' observations");
  const all = [...Array.from(x), ...Array.from(y)];
  const ranks = averageRanks(all);
  let rankSumX = 0;
  for (let i = 0; i < nx; i++) rankSumX += ranks[i];
  const statistic = rankSumX - (nx * (nx + 1)) / 2;
  const ties = tieGroupSizes(ranks);
  const hasTies = ties.length !== all.length;
  const exact = (options.exact ?? (nx < 50 && ny < 50)) && !hasTies;
  if (exact) {
    const p =
      statistic > (nx * ny) / 2
        ? wilcoxTail(statistic - 1, nx, ny, false)
        : wilcoxTail(statistic, nx, ny, true);
    return { statistic, pValue: Math.min(2 * p, 1), exact };
  }
  const n = nx + ny;
  const z0 = statistic - (nx * ny) / 2;
  const tieTerm = ties.reduce((acc, t) => acc + t ** 3 - t, 0);
  const sigma = Math.sqrt(((nx * ny) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const correction = (options.correct ?? true) ? Math.sign(z0) * 0.5 : 0;
  const z = (z0 - correction) / sigma;
  const pValue = 2 * Math.min(normalLowerTail(z), normalUpperTail(z));
  return { statistic, pValue, exact };
}

export interface SignedRankResult {
  /** R's V: sum of the ranks of |d| over the positive differences. */
  statistic: number;
  pValue: number;
  /** Number of non-zero differences that were ranked. */
  n: number;
  exact: boolean;
}

/** Number of subsets of the ranks 1..n with each sum v = 0..n(n+1)/2 (R: `csignrank`); exact below 2^53. */
function signedRankCounts(n: number): Float64Array {
  const maxV = (n * (n + 1)) / 2;
  const counts = new Float64Array(maxV + 1);
  counts[0] = 1;
  for (let r = 1; r <= n; r++) {
    const top = (r * (r + 1)) / 2;
    for (let v = top; v >= r; v--) counts[v] += counts[v - r];
  }
  return counts;
}

/** P(V <= q) or, for the upper tail, P(V > q) under H0 (R: `psignrank(q, n, lower.tail)`). */
function signedRankTail(q: number, n: number, lowerTail: boolean): number {
  const counts = signedRankCounts(n);
  let inTail = 0;
  for (let v = 0; v < counts.length; v++) if ((v <= q) === lowerTail) inTail += counts[v];
  return inTail / 2 ** n;
}

/**
 * Wilcoxon signed-rank test for paired samples (R: `wilcox.test(x, y, paired = TRUE)`, two-sided, mu 0,
 * exact = NULL, correct = TRUE).
 *
 * Pairs with NaN in x or y are dropped (R's complete cases); d = x - y; zero differences are dropped,
 * leaving n differences.
 *   V = sum of the average ranks of |d| over the d > 0
 * Exact (default when n < 50 and there are neither ties in |d| nor zero differences):
 *   p = min(1, 2 P(V <= v)) or 2 P(V >= v) when v > n (n + 1) / 4, from the permutation distribution of V.
 * Otherwise normal with tie and continuity corrections:
 *   z = (V - n (n + 1) / 4 - sign · 0.5) / sqrt(n (n + 1)(2n + 1) / 24 - sum(t^3 - t) / 48),
 *   p = 2 min(Phi(z), 1 - Phi(z)).
 * All differences zero gives n = 0, V = 0 and a NaN p-value, as R; no complete pair at all throws (R stops too).
 *
 * @example
 * wilcoxonSignedRank([1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3],
 *                    [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]);
 * // { statistic: 40, pValue: 0.0390625, n: 9, exact: true }
 */
export function wilcoxonSignedRank(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: { exact?: boolean; correct?: boolean } = {},
): SignedRankResult {
  if (x.length !== y.length) {
    throw new Error(`wilcoxonSignedRank: 'x' and 'y' must have the same length (${x.length} vs ${y.length})`);
  }
  const diffs: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) || Number.isNaN(y[i])) continue;
    const d = x[i] - y[i];
    if (!Number.isNaN(d)) diffs.push(d); // Inf - Inf is NA in R too and is dropped
  }
  if (diffs.length < 1) throw new Error("wilcoxonSignedRank: not enough (non-missing) pairs");
  const nonZero = diffs.filter((d) => d !== 0);
  const hasZeros = nonZero.length !== diffs.length;
  const n = nonZero.length;
  const ranks = averageRanks(nonZero.map(Math.abs));
  let statistic = 0;
  for (let i = 0; i < n; i++) if (nonZero[i] > 0) statistic += ranks[i];
  const ties = tieGroupSizes(ranks);
  const hasTies = ties.length !== n;
  const exact = (options.exact ?? n < 50) && !hasTies && !hasZeros;
  if (exact) {
    const p =
      statistic > (n * (n + 1)) / 4
        ? signedRankTail(statistic - 1, n, false)
        : signedRankTail(statistic, n, true);
    return { statistic, pValue: Math.min(2 * p, 1), n, exact };
  }
  const z0 = statistic - (n * (n + 1)) / 4;
  const tieTerm = ties.reduce((acc, t) => acc + t ** 3 - t, 0);
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  const correction = (options.correct ?? true) ? Math.sign(z0) * 0.5 : 0;
  const z = (z0 - correction) / sigma; // n = 0: 0 / 0 = NaN, as R
  const pValue = 2 * Math.min(normalLowerTail(z), normalUpperTail(z));
  return { statistic, pValue, n, exact };
}
