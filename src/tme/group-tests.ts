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
import { benjaminiHochberg, welchTTest } from "../stats/index";
import { NamedMatrix } from "./matrix";

export interface WelchRow {
  feature: string;
  /** Welch t of group 1 minus group 0. */
  t: number;
  df: number;
  p: number;
  p_adj: number;
}

export function welchByGroup(features: NamedMatrix, groups: Map<string, 0 | 1>): WelchRow[] {
  const rows = features.columns.map((feature, j) => {
    const g1: number[] = [];
    const g0: number[] = [];
    features.rows.forEach((id, i) => {
      const g = groups.get(id);
      const v = features.values[i][j];
      if (g === undefined || Number.isNaN(v)) return;
      (g === 1 ? g1 : g0).push(v);
    });
    if (g1.length < 2 || g0.length < 2) {
      throw new Error(`welchByGroup: feature '${feature}' has ${g1.length} patients in group 1 and ${g0.length} in group 0 (need 2 each)`);
    }
    const res = welchTTest(g1, g0);
    return { feature, t: res.statistic, df: res.df, p: res.pValue, p_adj: NaN };
  });
  const adjusted = benjaminiHochberg(rows.map((r) => r.p));
  rows.forEach((r, k) => (r.p_adj = adjusted[k]));
  return rows;
}
