/**
 * A companion study (a public cohort analysed beside the main one, e.g. Rotterdam or Duke) as the training /
 * validation split the clinical signature runs on: its training cohort, its validation cohorts pooled, the
 * candidate variables and, when declared, the radiologists' reading, all keyed by the study's patient ids.
 *
 * @example
 * const rotterdam = openStudy("studies/rotterdam.yaml");
 * const split = clinicalSplit(rotterdam);
 * split.training.ids.length;  // 1918 (surgery up to 1989)
 */
import type { ClinicalValue, SignatureData } from "../../signatures/dataset";
import type { ClinicalVariable } from "../../signatures/clinical";
import { radiologistReading, studyCohorts, type Study } from "../../study/open";

export interface ClinicalCohortSplit {
  name: string;
  training: SignatureData & { radiologist?: number[] };
  validation: SignatureData & { radiologist?: number[] };
  variables: ClinicalVariable[];
  /** Patients read, per cohort, and left out with why. */
  counts: Record<string, number>;
}

export function clinicalSplit(study: Study): ClinicalCohortSplit {
  const c = study.config;
  if (!c.clinical || !c.cohorts) throw new Error(`study ${c.file}: the clinical signature needs clinical.candidates and cohorts`);
  const patients = study.patients.objects() as Record<string, ClinicalValue>[];
  const reading = radiologistReading(study);
  const part = (cohorts: string[]): SignatureData & { radiologist?: number[] } => {
    const rows = patients.filter((p) => cohorts.includes(String(p.cohort)));
    const ids = rows.map((p) => String(p.patient_id));
    const out: SignatureData & { radiologist?: number[] } = {
      ids,
      labels: rows.map((p) => Number(p.outcome)),
      clinical: Object.fromEntries(c.clinical!.candidates.map((v) => [v.name, rows.map((p) => p[v.name] ?? null)])),
    };
    if (reading) {
      out.radiologist = ids.map((id) => reading.get(id)!);
      const bad = ids.find((id) => !Number.isFinite(reading.get(id)!));
      if (bad) throw new Error(`study ${c.file}: patient ${bad} has no usable radiologist reading in '${c.radiologist!.column}' (expected ${c.radiologist!.positive} or ${c.radiologist!.negative})`);
    }
    return out;
  };
  const training = part([c.cohorts.training]);
  const validation = part(c.cohorts.validation);
  const counts: Record<string, number> = { read: study.clinical.ids.length };
  for (const e of study.excluded) {
    const reason = `left out: ${e.reason.replace(/ \(.*\)$/, "")}`;
    counts[reason] = (counts[reason] ?? 0) + 1;
  }
  counts["other cohorts"] = study.clinical.ids.length - study.excluded.length - training.ids.length - validation.ids.length;
  counts.training = training.ids.length;
  counts.validation = validation.ids.length;
  if (studyCohorts(study).length < 2) throw new Error(`study ${c.file}: needs a validation cohort`);
  return { name: c.name, training, validation, variables: c.clinical.candidates, counts };
}
