/**
 * Tables and figure inputs the signature notebooks show, built from a fitted study so that the notebooks
 * stay thin: AUCs beside the paper's, metrics at the cut-off, DeLong comparisons, ROC and decision-curve
 * inputs, the regional Sankey and calibration.
 *
 * @example
 * table(aucTable(study, ["ALN region", "ALN-tumour radiomic"], PUBLISHED_AUC));
 * await nb.figure("roc-external", rocFigure(rocInputs(study, names, "external")));
 */
import type { CohortPerformance, AucComparison } from "../../signatures/evaluation";
import { compareAucs, correctCalls, rocPoints, scoredRows, signatureDecisionCurve } from "../../signatures/evaluation";
import { brierScore, calibrationCurve } from "../../signatures/calibration";
import { logisticRegression, recalibration, type Recalibration } from "../../stats/logistic";
import type { RocCurveInput } from "../../plots/roc";
import type { DecisionCurveInput } from "../../plots/dca";
import type { CalibrationCurveInput } from "../../plots/calibration";
import type { SankeyInput } from "../../plots/sankey";
import type { SignatureStudy } from "./study";
import { cohortRows } from "../../signatures/dataset";

const round = (x: number, d = 3) => (Number.isFinite(x) ? Number(x.toFixed(d)) : NaN);

/**
 * One row per signature: AUC (95 % CI) and n per cohort, with the published AUC beside it when known. The
 * training cohort's column says "apparent": those patients fitted the signature (see performance-estimates.ts).
 */
export function aucTable(study: SignatureStudy, names: string[], published: Record<string, Record<string, number>> = {}, trainingCohort = "training"): Record<string, unknown>[] {
  return names.map((name) => {
    const row: Record<string, unknown> = { signature: name };
    for (const cohort of study.cohorts) {
      const p = study.performance[name][cohort];
      row[`${cohort} AUC (95% CI)${cohort === trainingCohort ? ", apparent" : ""}`] = `${p.auc.toFixed(3)} (${p.lower.toFixed(3)}-${p.upper.toFixed(3)})`;
      row[`${cohort} n`] = `${p.n} (${p.positives}+)`;
      if (published[name]?.[cohort] !== undefined) row[`${cohort} paper`] = published[name][cohort];
    }
    return row;
  });
}

/** Sensitivity, specificity, accuracy, PPV, NPV at the training cut-off, per signature and cohort. */
export function metricsTable(study: SignatureStudy, names: string[]): Record<string, unknown>[] {
  return names.flatMap((name) =>
    study.cohorts.map((cohort) => {
      const p: CohortPerformance = study.performance[name][cohort];
      return {
        signature: name,
        cohort,
        n: p.n,
        cutoff: round(p.cutoff, 4),
        sensitivity: round(p.sensitivity),
        specificity: round(p.specificity),
        accuracy: round(p.accuracy),
        PPV: round(p.ppv),
        NPV: round(p.npv),
      };
    }),
  );
}

/** Paired DeLong tests of every pair of `names` within each cohort. */
export function delongComparisons(study: SignatureStudy, names: string[]): (AucComparison & { cohort: string })[] {
  const out: (AucComparison & { cohort: string })[] = [];
  for (const cohort of study.cohorts) {
    const idx = cohortRows(study.data, cohort);
    const y = idx.map((i) => study.data.labels[i]);
    for (let a = 0; a < names.length; a++) {
      for (let b = a + 1; b < names.length; b++) {
        const sa = idx.map((i) => study.probabilities.get(names[a])![i]);
        const sb = idx.map((i) => study.probabilities.get(names[b])![i]);
        out.push({ cohort, ...compareAucs({ name: names[a], scores: sa }, { name: names[b], scores: sb }, y) });
      }
    }
  }
  return out;
}

/** ROC inputs of `names` in one cohort, each marked at the training cut-off. */
export function rocInputs(study: SignatureStudy, names: string[], cohort: string): RocCurveInput[] {
  const idx = cohortRows(study.data, cohort);
  const y = idx.map((i) => study.data.labels[i]);
  return names.map((name) => {
    const s = idx.map((i) => study.probabilities.get(name)![i]);
    const p = study.performance[name][cohort];
    return { name, ...rocPoints(s, y), auc: p.auc, lower: p.lower, upper: p.upper, point: { fpr: 1 - p.specificity, tpr: p.sensitivity, label: `${name} at cut-off ${p.cutoff.toFixed(3)}` } };
  });
}

/** A binary reader (e.g. radiologists' cN) as an ROC input with its single operating point. */
export function readerRocInput(name: string, perf: CohortPerformance): RocCurveInput {
  const fpr = 1 - perf.specificity;
  return { name, fpr: [0, fpr, 1], tpr: [0, perf.sensitivity, 1], auc: perf.auc, lower: perf.lower, upper: perf.upper, point: { fpr, tpr: perf.sensitivity, label: name } };
}

/**
 * Decision curves of `names` on the patients every one of them scores (so the curves compare like with
 * like), optionally with a binary reader's net benefit.
 */
export function decisionCurveInput(study: SignatureStudy, rows: number[], names: string[], reader?: { name: string; reading: Map<string, number> }): DecisionCurveInput & { n: number } {
  const read = (i: number) => reader?.reading.get(study.data.ids[i]) ?? NaN;
  const keep = rows.filter((i) => names.every((n) => Number.isFinite(study.probabilities.get(n)![i])) && (!reader || Number.isFinite(read(i))));
  const y = keep.map((i) => study.data.labels[i]);
  const curves = names.map((name) => ({ name, rows: signatureDecisionCurve(keep.map((i) => study.probabilities.get(name)![i]), y) }));
  const models = curves.map((c) => ({ name: c.name, netBenefit: c.rows.map((r) => r.netBenefit) }));
  if (reader) models.push({ name: reader.name, netBenefit: signatureDecisionCurve(keep.map(read), y).map((r) => r.netBenefit) });
  return { thresholds: curves[0].rows.map((r) => r.threshold), models, treatAll: curves[0].rows.map((r) => r.treatAll), n: keep.length };
}

/** Which patients (scored by all) each regional signature classifies correctly at its cut-off. */
export function sankeyInput(study: SignatureStudy, rows: number[], names: string[]): SankeyInput & { counts: Record<string, number> } {
  const calls = names.map((n) => correctCalls(study.probabilities.get(n)!, study.data.labels, study.pipelines.get(n)!.cutoff));
  const keep = rows.filter((i) => calls.every((c) => c[i] !== null));
  const correct = keep.map((i) => calls.map((c) => c[i] as boolean));
  const counts: Record<string, number> = { patients: keep.length };
  const key = (r: boolean[]) => r.map((ok, k) => `${names[k]} ${ok ? "correct" : "wrong"}`).join(" / ");
  for (const r of correct) counts[key(r)] = (counts[key(r)] ?? 0) + 1;
  return { stages: names, correct, counts };
}

/** Calibration curve and Brier score of each signature in the given rows. */
export function calibrationInputs(study: SignatureStudy, rows: number[], names: string[], bins = 10): CalibrationCurveInput[] {
  return names.map((name) => {
    const probs = rows.map((i) => study.probabilities.get(name)![i]);
    const y = rows.map((i) => study.data.labels[i]);
    const keep = scoredRows(probs, y);
    const ps = keep.map((k) => probs[k]);
    const ys = keep.map((k) => y[k]);
    return { name, ...calibrationCurve(ps, ys, bins), brier: brierScore(ps, ys) };
  });
}

/**
 * Logistic recalibration of each signature in each cohort (rms::val.prob's intercept and slope, and the
 * calibration-in-the-large, with Wald 95 % CIs): how far the training cut-off's probabilities are from the
 * observed risk in a cohort. NaN where a cohort's fit cannot be made (e.g. separation).
 */
export function recalibrationTable(study: SignatureStudy, names: string[]): ({ signature: string; cohort: string } & Recalibration)[] {
  const nan = { estimate: NaN, se: NaN, lower: NaN, upper: NaN };
  return names.flatMap((name) =>
    study.cohorts.map((cohort) => {
      const rows = cohortRows(study.data, cohort);
      const probs = rows.map((i) => study.probabilities.get(name)![i]);
      const y = rows.map((i) => study.data.labels[i]);
      try {
        return { signature: name, cohort, ...recalibration(probs, y) };
      } catch {
        return { signature: name, cohort, n: rows.length, intercept: nan, slope: nan, calibrationInTheLarge: nan };
      }
    }),
  );
}

/** Display rows of a recalibration table: estimate (95 % CI) of each quantity. */
export function recalibrationRows(rows: ReturnType<typeof recalibrationTable>): Record<string, unknown>[] {
  const ci = (e: { estimate: number; lower: number; upper: number }) => (Number.isFinite(e.estimate) ? `${e.estimate.toFixed(2)} (${e.lower.toFixed(2)} to ${e.upper.toFixed(2)})` : "NA");
  return rows.map((r) => ({ signature: r.signature, cohort: r.cohort, n: r.n, "calibration-in-the-large": ci(r.calibrationInTheLarge), intercept: ci(r.intercept), slope: ci(r.slope) }));
}

/**
 * The two kinds of discordant patient of the paper's Fig. 3 among `rows`: ALN positive but called negative
 * by the radiologists, and ALN negative but called positive, each one the signature classifies correctly at
 * its cut-off; of several, the one whose probability is farthest from the cut-off. null when none exists.
 */
export function discordantCases(study: SignatureStudy, rows: number[], signature: string, reading: Map<string, number>): { missedByRadiologists: number | null; overcalledByRadiologists: number | null } {
  const probs = study.probabilities.get(signature)!;
  const cutoff = study.pipelines.get(signature)!.cutoff;
  const pick = (label: number, called: number) => {
    const cand = rows.filter((i) => study.data.labels[i] === label && reading.get(study.data.ids[i]) === called && Number.isFinite(probs[i]) && (probs[i] >= cutoff ? 1 : 0) === label);
    if (!cand.length) return null;
    return cand.reduce((best, i) => (Math.abs(probs[i] - cutoff) > Math.abs(probs[best] - cutoff) ? i : best));
  };
  return { missedByRadiologists: pick(1, 0), overcalledByRadiologists: pick(0, 1) };
}

/**
 * What the headline signature's calibration says per cohort, in words: mean predicted risk against the observed
 * proportion, calibration-in-the-large (positive = under-prediction) and slope (< 1: too extreme), beside the
 * training prevalence, since a cohort with a different prevalence is mis-calibrated in the large by design.
 */
export function calibrationSentences(study: SignatureStudy, name: string, recalibrated: ReturnType<typeof recalibrationTable>, label: (cohort: string) => string, trainingCohort: string): string {
  const probs = study.probabilities.get(name)!;
  const summary = (cohort: string) => {
    const rows = cohortRows(study.data, cohort).filter((i) => Number.isFinite(probs[i]));
    return { predicted: rows.reduce((s, i) => s + probs[i], 0) / rows.length, observed: rows.reduce((s, i) => s + study.data.labels[i], 0) / rows.length };
  };
  const prevalence = summary(trainingCohort).observed;
  return study.cohorts
    .map((cohort) => {
      const r = recalibrated.find((x) => x.signature === name && x.cohort === cohort);
      if (!r || !Number.isFinite(r.calibrationInTheLarge.estimate)) return `${label(cohort)}: the recalibration fit is not defined.`;
      const { predicted, observed } = summary(cohort);
      const c = r.calibrationInTheLarge;
      const large = c.lower > 0 ? "under-predicts" : c.upper < 0 ? "over-predicts" : "is calibrated in the large (the CI includes 0)";
      const slope = r.slope.upper < 1 ? "too extreme (slope below 1: overfitting)" : r.slope.lower > 1 ? "too moderate (slope above 1)" : "about right in spread (slope CI includes 1)";
      return `**${label(cohort)}:** mean predicted ${predicted.toFixed(2)} against ${observed.toFixed(2)} observed (training prevalence ${prevalence.toFixed(2)}): it ${large}, calibration-in-the-large ${c.estimate.toFixed(2)} (${c.lower.toFixed(2)} to ${c.upper.toFixed(2)}); its probabilities are ${slope}, slope ${r.slope.estimate.toFixed(2)} (${r.slope.lower.toFixed(2)} to ${r.slope.upper.toFixed(2)}).`;
    })
    .join("\n\n");
}

/** Calibration-in-the-large alone (glm(y ~ offset(logit p)), the intercept); NaN where it cannot be fitted. */
function calibrationInTheLarge(probs: number[], y: number[]): number {
  const logit = probs.map((p) => {
    const q = Math.min(1 - 1e-12, Math.max(1e-12, p));
    return Math.log(q / (1 - q));
  });
  try {
    return logisticRegression(logit.map(() => []), y, { offset: logit }).coefficients[0];
  } catch {
    return NaN;
  }
}

/**
 * Logistic recalibration fitted on the training cohort and applied to every cohort: p' = expit(a + b logit p),
 * (a, b) from R's glm(y ~ logit(p)) on the training patients. The training probabilities are in-sample, so the
 * fitted slope is shrunk less than out-of-sample probabilities would need: it fixes the training prevalence
 * and spread, not a validation cohort's different prevalence. Returns, per cohort, the Brier score and the
 * calibration-in-the-large before and after.
 */
export function trainingRecalibration(study: SignatureStudy, name: string, trainingCohort: string): { intercept: number; slope: number; cohorts: { cohort: string; n: number; brierBefore: number; brierAfter: number; citlBefore: number; citlAfter: number }[] } {
  const probs = study.probabilities.get(name)!;
  const clip = (p: number) => Math.min(1 - 1e-12, Math.max(1e-12, p));
  const logit = (p: number) => Math.log(clip(p) / (1 - clip(p)));
  const rowsOf = (cohort: string) => cohortRows(study.data, cohort).filter((i) => Number.isFinite(probs[i]));
  const train = rowsOf(trainingCohort);
  let fit: Recalibration;
  try {
    fit = recalibration(train.map((i) => probs[i]), train.map((i) => study.data.labels[i]));
  } catch (err) {
    throw new Error(`recalibration of '${name}' on cohort '${trainingCohort}' is undefined: its probabilities separate the outcomes there (${(err as Error).message})`);
  }
  const a = fit.intercept.estimate;
  const b = fit.slope.estimate;
  const mapped = (p: number) => 1 / (1 + Math.exp(-(a + b * logit(p))));
  return {
    intercept: a,
    slope: b,
    cohorts: study.cohorts.map((cohort) => {
      const rows = rowsOf(cohort);
      const y = rows.map((i) => study.data.labels[i]);
      const before = rows.map((i) => probs[i]);
      const after = before.map(mapped);
      return {
        cohort,
        n: rows.length,
        brierBefore: brierScore(before, y),
        brierAfter: brierScore(after, y),
        citlBefore: calibrationInTheLarge(before, y),
        citlAfter: calibrationInTheLarge(after, y),
      };
    }),
  };
}
