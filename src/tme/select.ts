/**
 * Two-step selection of ALNM-associated molecular features (lncRNAs, methylation sites), as the paper does
 * for radiomic features: (1) a two-sample t-test between ALNM and non-ALNM patients per feature
 * (Welch by default), keeping p < pThreshold; (2) a random forest (Breiman, R randomForest defaults:
 * 500 trees, mtry = floor(sqrt(p))) on the kept features, and the topK features by MeanDecreaseGini.
 * Everything is fitted on the patients given (the training data) only.
 *
 * Missing values (NaN) are left out of each feature's t-test and, for the forest, replaced by the
 * feature's median over these patients (R: randomForest::na.roughfix). Features that cannot be tested
 * (constant, or fewer than 2 values in a group) get p = NaN and are not kept.
 *
 * @example
 * const sel = await selectFeatures(loadTcgaLncRNA(), nodePositive, { topK: 30, seed: 1 });
 * sel.selected;    // up to 30 lncRNA names, most important first
 * sel.importance;  // MeanDecreaseGini of every feature that passed the t-test
 */
import { columnTTests, topByForest } from "../signatures/selection";
import { NamedMatrix } from "./matrix";

export interface SelectionOptions {
  /** Features kept after the t-test: p < pThreshold (default 0.05). */
  pThreshold?: number;
  /** Number of features selected by the forest (default 30). */
  topK?: number;
  /** "welch" (default) or "student" (pooled variance). */
  test?: "welch" | "student";
  nTrees?: number;
  mtry?: number;
  seed?: number;
}

export interface SelectionResult {
  /** Patients used (rows of the matrix with a label), in matrix order. */
  patients: string[];
  tTests: { feature: string; t: number; p: number }[];
  /** Features with p < pThreshold, in matrix order. */
  passed: string[];
  /** MeanDecreaseGini of the passed features, decreasing (ties in matrix order). */
  importance: { feature: string; importance: number }[];
  /** The topK most important passed features. */
  selected: string[];
}

/** The paper's two-step selection (signatures/selection.ts) on a named matrix, patients matched by name. */
export async function selectFeatures(
  features: NamedMatrix,
  labels: Map<string, 0 | 1>,
  options: SelectionOptions = {},
): Promise<SelectionResult> {
  const { pThreshold = 0.05, topK = 30, test = "welch", nTrees = 500, mtry, seed = 1 } = options;
  if (!(Number.isInteger(topK) && topK >= 1)) throw new Error(`selectFeatures: topK must be a positive integer, got ${topK}`);
  const rowsUsed = features.rows.map((id, i) => [id, i] as [string, number]).filter(([id]) => labels.has(id));
  const y = rowsUsed.map(([id]) => labels.get(id)!);
  if (!y.includes(0) || !y.includes(1)) throw new Error("selectFeatures: the labelled patients must include both classes");
  const X = rowsUsed.map(([, i]) => features.values[i]);
  const tTests = columnTTests(X, y, { tTest: test }).map((r) => ({ feature: features.columns[r.column], t: r.statistic, p: r.pValue }));
  const passedIdx = features.columns.map((_, j) => j).filter((j) => tTests[j].p < pThreshold);
  const ranked = await topByForest(X, y, passedIdx, { nTrees, mtry, seed, topK: Infinity, missing: "median" });
  const importance = ranked.map((r) => ({ feature: features.columns[r.column], importance: r.meanDecreaseGini }));
  return {
    patients: rowsUsed.map(([id]) => id),
    tTests,
    passed: passedIdx.map((j) => features.columns[j]),
    importance,
    selected: importance.slice(0, topK).map((f) => f.feature),
  };
}
