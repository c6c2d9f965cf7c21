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
import { studentTTest, welchTTest } from "../stats/index";
import { RandomForestClassifier } from "../models/random-forest";
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
  /** MeanDecreaseGini of the passed features, decreasing. */
  importance: { feature: string; importance: number }[];
  /** The topK most important passed features. */
  selected: string[];
}

function median(x: number[]): number {
  const s = x.slice().sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

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
  const tTest = test === "welch" ? welchTTest : studentTTest;

  const tTests = features.columns.map((feature, j) => {
    const g1: number[] = [], g0: number[] = [];
    rowsUsed.forEach(([, i], k) => {
      const v = features.values[i][j];
      if (!Number.isNaN(v)) (y[k] === 1 ? g1 : g0).push(v);
    });
    if (g1.length < 2 || g0.length < 2) return { feature, t: NaN, p: NaN };
    try {
      const r = tTest(g1, g0);
      return { feature, t: r.statistic, p: r.pValue };
    } catch (err) {
      if (/essentially constant/.test((err as Error).message)) return { feature, t: NaN, p: NaN };
      throw new Error(`selectFeatures: feature '${feature}': ${(err as Error).message}`);
    }
  });
  const passedIdx = features.columns.map((_, j) => j).filter((j) => tTests[j].p < pThreshold);
  const passed = passedIdx.map((j) => features.columns[j]);
  let importance: { feature: string; importance: number }[] = [];
  if (passedIdx.length > 0) {
    const X = rowsUsed.map(([, i]) => passedIdx.map((j) => features.values[i][j]));
    passedIdx.forEach((_, c) => {
      const present = X.map((r) => r[c]).filter((v) => !Number.isNaN(v));
      const fill = median(present);
      X.forEach((r) => {
        if (Number.isNaN(r[c])) r[c] = fill;
      });
    });
    const rf = await new RandomForestClassifier({ nTrees, mtry: mtry === undefined ? undefined : Math.min(mtry, passedIdx.length), seed }).fit(X, y);
    const gini = rf.giniImportance();
    importance = passed
      .map((feature, c) => ({ feature, importance: gini[c] }))
      .sort((a, b) => b.importance - a.importance || (a.feature < b.feature ? -1 : 1));
  }
  return {
    patients: rowsUsed.map(([id]) => id),
    tTests,
    passed,
    importance,
    selected: importance.slice(0, topK).map((f) => f.feature),
  };
}
