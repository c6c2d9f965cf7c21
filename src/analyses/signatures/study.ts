/**
 * The multicenter study as the notebooks run it: one table of every patient with a cohort per patient;
 * signatures are fitted on the training cohort's rows only and applied to every cohort; each cohort is
 * evaluated with the training cut-off. Optional ComBat harmonisation of the radiomic features across
 * centres (`batch`) runs before fitting; it uses no labels, so shuffling the validation labels leaves the
 * fitted models unchanged (the leakage test checks exactly this).
 *
 * @example
 * const study = await runSignatureStudy(all, paperSignatures(), { clinicalVariables, seed: 1 });   // all.cohort says who is who
 * study.performance["ALN-tumour radiomic"].external.auc;
 * study.scores.objects()[0];   // { patient_id: "P0001", cohort: "training", outcome: 1, "Multiomic": 0.81, ... }
 */
import * as aq from "arquero";
import { ComBatHarmoniser, combat } from "../../signatures/combat";
import { subsetRows, validateData, type SignatureData } from "../../signatures/dataset";
import type { SignatureDefinition } from "../../signatures/definitions";
import { cohortPerformance, type CohortPerformance } from "../../signatures/evaluation";
import { fitSignatures, type PipelineOptions, type SignaturePipeline } from "../../signatures/pipeline";

export interface StudyOptions extends PipelineOptions {
  /** Name of the training cohort in `data.cohort` (default "training"). */
  trainingCohort?: string;
  /** Order of the cohorts in the results (default: order of first appearance). */
  cohorts?: string[];
  /**
   * Harmonise radiomic features across `data.batch` with ComBat, mapping every centre onto `refBatch`; with
   * `fitOn: "training"` the harmoniser is fitted on the training cohort only (other centres mapped on their own).
   */
  combat?: { refBatch: string; fitOn?: "all" | "training" } | null;
}

export interface SignatureStudy {
  cohorts: string[];
  pipelines: Map<string, SignaturePipeline>;
  /** Per signature, the probability of every patient of `data` (in its order). */
  probabilities: Map<string, number[]>;
  /** One row per patient: patient_id, cohort, outcome and one probability column per signature (NaN when not scorable). */
  scores: aq.ColumnTable;
  /** Per signature and cohort: AUC with DeLong CI and metrics at the training cut-off. */
  performance: Record<string, Record<string, CohortPerformance>>;
  /** The table the signatures saw (after ComBat when enabled). */
  data: SignatureData;
}

/**
 * ComBat on the radiomic features of the patients with every feature present (features x patients),
 * batches from `data.batch`; other patients keep their values. With `fitRows` (e.g. the training cohort's
 * rows) the harmoniser is fitted on those patients only and every other centre is mapped onto the reference
 * on its own, as a centre arriving later would be (ComBatHarmoniser). It differs from fitting on everyone only
 * through the patients outside `fitRows` (e.g. the reference centre's validation patients), whom this keeps out
 * of the reference's location and scale.
 */
export function harmoniseRadiomic(data: SignatureData, refBatch: string, options: { fitRows?: number[] } = {}): SignatureData {
  if (!data.radiomic) throw new Error("harmoniseRadiomic: the data have no radiomic features");
  if (!data.batch) throw new Error("harmoniseRadiomic: the data have no batch (centre) per patient");
  const complete = data.radiomic.rows.flatMap((r, i) => (r.every(Number.isFinite) ? [i] : []));
  const p = data.radiomic.columns.length;
  const matrixOf = (rows: number[]) => Array.from({ length: p }, (_, j) => rows.map((i) => data.radiomic!.rows[i][j]));
  let adjusted: number[][];
  if (options.fitRows) {
    const fitSet = new Set(options.fitRows);
    const fitRows = complete.filter((i) => fitSet.has(i));
    const harmoniser = new ComBatHarmoniser(refBatch).fit(matrixOf(fitRows), fitRows.map((i) => data.batch![i]));
    adjusted = harmoniser.transform(matrixOf(complete), complete.map((i) => data.batch![i]));
  } else {
    adjusted = combat(matrixOf(complete), complete.map((i) => data.batch![i]), { refBatch }).adjusted;
  }
  const rows = data.radiomic.rows.map((r) => [...r]);
  complete.forEach((i, k) => {
    for (let j = 0; j < p; j++) rows[i][j] = adjusted[j][k];
  });
  return { ...data, radiomic: { columns: data.radiomic.columns, rows } };
}

export async function runSignatureStudy(all: SignatureData, definitions: SignatureDefinition[], options: StudyOptions): Promise<SignatureStudy> {
  validateData(all, "study data");
  const cohorts = all.cohort;
  if (!cohorts) throw new Error("study data: no cohort per patient (data.cohort)");
  const trainingName = options.trainingCohort ?? "training";
  const names = options.cohorts ?? [...new Set(cohorts)];
  if (!names.includes(trainingName)) throw new Error(`study data: no patient in training cohort '${trainingName}' (cohorts: ${names.join(", ")})`);
  const trainRows = cohorts.flatMap((c, i) => (c === trainingName ? [i] : []));
  const data = options.combat ? harmoniseRadiomic(all, options.combat.refBatch, options.combat.fitOn === "training" ? { fitRows: trainRows } : {}) : all;
  const { trainingCohort: _t, cohorts: _c, combat: _b, ...pipelineOptions } = options;
  const pipelines = await fitSignatures(subsetRows(data, trainRows), definitions, pipelineOptions);
  const probabilities = new Map<string, number[]>();
  const performance: Record<string, Record<string, CohortPerformance>> = {};
  for (const [name, pipe] of pipelines) {
    const probs = pipe.predictProbability(data);
    probabilities.set(name, probs);
    performance[name] = {};
    for (const cohort of names) {
      const idx = cohorts.flatMap((c, i) => (c === cohort ? [i] : []));
      performance[name][cohort] = cohortPerformance(idx.map((i) => probs[i]), idx.map((i) => data.labels[i]), pipe.cutoff);
    }
  }
  const scores = aq.table({ patient_id: data.ids, cohort: cohorts, outcome: data.labels, ...Object.fromEntries(probabilities) });
  return { cohorts: names, pipelines, probabilities, scores, performance, data };
}
