/**
 * Quantile normalisation of the columns of a matrix, as Bioconductor preprocessCore's
 * `normalize.quantiles` (ties = TRUE), which CIBERSORT applies to mixtures when QN = TRUE.
 *
 * With the n values of each column sorted, the reference distribution is the mean across columns at each
 * sorted position, m_(k) = mean_j x_(k),j. Every value is replaced by the reference value at its rank;
 * for tied values (average rank r with a fractional part > 0.4, i.e. r = k + 0.5) the mean of m_(k) and
 * m_(k+1) is used, as preprocessCore does.
 *
 * @example
 * quantileNormalize([[5, 4], [2, 1], [3, 4]]); // [[4.5, 4], [1.5, 1.5], [3.5, 4]]
 */
import { averageRanks } from "../stats/index";

export function quantileNormalize(values: number[][]): number[][] {
  const n = values.length;
  if (n === 0) return [];
  const p = values[0].length;
  values.forEach((row, i) => {
    if (row.length !== p) throw new Error(`quantileNormalize: row ${i} has ${row.length} values, expected ${p}`);
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new Error(`quantileNormalize: value at row ${i}, column ${j} is ${v}`);
    });
  });
  const reference = new Array<number>(n).fill(0);
  for (let j = 0; j < p; j++) {
    const sorted = values.map((row) => row[j]).sort((a, b) => a - b);
    for (let k = 0; k < n; k++) reference[k] += sorted[k] / p;
  }
  const out = values.map((row) => row.slice());
  for (let j = 0; j < p; j++) {
    const ranks = averageRanks(values.map((row) => row[j]));
    for (let i = 0; i < n; i++) {
      const r = ranks[i];
      const k = Math.floor(r);
      out[i][j] = r - k > 0.4 ? 0.5 * (reference[k - 1] + reference[k]) : reference[k - 1];
    }
  }
  return out;
}
