/**
 * The clinical signature run end to end on a real cohort split (Rotterdam, Duke; see companion.ts):
 * variables selected by the training-cohort tests, RBF SVM, cut-off from training, then AUC with DeLong
 * CI and sensitivity / specificity in training and validation; with a radiologists' reading (Duke), the
 * reading is evaluated on the same patients and compared with the signature by a paired DeLong test, as
 * the paper's radiologist comparison (appendix p 17).
 *
 * @example
 * const study = await clinicalSignatureStudy(loadRotterdam(repoPath("data/r/rotterdam.csv")), { seed: 1 });
 * study.result.validation.auc;  // temporal-validation AUC of the clinical signature
 */
import type { ClinicalCohortSplit } from "./companion";
import { cohortPerformance, compareAucs, readerPerformance, scoredRows, type AucComparison, type CohortPerformance } from "../../signatures/evaluation";
import { SignaturePipeline, type PipelineOptions } from "../../signatures/pipeline";
import type { UnivariateTest } from "../../signatures/clinical";

export interface ClinicalStudyResult {
  cohort: string;
  definition: string;
  counts: Record<string, number>;
  /** Univariate test of every candidate variable in the training cohort. */
  tests: UnivariateTest[];
  selected: string[];
  cutoff: number;
  training: CohortPerformance;
  validation: CohortPerformance;
  radiologist?: {
    column: string;
    training: CohortPerformance;
    validation: CohortPerformance;
    /** Signature vs reading on the validation patients both have. */
    comparisonValidation: AucComparison;
    comparisonTraining: AucComparison;
  };
}

export interface ClinicalStudy {
  pipeline: SignaturePipeline;
  probabilities: { training: number[]; validation: number[] };
  result: ClinicalStudyResult;
}

export async function clinicalSignatureStudy(split: ClinicalCohortSplit, options: Omit<PipelineOptions, "clinicalVariables"> & { readerColumn?: string } = {}): Promise<ClinicalStudy> {
  const pipeline = new SignaturePipeline({ name: "Clinical", regions: [], sequences: [], clinical: true }, { ...options, clinicalVariables: split.variables });
  await pipeline.fit(split.training);
  const training = pipeline.predictProbability(split.training);
  const validation = pipeline.predictProbability(split.validation);
  const result: ClinicalStudyResult = {
    cohort: split.name,
    definition: "clinicopathologic variables with p < 0.05 in the training cohort (t-test / chi-squared), RBF C-SVM (e1071 defaults)",
    counts: {
      ...split.counts,
      trainingComplete: pipeline.training.n,
      trainingPositives: pipeline.training.positives,
      validationScored: scoredRows(validation, split.validation.labels).length,
    },
    tests: pipeline.clinicalTestResults,
    selected: pipeline.clinicalVariables.map((v) => v.name),
    cutoff: pipeline.cutoff,
    training: cohortPerformance(training, split.training.labels, pipeline.cutoff),
    validation: cohortPerformance(validation, split.validation.labels, pipeline.cutoff),
  };
  const rt = split.training.radiologist;
  const rv = split.validation.radiologist;
  if (rt && rv) {
    // The reading is evaluated on the patients the signature scores, so both are compared on the same people.
    const masked = (reading: number[], probs: number[]) => reading.map((r, i) => (Number.isFinite(probs[i]) ? r : NaN));
    result.radiologist = {
      column: options.readerColumn ?? "radiologists' MRI reading",
      training: readerPerformance(masked(rt, training), split.training.labels),
      validation: readerPerformance(masked(rv, validation), split.validation.labels),
      comparisonTraining: compareAucs({ name: "clinical signature", scores: training }, { name: "radiologists", scores: rt }, split.training.labels),
      comparisonValidation: compareAucs({ name: "clinical signature", scores: validation }, { name: "radiologists", scores: rv }, split.validation.labels),
    };
  }
  return { pipeline, probabilities: { training, validation }, result };
}

/** Rows for a notebook table: training and validation performance of the signature (and reader). */
export function clinicalStudyRows(result: ClinicalStudyResult): Record<string, unknown>[] {
  const row = (what: string, cohort: string, p: CohortPerformance) => ({
    cohort: result.cohort,
    model: what,
    set: cohort,
    n: p.n,
    positives: p.positives,
    AUC: p.auc,
    "95% CI": `${p.lower.toFixed(3)}-${p.upper.toFixed(3)}`,
    sensitivity: p.sensitivity,
    specificity: p.specificity,
  });
  const rows = [row("clinical signature", "training", result.training), row("clinical signature", "validation", result.validation)];
  if (result.radiologist) rows.push(row(result.radiologist.column, "training", result.radiologist.training), row(result.radiologist.column, "validation", result.radiologist.validation));
  return rows;
}
