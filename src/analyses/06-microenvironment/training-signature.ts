/**
 * The paper's radiomic score for the microenvironment patients (section 4.5): the T1+C and T2WI tumour-region
 * signature fitted on the study's TRAINING cohort (the whole pipeline: t-test, forest top k, RBF SVM, cutpointr
 * cut-off on the training probabilities), applied unchanged to the set's patients, who split into high and low
 * score at that training cut-off. Nothing about the set enters the fit, so the set's ALN status gives an honest
 * check of the score. The set's features are extracted with the study's own parameters (cached), so the
 * signature finds every column it selected.
 *
 * @example
 * const score = await trainingSignatureScores(study, set.patients, { sequences: ["T1C", "T2WI"], regions: ["tumour"] });
 * score.rows.filter((r) => r.group === "high").length;
 */
import { cohortRows, subsetRows, type SignatureData } from "../../signatures/dataset";
import type { SignatureDefinition } from "../../signatures/definitions";
import { SignaturePipeline, type SelectedRadiomic } from "../../signatures/pipeline";
import type { Study } from "../../study/open";
import type { NamedMatrix } from "../../tme/matrix";
import { extractStudyFeatures, loadSignatureData } from "../signatures/cohort-features";
import { signatureOptions } from "../signatures/from-study";
import { extractSetRadiomics } from "./set-radiomics";

export interface TrainingSignatureScores {
  definition: SignatureDefinition;
  /** Cut-off chosen on the training cohort's probabilities. */
  cutoff: number;
  training: { n: number; positives: number };
  selected: SelectedRadiomic[];
  rows: { patient: string; score: number; group: "high" | "low" }[];
  /** The set's values of the selected features (patients as rows), named `<sequence>_<region>_<feature>`. */
  keyFeatures: NamedMatrix;
  extracted: number;
}

export async function trainingSignatureScores(
  study: Study,
  patients: string[],
  options: { sequences: string[]; regions: string[] },
): Promise<TrainingSignatureScores> {
  const labelOf = (name: string) => study.sequences.find((s) => s.name === name)?.label ?? name;
  const definition: SignatureDefinition = {
    name: `${options.sequences.map(labelOf).join(" + ")} ${options.regions.join("/")} (training cohort)`,
    regions: options.regions,
    sequences: options.sequences,
    clinical: false,
  };
  const { featuresFile } = await extractStudyFeatures(study);
  const data = loadSignatureData(study, featuresFile);
  const pipelineOptions = signatureOptions(study);
  const training = subsetRows(data, cohortRows(data, pipelineOptions.trainingCohort!));
  const pipe = await new SignaturePipeline(definition, pipelineOptions).fit(training);
  const set = await extractSetRadiomics(study.manifest, patients, { sequences: options.sequences, regions: options.regions, params: study.params, workers: study.config.workers });
  const setData: SignatureData = { ids: set.radiomic.ids, labels: set.radiomic.ids.map(() => NaN), radiomic: { columns: set.radiomic.columns, rows: set.radiomic.rows } };
  const probability = pipe.predictProbability(setData);
  const selected = pipe.radiomicFeatures;
  const index = new Map(set.radiomic.columns.map((c, j) => [`${c.region}/${c.sequence}/${c.name}`, j]));
  const cols = selected.map((f) => index.get(`${f.region}/${f.sequence}/${f.name}`)!);
  return {
    definition,
    cutoff: pipe.cutoff,
    training: pipe.training,
    selected,
    rows: setData.ids.map((patient, i) => ({ patient, score: probability[i], group: probability[i] >= pipe.cutoff ? "high" : "low" })),
    keyFeatures: {
      rows: setData.ids,
      columns: selected.map((f) => `${f.sequence}_${f.region}_${f.name}`),
      values: set.radiomic.rows.map((r) => cols.map((j) => r[j])),
    },
    extracted: set.extracted,
  };
}
