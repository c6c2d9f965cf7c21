/**
 * Pearson's chi-squared test of independence on an r x c contingency table (R: `chisq.test(table, correct)`).
 *
 *   E_ij = (row_i total)(column_j total) / n
 *   X^2  = sum_ij (|O_ij - E_ij| - Y)^2 / E_ij,  df = (r - 1)(c - 1),  p = P(chi^2_df > X^2)
 * Yates' continuity correction Y = min(0.5, min_ij |O_ij - E_ij|) applies only to 2 x 2 tables with `correct`
 * (the default, as R); Y = 0 otherwise. A zero row or column total makes an expected count 0 and the statistic
 * NaN, as in R.
 *
 * @example
 * chiSquaredTest([[12, 5], [7, 15]]);                    // Yates-corrected, as chisq.test(matrix(...))
 * chiSquaredTest([[10, 20, 30], [6, 9, 17]]).df;        // 2
 */
import { chiSquaredUpperTail } from "./distributions";

export interface ChiSquaredResult {
  statistic: number;
  df: number;
  pValue: number;
  /** Expected counts under independence, same shape as the table. */
  expected: number[][];
  /** Whether Yates' correction was applied (R adds "with Yates' continuity correction" to the method). */
  yates: boolean;
}

export function chiSquaredTest(table: number[][], options: { correct?: boolean } = {}): ChiSquaredResult {
  const correct = options.correct ?? true;
  const nr = table.length;
  const nc = nr > 0 ? table[0].length : 0;
  if (nr < 2 || nc < 2) throw new Error(`chiSquaredTest: the table must have at least 2 rows and 2 columns (got ${nr} x ${nc})`);
  const rowSums = new Array<number>(nr).fill(0);
  const colSums = new Array<number>(nc).fill(0);
  let n = 0;
  table.forEach((row, i) => {
    if (row.length !== nc) throw new Error(`chiSquaredTest: row ${i} has ${row.length} cells, row 0 has ${nc}`);
    row.forEach((v, j) => {
      if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`chiSquaredTest: cell [${i}][${j}] = ${v}; counts must be finite and >= 0`);
      rowSums[i] += v;
      colSums[j] += v;
      n += v;
    });
  });
  if (n === 0) throw new Error("chiSquaredTest: at least one entry of the table must be positive");
  const expected = rowSums.map((r) => colSums.map((c) => (r * c) / n));
  let yatesCorrection = 0;
  if (correct && nr === 2 && nc === 2) {
    yatesCorrection = 0.5;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) yatesCorrection = Math.min(yatesCorrection, Math.abs(table[i][j] - expected[i][j]));
  }
  // Column-major summation, the order R's sum() sees the matrix in.
  let statistic = 0;
  for (let j = 0; j < nc; j++) {
    for (let i = 0; i < nr; i++) {
      const d = Math.abs(table[i][j] - expected[i][j]) - yatesCorrection;
      statistic += (d * d) / expected[i][j];
    }
  }
  const df = (nr - 1) * (nc - 1);
  return { statistic, df, pValue: chiSquaredUpperTail(statistic, df), expected, yates: yatesCorrection > 0 };
}
