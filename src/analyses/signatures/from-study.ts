/**
 * What the signature notebooks (03, 04) take from a study file: the family of signatures for its
 * sequences and regions, the pipeline options, and the subgroups, so no notebook names a column.
 *
 * @example
 * const study = openStudy();
 * const family = studySignatureFamily(study);            // ALN region, Tumour region, T1+C, ..., Multiomic
 * const fitted = await runSignatureStudy(data, family.definitions, signatureOptions(study));
 */
import { signatureFamily, type SignatureFamily } from "../../signatures/definitions";
import { cutLabel, studyCohorts, valuesById, type Study } from "../../study/open";
import { STUDY_DEFAULTS } from "../../study/config";
import type { StudyOptions } from "./study";

export function studySignatureFamily(study: Study): SignatureFamily {
  return signatureFamily(study.sequences, study.regions, { clinical: study.config.clinical !== null });
}

/**
 * Pipeline options from the study file. Settings left at their defaults are not written out, so a saved
 * model records what the study chose beyond the defaults.
 */
export function signatureOptions(study: Study, extra: { combat?: boolean; combatFitOn?: "all" | "training" } = {}): StudyOptions {
  const c = study.config;
  const s = c.signature;
  const options: StudyOptions = { seed: c.seed, topK: s.topK, forest: { nTrees: s.trees, workers: c.workers } };
  if (s.mtry !== null) options.forest!.mtry = s.mtry;
  if (s.pThreshold !== STUDY_DEFAULTS.pThreshold) options.pThreshold = s.pThreshold;
  if (s.svm.cost !== STUDY_DEFAULTS.svmCost || s.svm.gamma !== null) options.svm = { cost: s.svm.cost, ...(s.svm.gamma !== null ? { gamma: s.svm.gamma } : {}) };
  if (c.clinical) {
    options.clinicalVariables = c.clinical.candidates;
    if (c.clinical.test !== "welch") options.tTest = c.clinical.test;
    if (c.clinical.pThreshold !== STUDY_DEFAULTS.clinicalPThreshold) options.clinicalPThreshold = c.clinical.pThreshold;
  }
  options.trainingCohort = c.cohorts?.training ?? "training";
  options.cohorts = studyCohorts(study);
  if (extra.combat) {
    if (!c.centre?.combatReference) throw new Error(`study ${c.file}: ComBat needs centre.column and centre.combatReference`);
    options.combat = { refBatch: c.centre.combatReference, ...(extra.combatFitOn === "training" ? { fitOn: "training" as const } : {}) };
  }
  return options;
}

/**
 * The study's subgroups for the patients `ids`: per subgroup, each patient's level (null when not in it),
 * and the subgroups whose levels are compared against every outcome-negative patient.
 */
export function studySubgroups(study: Study, ids: string[]): { groups: Record<string, (string | null)[]>; controlsFromAll: string[] } {
  const groups: Record<string, (string | null)[]> = {};
  for (const g of study.config.subgroups) {
    const values = valuesById(study.patients, g.column);
    groups[g.name] = ids.map((id) => {
      const v = values.get(id);
      if (v === null || v === undefined) return null;
      const level = g.cut ? cutLabel(Number(v), g.cut) : String(v);
      return level !== null && (!g.levels || g.levels.includes(level)) ? level : null;
    });
  }
  return { groups, controlsFromAll: study.config.subgroups.filter((g) => g.controls === "all-negative").map((g) => g.name) };
}
