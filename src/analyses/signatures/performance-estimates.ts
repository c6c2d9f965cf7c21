/**
 * Honest performance estimates of a fitted signature study, for notebooks 03 and 04 (issue: apparent training
 * AUCs are optimistic): per signature and cohort,
 *   training:   apparent AUC (in-sample, labelled so), bootstrap optimism-corrected AUC and repeated-CV AUC,
 *               each with a 95 % CI (src/signatures/validation.ts refits the whole pipeline on each resample);
 *   validation: the held-out AUC (DeLong CI), already an honest estimate for that cohort.
 * And, on a synthetic cohort, the oracle AUC: a logistic regression on the planted latent signals (truth.csv,
 * never used for fitting the signatures), fitted on the training patients and scored on the same patients as
 * the signature, the ceiling any model of these images could reach.
 *
 * @example
 * const v = await studyInternalValidation(fitted, definitions, options, { bootstrap: 200, cvFolds: 5, cvRepeats: 5, seed: 1 });
 * table(performanceEstimateRows(performanceEstimates(fitted, v), oracle));
 */
import { readDelimited } from "../../manifest/csv";
import { delongCi } from "../../stats/index";
import { logisticRegression } from "../../stats/logistic";
import { cohortRows, subsetRows } from "../../signatures/dataset";
import type { SignatureDefinition } from "../../signatures/definitions";
import { internalValidation, type AucWithCi, type InternalValidation, type InternalValidationSettings } from "../../signatures/validation";
import type { Study } from "../../study/open";
import { cachePath } from "../../util/cache";
import type { SignatureStudy, StudyOptions } from "./study";

/** Internal validation on the training rows the study's signatures were fitted on (after ComBat when enabled). */
export async function studyInternalValidation(
  fitted: SignatureStudy,
  definitions: SignatureDefinition[],
  options: StudyOptions,
  settings: Omit<InternalValidationSettings, "cacheDir"> & { cache?: boolean },
): Promise<InternalValidation> {
  const { trainingCohort = "training", cohorts: _c, combat: _b, ...pipelineOptions } = options;
  const { cache = true, ...rest } = settings;
  const training = subsetRows(fitted.data, cohortRows(fitted.data, trainingCohort));
  return internalValidation(training, definitions, pipelineOptions, { ...rest, ...(cache ? { cacheDir: cachePath("validation") } : {}) });
}

export interface CohortEstimate {
  n: number;
  apparent?: AucWithCi;
  optimismCorrected?: (AucWithCi & { optimism: number; replicates: number; monteCarloSe: number }) | null;
  repeatedCv?: (AucWithCi & { min: number; max: number; folds: number; repeats: number }) | null;
  heldOut?: AucWithCi;
}

/** Per signature, per cohort: the estimates that apply to it (see the module comment). */
export function performanceEstimates(fitted: SignatureStudy, validation: InternalValidation, trainingCohort = "training"): Record<string, Record<string, CohortEstimate>> {
  const out: Record<string, Record<string, CohortEstimate>> = {};
  for (const [name, v] of Object.entries(validation.signatures)) {
    out[name] = {};
    for (const cohort of fitted.cohorts) {
      const p = fitted.performance[name][cohort];
      const ci = { auc: p.auc, lower: p.lower, upper: p.upper };
      if (cohort === trainingCohort) {
        const o = v.optimismCorrected;
        const cv = v.repeatedCv;
        out[name][cohort] = {
          n: v.n,
          apparent: v.apparent,
          optimismCorrected: o ? { auc: o.auc, lower: o.lower, upper: o.upper, optimism: o.optimism, replicates: o.replicates, monteCarloSe: o.optimismSd / Math.sqrt(o.replicates) } : null,
          repeatedCv: cv ? { auc: cv.auc, lower: cv.lower, upper: cv.upper, min: cv.min, max: cv.max, folds: cv.folds, repeats: cv.repeats } : null,
        };
      } else out[name][cohort] = { n: p.n, heldOut: ci };
    }
  }
  return out;
}

/**
 * Oracle AUC per cohort on the patients `signature` scores: logistic regression of the outcome on the planted
 * latents (latent_tumour, latent_aln of the manifest's truth.csv), fitted on the training cohort. Null when the
 * study's manifest has no truth.csv (a real cohort).
 */
export function oracleAuc(study: Study, fitted: SignatureStudy, signature: string, trainingCohort = "training"): Record<string, AucWithCi & { n: number }> | null {
  const truthFile = Object.keys(study.manifest.files).find((f) => f.endsWith("/truth.csv"));
  if (!truthFile) return null;
  const [header, ...body] = readDelimited(truthFile, ",", "synthetic truth");
  const col = (name: string) => {
    const j = header.indexOf(name);
    if (j < 0) throw new Error(`${truthFile}: no column '${name}'`);
    return j;
  };
  const [id, tp, lt, la] = [col("patient_id"), col("timepoint"), col("latent_tumour"), col("latent_aln")];
  const latent = new Map(body.filter((r) => r[tp] === "").map((r) => [r[id], [Number(r[lt]), Number(r[la])]] as [string, number[]]));
  const probs = fitted.probabilities.get(signature)!;
  const rowsOf = (cohort: string) => cohortRows(fitted.data, cohort).filter((i) => Number.isFinite(probs[i]) && latent.has(fitted.data.ids[i]));
  const train = rowsOf(trainingCohort);
  const fit = logisticRegression(train.map((i) => latent.get(fitted.data.ids[i])!), train.map((i) => fitted.data.labels[i]));
  const score = (i: number) => latent.get(fitted.data.ids[i])!.reduce((s, x, k) => s + x * fit.coefficients[k + 1], fit.coefficients[0]);
  const out: Record<string, AucWithCi & { n: number }> = {};
  for (const cohort of fitted.cohorts) {
    const rows = rowsOf(cohort);
    const ci = delongCi(rows.map(score), rows.map((i) => fitted.data.labels[i]));
    out[cohort] = { auc: ci.auc, lower: ci.lower, upper: ci.upper, n: rows.length };
  }
  return out;
}

const fmt = (x: AucWithCi | null | undefined) => (x ? `${x.auc.toFixed(3)} (${x.lower.toFixed(3)}-${x.upper.toFixed(3)})` : "");

/** One row per signature and cohort: the estimates side by side, with the oracle when known. */
export function performanceEstimateRows(estimates: Record<string, Record<string, CohortEstimate>>, oracle?: Record<string, AucWithCi> | null): Record<string, unknown>[] {
  return Object.entries(estimates).flatMap(([signature, byCohort]) =>
    Object.entries(byCohort).map(([cohort, e]) => ({
      signature,
      cohort,
      n: e.n,
      "apparent (in-sample)": fmt(e.apparent),
      "optimism-corrected": e.optimismCorrected ? `${fmt(e.optimismCorrected)}, optimism ${e.optimismCorrected.optimism.toFixed(3)} (Monte-Carlo SE ${e.optimismCorrected.monteCarloSe.toFixed(3)}, B = ${e.optimismCorrected.replicates})` : "",
      "repeated CV": e.repeatedCv ? `${fmt(e.repeatedCv)}, ${e.repeatedCv.folds}-fold x ${e.repeatedCv.repeats}, range ${e.repeatedCv.min.toFixed(3)}-${e.repeatedCv.max.toFixed(3)}` : "",
      "held-out": fmt(e.heldOut),
      ...(oracle ? { "oracle (planted signal)": fmt(oracle[cohort]) } : {}),
    })),
  );
}
