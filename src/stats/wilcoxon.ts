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
