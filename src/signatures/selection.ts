/**
 * Radiomic feature selection of the paper (section 2.3), done on the training cohort only:
 * 1. t-test filter: keep features whose two-sided t-test between ALN-positive and ALN-negative patients
 *    gives p < 0.05 (Welch by default, as R's t.test; constant features are dropped);
 * 2. within each sequence x region group, a random forest (Breiman, R randomForest defaults: 500 trees,
 *    mtry = floor(sqrt(p))) ranks the surviving features by mean decrease Gini; the top 30 of each group are
 *    kept (all of them when fewer survive). Ties in importance keep column order, as R's stable
 *    `order(importance, decreasing = TRUE)`.
 * The same two steps select molecular features (lncRNAs, CpG sites) in tme/select.ts: one implementation.
 * Untestable columns (fewer than 2 values in a class, or constant) get p = NaN and are never kept.
 *
 * @example
 * const filter = tTestFilter(rows, labels, { pThreshold: 0.05 });   // [{ column, pValue }] with p < 0.05
 * const top = await topByForest(rows, labels, filter.map((f) => f.column), { topK: 30, seed: 1 });
 */
import { twoGroupColumnTests } from "../stats/column-tests";
import { RandomForestClassifier } from "../models/random-forest";
import type { TTestKind } from "./clinical";

/** Median of finite values (R's median; NaN when there are none). */
function medianOf(x: number[]): number {
  if (x.length === 0) return NaN;
  const s = x.slice().sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

export interface FilterResult {
  column: number;
  statistic: number;
  pValue: number;
}

/**
 * Two-sample t-test (label 1 minus label 0) of every column of `rows` (patients x features; NaN values
 * skipped), in column order; statistic and p are NaN for a column that cannot be tested.
 */
export function columnTTests(rows: number[][], labels: number[], options: { tTest?: TTestKind; columns?: number[] } = {}): FilterResult[] {
  const columns = options.columns ?? (rows.length ? rows[0].map((_, j) => j) : []);
  const tests = tTestsOfColumns(columns.map((j) => rows.map((r) => r[j])), labels, options.tTest);
  return tests.map((t, k) => ({ ...t, column: columns[k] }));
}

/**
 * The same t-tests on columns given column by column (`columns[k][i]`: column k of patient i; non-finite
 * values skipped); `column` is k.
 */
export function tTestsOfColumns(columns: readonly ArrayLike<number>[], labels: number[], tTest?: TTestKind): FilterResult[] {
  const group = labels.map((y) => (y === 1 || y === 0 ? y : null));
  const finite = columns.map((values) => {
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = Number.isFinite(values[i]) ? values[i] : NaN;
    return out;
  });
  return twoGroupColumnTests(finite, group, { test: tTest }).map((t, k) => ({ column: k, statistic: t.statistic, pValue: t.p }));
}

/**
 * The columns whose t-test p is below the threshold (default 0.05), in column order. With `minKept` m, when
 * fewer than m pass, the m testable columns with the smallest p are kept instead (ties by column order): a
 * stated departure from the paper for small feature sets, where the strict filter can leave nothing.
 */
export function tTestFilter(
  rows: number[][],
  labels: number[],
  options: { pThreshold?: number; tTest?: TTestKind; columns?: number[]; minKept?: number } = {},
): FilterResult[] {
  return passingTTests(columnTTests(rows, labels, options), options);
}

/** {@link tTestFilter}'s rule applied to t-tests already computed (in column order). */
export function passingTTests(tests: FilterResult[], options: { pThreshold?: number; minKept?: number } = {}): FilterResult[] {
  const threshold = options.pThreshold ?? 0.05;
  const passed = tests.filter((r) => r.pValue < threshold);
  const m = options.minKept ?? 0;
  if (passed.length >= m) return passed;
  const smallest = new Set(
    tests
      .filter((r) => Number.isFinite(r.pValue))
      .sort((a, b) => a.pValue - b.pValue || a.column - b.column)
      .slice(0, m)
      .map((r) => r.column),
  );
  return tests.filter((r) => smallest.has(r.column));
}

export interface ForestOptions {
  nTrees?: number;
  /** Features tried at each split (default floor(sqrt(p)), R's randomForest for classification). */
  mtry?: number;
  workers?: number;
  seed: number;
  /** Columns kept (default 30; Infinity ranks them all). */
  topK?: number;
  /**
   * Missing values: "error" (default; the signature fits complete cases only) or "median", each column's
   * median over the rows given, as R's randomForest::na.roughfix.
   */
  missing?: "error" | "median";
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
  if (options.missing === "median") {
    columns.forEach((_, c) => {
      const fill = medianOf(X.map((r) => r[c]).filter(Number.isFinite));
      for (const r of X) if (!Number.isFinite(r[c])) r[c] = fill;
    });
  }
  X.forEach((r, i) => {
    if (!r.every(Number.isFinite)) throw new Error(`topByForest: training row ${i} has a missing value; fit on complete cases`);
  });
  const forest = await new RandomForestClassifier({
    nTrees: options.nTrees ?? 500,
    mtry: Math.min(columns.length, options.mtry ?? Math.max(1, Math.floor(Math.sqrt(columns.length)))),
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
