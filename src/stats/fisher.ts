/**
 * Fisher's exact test on an r x c contingency table, two-sided, as R's `fisher.test(table)`.
 *
 * With both margins fixed (row sums r_i, column sums c_j, total N) a table {n_ij} has the multivariate
 * hypergeometric probability
 *   P({n_ij}) = prod_i r_i! prod_j c_j! / (N! prod_ij n_ij!),
 * and the two-sided p-value is the total probability of the tables at most as probable as the observed one:
 *   p = sum of P(T) over tables T with the observed margins and P(T) <= P(observed) (1 + 1e-7)
 * (the relative tolerance keeps tables that tie with the observed one in exact arithmetic but differ by
 * rounding). All probabilities are formed from log-factorials.
 *
 * 2 x 2 tables: the top-left count X is hypergeometric, m = column-1 total, n = column-2 total,
 * k = row-1 total, support lo..hi = max(0, k - n)..min(k, m); the p-value is the sum above over that support.
 * They also get the odds ratio of R's `$estimate` and `$conf.int`, from the non-central hypergeometric
 *   P_psi(X = s) = C(m, s) C(n, k - s) psi^s / sum_t C(m, t) C(n, k - t) psi^t,   s = lo..hi:
 * - estimate: the conditional maximum-likelihood psi, solving E_psi[X] = x; 0 when x = lo, Infinity when x = hi;
 * - confidence interval at level 1 - alpha (confLevel): lower bound psi_L with P_psi_L(X >= x) = alpha / 2
 *   (0 when x = lo), upper bound psi_U with P_psi_U(X <= x) = alpha / 2 (Infinity when x = hi).
 * Each equation is solved as R does: Brent's method on psi in [0, 1] when the root lies below 1, otherwise on
 * 1 / psi in [eps, 1], with R's default `uniroot` tolerance eps^0.25 (so the bounds agree with R to ~1e-6).
 *
 * r x c tables (more than 2 rows or columns) are enumerated in full, cell by cell with the margins fixed;
 * before enumerating, the number of tables with these margins is counted, and more than `maxTables`
 * (default 1e7) is refused with an Error instead of running for minutes. `oddsRatio` and `confInt` are NaN
 * for them (R reports no estimate either).
 *
 * @example
 * fisherExactTest([[3, 1], [1, 3]]);
 * // { pValue: 0.4857..., oddsRatio: 6.408309..., confInt: [0.2117329..., 621.93375...], confLevel: 0.95 }
 * fisherExactTest([[2, 3, 1], [4, 0, 2], [1, 5, 3]]).pValue; // 0.1366992...
 */
import hypergeometricPmf from "@stdlib/stats-base-dists-hypergeometric-pmf";
import { brentRoot } from "./root-finding";

export interface FisherResult {
  /** Two-sided exact p-value. */
  pValue: number;
  /** 2 x 2: conditional MLE of the odds ratio (0 or Infinity with a zero cell in the right place); NaN for r x c. */
  oddsRatio: number;
  /** 2 x 2: confidence interval for the odds ratio at `confLevel` (bounds may be 0 / Infinity); [NaN, NaN] for r x c. */
  confInt: [number, number];
  /** Confidence level of `confInt`. */
  confLevel: number;
}

export interface FisherOptions {
  /** Confidence level for the odds-ratio interval of a 2 x 2 table (R's `conf.level`), default 0.95. */
  confLevel?: number;
  /** r x c tables: refuse (throw) when more than this many tables have the observed margins; default 1e7. */
  maxTables?: number;
}

/** Default cap on the number of r x c tables enumerated. */
export const FISHER_MAX_TABLES = 1e7;

/** R's relative tolerance for "at most as probable as the observed table". */
const RELATIVE_TOLERANCE = 1e-7;

export function fisherExactTest(table: number[][], options: FisherOptions = {}): FisherResult {
  const confLevel = options.confLevel ?? 0.95;
  if (!(Number.isFinite(confLevel) && confLevel > 0 && confLevel < 1)) {
    throw new Error(`fisherExactTest: confLevel must be a number strictly between 0 and 1 (got ${confLevel})`);
  }
  const nCols = Array.isArray(table) && Array.isArray(table[0]) ? table[0].length : 0;
  if (!Array.isArray(table) || table.length < 2 || nCols < 2 || table.some((row) => !Array.isArray(row) || row.length !== nCols)) {
    throw new Error("fisherExactTest: expected a table (array of rows of equal length) with at least 2 rows and 2 columns; a 2 x 2 table is [[a, b], [c, d]]");
  }
  for (const row of table) {
    for (const v of row) {
      if (!Number.isInteger(v) || v < 0) throw new Error(`fisherExactTest: cell ${v} is not a non-negative integer count`);
    }
  }
  if (table.length === 2 && nCols === 2) return fisher2x2(table, confLevel);
  const pValue = fisherRxC(table, options.maxTables ?? FISHER_MAX_TABLES);
  return { pValue, oddsRatio: NaN, confInt: [NaN, NaN], confLevel };
}

// ---------------------------------------------------------------------------------------------------------
// 2 x 2: hypergeometric p-value, conditional MLE and confidence interval of the odds ratio.

function fisher2x2(table: number[][], confLevel: number): FisherResult {
  const m = table[0][0] + table[1][0];
  const n = table[0][1] + table[1][1];
  const k = table[0][0] + table[0][1];
  const x = table[0][0];
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  const support: number[] = [];
  for (let s = lo; s <= hi; s++) support.push(s);
  const logDensity = support.map((s) => Math.log(hypergeometricPmf(s, m + n, m, k)));

  /** Non-central hypergeometric probabilities over the support for a finite, positive odds ratio psi. */
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
  /** P_psi(X <= q) (lower tail) or P_psi(X >= q) (upper tail); psi = 0 / Infinity put all mass on lo / hi. */
  const tail = (q: number, psi: number, upper: boolean): number => {
    if (psi === 0) return upper ? Number(q <= lo) : Number(q >= lo);
    if (psi === Infinity) return upper ? Number(q <= hi) : Number(q >= hi);
    const d = density(psi);
    let total = 0;
    for (let i = 0; i < d.length; i++) if (upper ? support[i] >= q : support[i] <= q) total += d[i];
    return total;
  };

  const d = density(1);
  const threshold = d[x - lo] * (1 + RELATIVE_TOLERANCE);
  let pValue = 0;
  for (const p of d) if (p <= threshold) pValue += p;
  pValue = Math.min(1, pValue); // as R, which caps the sum of rounded probabilities at 1

  let oddsRatio: number;
  if (x === lo) oddsRatio = 0;
  else if (x === hi) oddsRatio = Infinity;
  else {
    const mu = meanAt(1);
    if (mu > x) oddsRatio = brentRoot((t) => meanAt(t) - x, 0, 1);
    else if (mu < x) oddsRatio = 1 / brentRoot((t) => meanAt(1 / t) - x, Number.EPSILON, 1);
    else oddsRatio = 1;
  }

  /**
   * The psi with tail(x, psi, upper) = alpha. The upper tail P_psi(X >= x) increases with psi, the lower tail
   * P_psi(X <= x) decreases; psi = 1 decides whether the root is searched on [0, 1] or (through 1 / psi) above 1.
   */
  const solveTail = (upper: boolean, alpha: number): number => {
    const atOne = tail(x, 1, upper);
    const rootBelowOne = upper ? atOne > alpha : atOne < alpha;
    const rootAboveOne = upper ? atOne < alpha : atOne > alpha;
    if (rootBelowOne) return brentRoot((t) => tail(x, t, upper) - alpha, 0, 1);
    if (rootAboveOne) return 1 / brentRoot((t) => tail(x, 1 / t, upper) - alpha, Number.EPSILON, 1);
    return 1;
  };
  const alpha = (1 - confLevel) / 2;
  const lower = x === lo ? 0 : solveTail(true, alpha);
  const upperBound = x === hi ? Infinity : solveTail(false, alpha);
  return { pValue, oddsRatio, confInt: [lower, upperBound], confLevel };
}

// ---------------------------------------------------------------------------------------------------------
// r x c: full enumeration of the tables with the observed margins.

/** log(i!) for i = 0..n, by cumulative sums of log(i). */
function logFactorials(n: number): Float64Array {
  const out = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) out[i] = out[i - 1] + Math.log(i);
  return out;
}

/**
 * Number of tables with row sums `rows` and column sums `cols`, or `limit + 1` as soon as it is known to exceed
 * `limit`. Fills row by row; the number of completions depends only on the row index and the multiset of
 * remaining column sums, which is memoised (sorted). Every partial row kept by the bounds below can be completed,
 * so the work stays proportional to min(count, limit) and is usually far smaller.
 */
function countTables(rows: number[], cols: number[], limit: number): number {
  const memo = new Map<string, number>();
  const cap = limit + 1;
  const completions = (i: number, colRem: number[]): number => {
    if (i === rows.length - 1) return 1;
    const key = `${i}|${[...colRem].sort((a, b) => a - b).join(",")}`;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let total = 0;
    const c = colRem.length;
    const suffix = new Array<number>(c + 1).fill(0);
    for (let j = c - 1; j >= 0; j--) suffix[j] = suffix[j + 1] + colRem[j];
    // Enumerate the compositions of rows[i] into the columns, v_j <= colRem[j].
    const fill = (j: number, rowRem: number): void => {
      if (total >= cap) return;
      if (j === c - 1) {
        colRem[j] -= rowRem;
        total = Math.min(cap, total + completions(i + 1, colRem));
        colRem[j] += rowRem;
        return;
      }
      const from = Math.max(0, rowRem - suffix[j + 1]);
      const to = Math.min(rowRem, colRem[j]);
      for (let v = from; v <= to && total < cap; v++) {
        colRem[j] -= v;
        fill(j + 1, rowRem - v);
        colRem[j] += v;
      }
    };
    fill(0, rows[i]);
    memo.set(key, total);
    return total;
  };
  return completions(0, [...cols]);
}

/** Two-sided p-value of an r x c table (at least one side > 2) by enumerating all tables with its margins. */
function fisherRxC(table: number[][], maxTables: number): number {
  // Fill along the longer side so that each enumerated row is short.
  const t = table.length >= table[0].length ? table : table[0].map((_, j) => table.map((row) => row[j]));
  const nRows = t.length, nCols = t[0].length;
  const rows = t.map((row) => row.reduce((a, b) => a + b, 0));
  const cols = t[0].map((_, j) => t.reduce((a, row) => a + row[j], 0));
  const total = rows.reduce((a, b) => a + b, 0);

  const count = countTables(rows, cols, maxTables);
  if (count > maxTables) {
    throw new Error(
      `fisherExactTest: the ${table.length} x ${table[0].length} table (n = ${total}) has more than ${maxTables} tables ` +
        `with its margins; full enumeration is refused (limit maxTables = ${maxTables}). Use a chi-squared or Monte Carlo test instead.`,
    );
  }

  const lf = logFactorials(total);
  // log P(T) = constant - sum_ij log(n_ij!)
  let constant = -lf[total];
  for (const r of rows) constant += lf[r];
  for (const c of cols) constant += lf[c];
  let observedKernel = 0;
  for (const row of t) for (const v of row) observedKernel += lf[v];
  const logThreshold = constant - observedKernel + Math.log1p(RELATIVE_TOLERANCE);

  // Neumaier-compensated sum of the qualifying probabilities.
  let sum = 0, compensation = 0;
  const add = (p: number): void => {
    const s = sum + p;
    compensation += Math.abs(sum) >= Math.abs(p) ? sum - s + p : p - s + sum;
    sum = s;
  };

  const colRem = [...cols];
  /** Row i, column j, rowRem left in row i, acc = sum of log(n!) over the cells filled so far. */
  const visit = (i: number, j: number, rowRem: number, acc: number): void => {
    if (i === nRows - 1) {
      // The last row is fixed by the column remainders.
      let kernel = acc;
      for (let jj = 0; jj < nCols; jj++) kernel += lf[colRem[jj]];
      const logP = constant - kernel;
      if (logP <= logThreshold) add(Math.exp(logP));
      return;
    }
    if (j === nCols - 1) {
      // The last cell of a row takes what is left of the row (the bounds guarantee rowRem <= colRem[j]).
      colRem[j] -= rowRem;
      visit(i + 1, 0, rows[i + 1], acc + lf[rowRem]);
      colRem[j] += rowRem;
      return;
    }
    let later = 0;
    for (let jj = j + 1; jj < nCols; jj++) later += colRem[jj];
    const from = Math.max(0, rowRem - later);
    const to = Math.min(rowRem, colRem[j]);
    for (let v = from; v <= to; v++) {
      colRem[j] -= v;
      visit(i, j + 1, rowRem - v, acc + lf[v]);
      colRem[j] += v;
    }
  };
  visit(0, 0, rows[0], 0);
  return Math.min(1, sum + compensation);
}
