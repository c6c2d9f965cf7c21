/**
 * Radiomic feature selection of the paper (section 2.3), done on the training cohort only:
 * 1. t-test filter: keep features whose two-sided t-test between ALN-positive and ALN-negative patients
 *    gives p < 0.05 (Welch by default, as R's t.test; constant features are dropped);
 * 2. within each sequence x region group, a random forest (Breiman, R randomForest defaults: 500 trees,
 *    mtry = floor(sqrt(p))) ranks the surviving features by mean decrease Gini; the top 30 of each group are
 *    kept (all of them when fewer survive). Ties in importance keep column order.
 *
 * @example
 * const filter = tTestFilter(rows, labels, { pThreshold: 0.05 });   // [{ column, pValue }] with p < 0.05
 * const top = await topByForest(rows, labels, filter.map((f) => f.column), { topK: 30, seed: 1 });
 */
import { studentTTest, welchTTest } from "../stats/index";
import { RandomForestClassifier } from "../models/random-forest";
import type { TTestKind } from "./clinical";

export interface FilterResult {
  column: number;
  statistic: number;
  pValue: number;
}

/**
 * Two-sample t-test of every column (patients x features; NaN values skipped) between label 1 and
 * label 0; returns the columns with p below the threshold, in column order.
 */
export function tTestFilter(
  rows: number[][],
  labels: number[],
  options: { pThreshold?: number; tTest?: TTestKind; columns?: number[] } = {},
): FilterResult[] {
  const threshold = options.pThreshold ?? 0.05;
  const test = (options.tTest ?? "welch") === "welch" ? welchTTest : studentTTest;
  const columns = options.columns ?? (rows.length ? rows[0].map((_, j) => j) : []);
  const out: FilterResult[] = [];
  for (const j of columns) {
    const pos: number[] = [];
    const neg: number[] = [];
    rows.forEach((r, i) => {
      const x = r[j];
      if (!Number.isFinite(x)) return;
      if (labels[i] === 1) pos.push(x);
      else if (labels[i] === 0) neg.push(x);
    });
    if (pos.length < 2 || neg.length < 2) continue;
    let res;
    try {
      res = test(pos, neg);
    } catch {
      continue; // constant within both groups: no evidence either way, never selected
    }
    if (res.pValue < threshold) out.push({ column: j, statistic: res.statistic, pValue: res.pValue });
  }
  return out;
}

export interface ForestOptions {
  nTrees?: number;
  /** Features tried at each split (default floor(sqrt(p)), R's randomForest for classification). */
  mtry?: number;
  workers?: number;
  seed: number;
  topK?: number;
}

export interface RankedFeature {
  column: number;
  meanDecreaseGini: number;
}

/**
 * Fits a random forest on `columns` of `rows` (complete rows only) and returns the `topK` columns by
 * mean decrease Gini, highest first.
 */
export async function topByForest(rows: number[][], labels: number[], columns: number[], options: ForestOptions): Promise<RankedFeature[]> {
  const topK = options.topK ?? 30;
  if (columns.length === 0) return [];
  const X = rows.map((r) => columns.map((j) => r[j]));
  X.forEach((r, i) => {
    if (!r.every(Number.isFinite)) throw new Error(`topByForest: training row ${i} has a missing value; fit on complete cases`);
  });
  const forest = await new RandomForestClassifier({
    nTrees: options.nTrees ?? 500,
    mtry: options.mtry ?? Math.max(1, Math.floor(Math.sqrt(columns.length))),
    seed: options.seed,
    workers: options.workers,
  }).fit(X, labels);
  const importance = forest.giniImportance();
  return columns
    .map((column, k) => ({ column, meanDecreaseGini: importance[k], k }))
    .sort((a, b) => b.meanDecreaseGini - a.meanDecreaseGini || a.k - b.k)
    .slice(0, topK)
    .map(({ column, meanDecreaseGini }) => ({ column, meanDecreaseGini }));
}
