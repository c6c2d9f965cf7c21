/**
 * How the paper evaluates a signature in a cohort (sections 3, 4.2-4.4): ROC AUC with DeLong's 95 % CI,
 * paired DeLong tests between signatures, sensitivity / specificity / accuracy / PPV / NPV at the cut-off
 * chosen on the training cohort (score >= cut-off is positive), subgroup AUCs, decision curves, and the
 * radiologists' binary MRI reading (cN) evaluated the same way (its AUC is (sensitivity + specificity) / 2).
 * Direction is fixed to "<" (higher score = ALN positive), as pROC with `direction = "<"`. Only patients
 * with a finite score count (the complete cases of that signature); the counts are reported.
 *
 * @example
 * const perf = cohortPerformance(probs, labels, pipeline.cutoff);
 * perf.auc; perf.lower; perf.upper; perf.sensitivity; perf.n;
 * compareAucs(multiomic, clinical, labels).pValue;  // paired DeLong test on patients both can score
 */
import { confusionAt, decisionCurve, delongCi, delongTest, rocCurve, type DecisionCurveRow } from "../stats/index";

export interface CohortPerformance {
  n: number;
  positives: number;
  auc: number;
  lower: number;
  upper: number;
  cutoff: number;
  sensitivity: number;
  specificity: number;
  accuracy: number;
  ppv: number;
  npv: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Indices with a finite score and a 0/1 label. */
export function scoredRows(scores: number[], labels: number[]): number[] {
  if (scores.length !== labels.length) throw new Error(`${scores.length} scores for ${labels.length} labels`);
  return scores.flatMap((s, i) => (Number.isFinite(s) && (labels[i] === 0 || labels[i] === 1) ? [i] : []));
}

/** AUC with DeLong CI and the confusion-table metrics at `cutoff`. */
export function cohortPerformance(scores: number[], labels: number[], cutoff: number): CohortPerformance {
  const keep = scoredRows(scores, labels);
  const s = keep.map((i) => scores[i]);
  const y = keep.map((i) => labels[i]);
  const ci = delongCi(s, y, 0.95, { direction: "<" });
  const c = confusionAt(s, y, cutoff);
  return {
    n: keep.length,
    positives: y.filter((v) => v === 1).length,
    auc: ci.auc,
    lower: ci.lower,
    upper: ci.upper,
    cutoff,
    sensitivity: c.sensitivity,
    specificity: c.specificity,
    accuracy: c.accuracy,
    ppv: c.ppv,
    npv: c.npv,
    tp: c.tp,
    fp: c.fp,
    tn: c.tn,
    fn: c.fn,
  };
}

/** A binary reading (1 = called positive) evaluated like a signature with cut-off 1. */
export function readerPerformance(reading: number[], labels: number[]): CohortPerformance {
  reading.forEach((r, i) => {
    if (!(r === 0 || r === 1 || Number.isNaN(r))) throw new Error(`reader reading ${r} at index ${i} is not 0, 1 or NaN`);
  });
  return cohortPerformance(reading, labels, 1);
}

export interface AucComparison {
  a: string;
  b: string;
  n: number;
  aucA: number;
  aucB: number;
  z: number;
  pValue: number;
}

/** Paired DeLong test of two scores on the patients both score. */
export function compareAucs(a: { name: string; scores: number[] }, b: { name: string; scores: number[] }, labels: number[]): AucComparison {
  const keep = scoredRows(a.scores, labels).filter((i) => Number.isFinite(b.scores[i]));
  const y = keep.map((i) => labels[i]);
  const t = delongTest(keep.map((i) => a.scores[i]), keep.map((i) => b.scores[i]), y, { direction: "<" });
  return { a: a.name, b: b.name, n: keep.length, aucA: t.aucA, aucB: t.aucB, z: t.z, pValue: t.pValue };
}

/** ROC curve as false- and true-positive rates from (0, 0) to (1, 1), for plotting. */
export function rocPoints(scores: number[], labels: number[]): { fpr: number[]; tpr: number[] } {
  const keep = scoredRows(scores, labels);
  const pts = rocCurve(keep.map((i) => scores[i]), keep.map((i) => labels[i]), { direction: "<" })
    .map((p) => ({ fpr: 1 - p.specificity, tpr: p.sensitivity }))
    .sort((p, q) => p.fpr - q.fpr || p.tpr - q.tpr);
  return { fpr: pts.map((p) => p.fpr), tpr: pts.map((p) => p.tpr) };
}

export interface SubgroupAuc {
  variable: string;
  level: string;
  n: number;
  positives: number;
  /** NaN when the subgroup has fewer than 2 patients of either class. */
  auc: number;
  lower: number;
  upper: number;
}

/**
 * AUC with DeLong CI within each level of each grouping variable (e.g. molecular subtype, number of
 * positive nodes). `groups[variable][i]` is patient i's level (null = not in any subgroup).
 * For strata defined among positives only (like "1 / 2 / 3 positive nodes"), pass `controls` to compare
 * each level's positives against all negative patients, as the paper's appendix p 20 does.
 */
export function subgroupAucs(
  scores: number[],
  labels: number[],
  groups: Record<string, (string | null)[]>,
  options: { controlsFromAll?: string[] } = {},
): SubgroupAuc[] {
  const rows: SubgroupAuc[] = [];
  for (const [variable, values] of Object.entries(groups)) {
    const levels = [...new Set(values.filter((v): v is string => v !== null))].sort();
    const allControls = options.controlsFromAll?.includes(variable) ?? false;
    for (const level of levels) {
      const idx = scoredRows(scores, labels).filter((i) => (allControls && labels[i] === 0) || values[i] === level);
      const y = idx.map((i) => labels[i]);
      const positives = y.filter((v) => v === 1).length;
      let ci = { auc: NaN, lower: NaN, upper: NaN };
      if (positives >= 2 && idx.length - positives >= 2) ci = delongCi(idx.map((i) => scores[i]), y, 0.95, { direction: "<" });
      rows.push({ variable, level, n: idx.length, positives, auc: ci.auc, lower: ci.lower, upper: ci.upper });
    }
  }
  return rows;
}

/** Decision curve of a signature on its scored patients (thresholds 0.01 ... 0.99). */
export function signatureDecisionCurve(probs: number[], labels: number[]): DecisionCurveRow[] {
  const keep = scoredRows(probs, labels);
  return decisionCurve(keep.map((i) => probs[i]), keep.map((i) => labels[i]));
}

/** Per patient: whether the signature's call at `cutoff` equals the label (null when not scored). */
export function correctCalls(scores: number[], labels: number[], cutoff: number): (boolean | null)[] {
  return scores.map((s, i) => (Number.isFinite(s) ? (s >= cutoff ? 1 : 0) === labels[i] : null));
}
