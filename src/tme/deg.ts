/**
 * Differentially expressed genes between high- and low-score patient groups (paper: high vs low
 * radiomic score), per gene:
 *   Welch t-test high vs low (stats/ttest.ts), log2 fold change, BH-adjusted p (FDR) over the tested genes.
 * log2FC = mean_high - mean_low for expression already on a log2 scale (default), or
 * log2(mean_high / mean_low) for linear-scale expression (`logScale: false`).
 * The groups come from the score cut-off that maximises sensitivity + specificity for the labels
 * (cutpointr's maximize_metric / sum_sens_spec, `optimalCutpoint` in src/stats): high = score >= cut-off;
 * or from `cutoff` when given. A gene constant within both groups gets t = p = fdr = NaN and is not counted
 * in the FDR.
 *
 * @example
 * const res = differentialExpression(expr, scores, alnm);  // expr: genes x patients; scores, alnm: Map by patient
 * res.cutoff;                                               // the score cut-off used
 * res.genes.filter((g) => g.fdr < 0.05 && Math.abs(g.log2FC) > 1);
 */
import { optimalCutpoint } from "../stats/index";
import { twoGroupColumnTests } from "../stats/column-tests";
import { NamedMatrix } from "./matrix";

export interface DegRow {
  gene: string;
  log2FC: number;
  meanHigh: number;
  meanLow: number;
  t: number;
  df: number;
  p: number;
  fdr: number;
}

export interface DegResult {
  cutoff: number;
  high: string[];
  low: string[];
  genes: DegRow[];
}

export interface DegOptions {
  /** Score cut-off (high = score >= cutoff); default: optimalCutpoint(scores, labels). */
  cutoff?: number;
  /** Expression is log2-scale (default true). */
  logScale?: boolean;
}

/** DEGs of `expression` (genes as rows, patients as columns) between score groups. */
export function differentialExpression(
  expression: NamedMatrix,
  scores: Map<string, number>,
  labels?: Map<string, 0 | 1>,
  options: DegOptions = {},
): DegResult {
  const { logScale = true } = options;
  const patients = expression.columns.filter((p) => scores.has(p) && (options.cutoff !== undefined || labels?.has(p)));
  let cutoff = options.cutoff;
  if (cutoff === undefined) {
    if (!labels) throw new Error("differentialExpression: give labels (for the optimal cut-off) or a cutoff");
    cutoff = optimalCutpoint(
      patients.map((p) => scores.get(p)!),
      patients.map((p) => labels.get(p)!),
    ).cutoff;
  }
  const high = patients.filter((p) => scores.get(p)! >= cutoff!);
  const low = patients.filter((p) => scores.get(p)! < cutoff!);
  if (high.length < 2 || low.length < 2) {
    throw new Error(`differentialExpression: cut-off ${cutoff} leaves ${high.length} high and ${low.length} low patients (need 2 each)`);
  }
  const col = new Map(expression.columns.map((c, j) => [c, j] as [string, number]));
  const hi = high.map((p) => col.get(p)!);
  const lo = low.map((p) => col.get(p)!);
  // One column per gene (genes are the matrix rows here), patients of the high group against the low group.
  const patientsUsed = [...hi, ...lo];
  const group = [...hi.map(() => 1), ...lo.map(() => 0)];
  const tests = twoGroupColumnTests(expression.values.map((row) => patientsUsed.map((j) => row[j])), group);
  const rows: DegRow[] = tests.map((r, i) => ({
    gene: expression.rows[i],
    log2FC: logScale ? r.meanA - r.meanB : Math.log2(r.meanA / r.meanB),
    meanHigh: r.meanA,
    meanLow: r.meanB,
    t: r.statistic,
    df: r.df,
    p: r.p,
    fdr: r.pAdj,
  }));
  return { cutoff, high, low, genes: rows };
}
