/**
 * Small summaries notebook 06 shows beside the paper's claims: how many tests pass p < alpha before and
 * after the BH adjustment, and the CIBERSORT fractions as a patients x cell-types matrix with their
 * recovery of known fractions.
 *
 * @example
 * significanceCounts(spearmanRows);  // { tested: 756, nominal: 41, adjusted: 0, minP: 0.0012, minPAdj: 0.23 }
 */
import { benjaminiHochberg, correlation } from "../../stats/index";
import type { CibersortResult } from "../../tme/cibersort";
import type { NamedMatrix } from "../../tme/matrix";

export interface SignificanceCounts {
  /** Tests with a defined p. */
  tested: number;
  /** p < alpha unadjusted, and BH-adjusted p < alpha. */
  nominal: number;
  adjusted: number;
  minP: number;
  minPAdj: number;
}

export function significanceCounts(rows: { p: number; p_adj: number }[], alpha = 0.05): SignificanceCounts {
  const defined = rows.filter((r) => Number.isFinite(r.p));
  return {
    tested: defined.length,
    nominal: defined.filter((r) => r.p < alpha).length,
    adjusted: defined.filter((r) => r.p_adj < alpha).length,
    minP: defined.length ? Math.min(...defined.map((r) => r.p)) : NaN,
    minPAdj: defined.length ? Math.min(...defined.map((r) => r.p_adj)) : NaN,
  };
}

/** CIBERSORT fractions as a patients x cell-types matrix (for Spearman maps). */
export function fractionsMatrix(result: CibersortResult, options: { maxP?: number } = {}): NamedMatrix {
  // CIBERSORT's own filter: keep the mixtures whose deconvolution p is below maxP (NaN p, no permutations: kept).
  const kept = result.samples.filter((s) => options.maxP === undefined || !Number.isFinite(s.pValue) || s.pValue < options.maxP);
  return { rows: kept.map((s) => s.mixture), columns: result.cellTypes.slice(), values: kept.map((s) => s.fractions.slice()) };
}

/**
 * Per cell type, Pearson r between estimated and known fractions over the patients in both matrices
 * (columns matched by name), with the mean known fraction (recovery is only meaningful with signal).
 */
export function fractionRecovery(estimated: NamedMatrix, truth: NamedMatrix): { cell_type: string; r: number; meanTrue: number; meanEstimated: number }[] {
  const truthRow = new Map(truth.rows.map((id, i) => [id, i] as [string, number]));
  const ids = estimated.rows.filter((id) => truthRow.has(id));
  if (ids.length < 3) throw new Error(`fractionRecovery: only ${ids.length} patients in both matrices`);
  return estimated.columns.map((cell, j) => {
    const tj = truth.columns.indexOf(cell);
    if (tj < 0) throw new Error(`fractionRecovery: cell type '${cell}' is not among the known fractions' columns`);
    const est = ids.map((id) => estimated.values[estimated.rows.indexOf(id)][j]);
    const tru = ids.map((id) => truth.values[truthRow.get(id)!][tj]);
    const sd = (x: number[]) => Math.max(...x) - Math.min(...x);
    return {
      cell_type: cell,
      r: sd(est) > 0 && sd(tru) > 0 ? correlation(est, tru) : NaN,
      meanTrue: tru.reduce((a, b) => a + b, 0) / tru.length,
      meanEstimated: est.reduce((a, b) => a + b, 0) / est.length,
    };
  });
}

/** {@link significanceCounts} of raw p-values, BH-adjusted over the defined ones (R: p.adjust(p, "BH")). */
export function pValueCounts(p: number[], alpha = 0.05): SignificanceCounts {
  const adjusted = benjaminiHochberg(p);
  return significanceCounts(p.map((v, i) => ({ p: v, p_adj: adjusted[i] })), alpha);
}
