/**
 * Welch two-sample t-tests of every column of a matrix between two patient groups, with BH-adjusted p
 * over the columns (R: t.test(x[group == 1], x[group == 0]) per column, then p.adjust(p, "BH")).
 *
 *   t = (mean_1 - mean_0) / sqrt(s1^2/n1 + s0^2/n0),  df by Welch-Satterthwaite  (stats/ttest.ts)
 *
 * Patients missing from `groups` (or with NaN values) are left out of that column's test.
 *
 * @example
 * const rows = welchByGroup(radiomics, nodePositive);  // nodePositive: Map patient -> 0 | 1
 * rows[0];  // { feature: "Maximum enhancement (K1)", t: -0.97, df: 67.8, p: 0.33, p_adj: 0.48 }
 */
import { twoGroupColumnTests } from "../stats/column-tests";
import { NamedMatrix } from "./matrix";

export interface WelchRow {
  feature: string;
  /** Welch t of group `minuend` (default 1) minus the other group. */
  t: number;
  df: number;
  p: number;
  p_adj: number;
}

export function welchByGroup(features: NamedMatrix, groups: Map<string, 0 | 1>, options: { minuend?: 0 | 1 } = {}): WelchRow[] {
  // t of group `minuend` minus the other; R's t.test(x ~ g) with g's levels 0, 1 is minuend 0.
  const minuend = options.minuend ?? 1;
  const group = features.rows.map((id) => {
    const g = groups.get(id);
    return g === undefined ? null : g === minuend ? 1 : 0;
  });
  const tests = twoGroupColumnTests(features.columns.map((_, j) => features.values.map((row) => row[j])), group);
  return tests.map((r, j) => {
    if (r.nA < 2 || r.nB < 2) throw new Error(`welchByGroup: feature '${features.columns[j]}' has ${r.nA} patients in group ${minuend} and ${r.nB} in group ${1 - minuend} (need 2 each)`);
    return { feature: features.columns[j], t: r.statistic, df: r.df, p: r.p, p_adj: r.pAdj };
  });
}
