/**
 * Key radiomic features before vs after neoadjuvant chemotherapy (paper section 2.5, 4.5, Table 2): a paired
 * t-test per feature over the patients imaged at both time points, Benjamini-Hochberg FDR across features,
 * and the count of features up- and down-regulated after treatment; and per feature a Welch t-test between
 * responders and non-responders.
 *
 * @example
 * const r = pairedFeatureChanges(["glcm_Idmn"], [[0.8, 0.9, 0.7]], [[0.6, 0.7, 0.65]]);
 * r.rows[0].direction; // "down"
 */
import { pairedColumnTests, twoGroupColumnTests } from "../../stats/column-tests";
import { benjaminiHochberg, wilcoxonSignedRank } from "../../stats/index";

export interface PairedChangeRow {
  feature: string;
  n: number;
  meanBefore: number;
  meanAfter: number;
  /** Mean of after - before. */
  meanChange: number;
  t: number;
  df: number;
  p: number;
  pAdj: number;
  /** Significant change at the FDR level, by sign of the mean change; "ns" otherwise. */
  direction: "up" | "down" | "ns";
}

export interface PairedChanges {
  rows: PairedChangeRow[];
  up: number;
  down: number;
  fdr: number;
}

/**
 * `before[f][i]` and `after[f][i]` are feature f of patient i at the two time points; patients missing
 * either value are left out of that feature's test. Features that do not change at all in any patient
 * (paired differences with zero variance) get p = NaN, as R's t.test refuses them.
 */
export function pairedFeatureChanges(features: string[], before: number[][], after: number[][], fdr = 0.05): PairedChanges {
  if (before.length !== features.length || after.length !== features.length) {
    throw new Error(`pairedFeatureChanges: ${features.length} features but ${before.length} / ${after.length} value rows`);
  }
  features.forEach((feature, f) => {
    if (before[f].length !== after[f].length) throw new Error(`pairedFeatureChanges: feature ${feature} has ${before[f].length} values before and ${after[f].length} after`);
  });
  const tests = pairedColumnTests(before, after);
  const rows: PairedChangeRow[] = tests.map((r, k) => ({
    feature: features[k],
    n: r.n,
    meanBefore: r.meanBefore,
    meanAfter: r.meanAfter,
    meanChange: r.meanChange,
    t: r.statistic,
    df: r.df,
    p: r.p,
    pAdj: r.pAdj,
    direction: r.pAdj < fdr ? (r.meanChange > 0 ? "up" : "down") : "ns",
  }));
  return { rows, up: rows.filter((r) => r.direction === "up").length, down: rows.filter((r) => r.direction === "down").length, fdr };
}

/** Features changed after treatment: up and down counts at unadjusted p < alpha (the paper states no correction). */
export function unadjustedCounts(rows: PairedChangeRow[], alpha = 0.05): { up: number; down: number } {
  const changed = rows.filter((r) => r.p < alpha);
  return { up: changed.filter((r) => r.meanChange > 0).length, down: changed.filter((r) => r.meanChange < 0).length };
}

export interface SignedRankRow {
  feature: string;
  n: number;
  /** Wilcoxon V of after - before (sum of the ranks of the positive differences). */
  V: number;
  p: number;
  pAdj: number;
  exact: boolean;
}

/**
 * The non-parametric check of the paired t-tests: Wilcoxon signed-rank test of after vs before per feature
 * (R: `wilcox.test(after, before, paired = TRUE)`), BH across features.
 */
export function signedRankChanges(features: string[], before: number[][], after: number[][]): SignedRankRow[] {
  const rows = features.map((feature, f) => {
    try {
      const r = wilcoxonSignedRank(after[f], before[f]);
      return { feature, n: r.n, V: r.statistic, p: r.pValue, pAdj: NaN, exact: r.exact };
    } catch {
      return { feature, n: 0, V: NaN, p: NaN, pAdj: NaN, exact: false }; // no complete pair
    }
  });
  const pAdj = benjaminiHochberg(rows.map((r) => r.p));
  rows.forEach((r, k) => (r.pAdj = pAdj[k]));
  return rows;
}

export interface GroupDifferenceRow {
  feature: string;
  meanA: number;
  meanB: number;
  t: number;
  df: number;
  p: number;
  pAdj: number;
}

/** Welch t-test of every feature between two patient groups (e.g. responders vs non-responders), BH across features. */
export function featureGroupDifferences(features: string[], values: number[][], inGroupA: boolean[]): GroupDifferenceRow[] {
  return twoGroupColumnTests(values, inGroupA.map((a) => (a ? 1 : 0))).map((r, f) => ({ feature: features[f], meanA: r.meanA, meanB: r.meanB, t: r.statistic, df: r.df, p: r.p, pAdj: r.pAdj }));
}

/**
 * Up / down counts per feature class (firstorder, shape, glcm, glrlm, glszm, gldm, ngtdm), read from
 * PyRadiomics names such as "tumour/T1C/wavelet-LLH_gldm_DependenceEntropy" — the paper singles out GLDM.
 */
export function changesByFeatureClass(rows: PairedChangeRow[]): { featureClass: string; features: number; up: number; down: number }[] {
  const classes = new Map<string, { featureClass: string; features: number; up: number; down: number }>();
  for (const r of rows) {
    const name = r.feature.slice(r.feature.lastIndexOf("/") + 1);
    const featureClass = name.startsWith("diagnostics_") ? "diagnostics" : name.split("_")[1] ?? "unknown";
    const c = classes.get(featureClass) ?? { featureClass, features: 0, up: 0, down: 0 };
    c.features++;
    if (r.direction === "up") c.up++;
    if (r.direction === "down") c.down++;
    classes.set(featureClass, c);
  }
  return [...classes.values()].sort((a, b) => (a.featureClass < b.featureClass ? -1 : 1));
}

/** Each row of `values` (features x patients) standardised to mean 0, SD 1 across patients, as pheatmap's scale = "row". */
export function scaleRows(values: number[][]): number[][] {
  return values.map((row) => {
    const finite = row.filter(Number.isFinite);
    const m = finite.reduce((a, b) => a + b, 0) / finite.length;
    const sd = Math.sqrt(finite.reduce((a, b) => a + (b - m) ** 2, 0) / (finite.length - 1));
    return row.map((v) => (sd > 0 ? (v - m) / sd : 0));
  });
}
