/**
 * Fisher's exact test on a 2 x 2 table (R: `fisher.test(table)`, two-sided).
 *
 * With the margins fixed, the top-left count X is hypergeometric: m = column-1 total, n = column-2 total,
 * k = row-1 total, support lo..hi = max(0, k - n)..min(k, m).
 *   p = sum of P(X = s) over s with P(X = s) <= P(X = x) (1 + 1e-7)          (R's relative tolerance)
 * Odds ratio: the conditional maximum-likelihood estimate, the psi solving E_psi[X] = x under the
 * non-central hypergeometric P_psi(X = s) ∝ C(m, s) C(n, k - s) psi^s; 0 when x = lo, Infinity when x = hi.
 * Solved with R's root finder and tolerance (uniroot on [0, 1] for psi, or on [eps, 1] for 1 / psi).
 *
 * @example
 * fisherExactTest([[3, 1], [1, 3]]); // { pValue: 0.4857..., oddsRatio: 6.408309... }
 */
import hypergeometricPmf from "@stdlib/stats-base-dists-hypergeometric-pmf";
import { brentRoot } from "./root-finding";

export interface FisherResult {
  pValue: number;
  oddsRatio: number;
}

export function fisherExactTest(table: number[][]): FisherResult {
  if (table.length !== 2 || table.some((row) => row.length !== 2)) {
    throw new Error("fisherExactTest: expected a 2 x 2 table [[a, b], [c, d]]");
  }
  const cells = [table[0][0], table[0][1], table[1][0], table[1][1]];
  for (const v of cells) {
    if (!Number.isInteger(v) || v < 0) throw new Error(`fisherExactTest: cell ${v} is not a non-negative integer count`);
  }
  const m = table[0][0] + table[1][0];
  const n = table[0][1] + table[1][1];
  const k = table[0][0] + table[0][1];
  const x = table[0][0];
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  const support: number[] = [];
  for (let s = lo; s <= hi; s++) support.push(s);
  const logDensity = support.map((s) => Math.log(hypergeometricPmf(s, m + n, m, k)));

  /** Non-central hypergeometric probabilities over the support for odds ratio psi. */
  const density = (psi: number): number[] => {
    const logPsi = Math.log(psi);
    const d = logDensity.map((l, i) => l + logPsi * support[i]);
    const max = Math.max(...d);
    const e = d.map((v) => Math.exp(v - max));
    const total = e.reduce((acc, v) => acc + v, 0);
    return e.map((v) => v / total);
  };
  const meanAt = (psi: number): number => {
    if (psi === 0) return lo;
    if (psi === Infinity) return hi;
    return density(psi).reduce((acc, p, i) => acc + support[i] * p, 0);
  };

  const d = density(1);
  const threshold = d[x - lo] * (1 + 1e-7);
  let pValue = 0;
  for (const p of d) if (p <= threshold) pValue += p;

  let oddsRatio: number;
  if (x === lo) oddsRatio = 0;
  else if (x === hi) oddsRatio = Infinity;
  else {
    const mu = meanAt(1);
    if (mu > x) oddsRatio = brentRoot((t) => meanAt(t) - x, 0, 1);
    else if (mu < x) oddsRatio = 1 / brentRoot((t) => meanAt(1 / t) - x, Number.EPSILON, 1);
    else oddsRatio = 1;
  }
  return { pValue, oddsRatio };
}
