/** A small synthetic multicenter table with a planted signal, for fast pipeline tests. */
import type { SignatureData } from "../../src/signatures/dataset";
import type { ClinicalVariable } from "../../src/signatures/clinical";
import { createRng } from "../../src/util/random";

export const SEQ = ["T1C", "T2WI", "ADC"];
export const REG = ["aln", "tumour"];
/** Features per group; the first INFORMATIVE of each group carry the signal. */
export const PER_GROUP = 12;
export const INFORMATIVE = 3;

export const CLINICAL: ClinicalVariable[] = [
  { name: "age", kind: "continuous" },
  { name: "cT", kind: "categorical", levels: ["T1", "T2", "T3"], ordinal: true },
  { name: "subtype", kind: "categorical", levels: ["LumA", "LumB", "HER2", "TN"] },
];

/**
 * Patients in cohorts training / prospective / external (centres A, B in training; C; D); informative
 * features shift by `effect` SD in ALN-positive patients; each centre adds its own offset to every feature.
 */
export function syntheticStudy(seed: number, sizes = { training: 160, prospective: 60, external: 80 }, effect = 1.2) {
  const rng = createRng(seed);
  const columns = REG.flatMap((region) => SEQ.flatMap((sequence) => Array.from({ length: PER_GROUP }, (_, k) => ({ name: `f${k}`, sequence, region }))));
  const ids: string[] = [];
  const labels: number[] = [];
  const rows: number[][] = [];
  const cohorts: string[] = [];
  const batch: string[] = [];
  const clinical: Record<string, (string | number | null)[]> = { age: [], cT: [], subtype: [] };
  const centreOffset: Record<string, number[]> = {};
  for (const c of ["A", "B", "C", "D"]) centreOffset[c] = columns.map(() => rng.normal() * 0.3);
  for (const [cohort, n] of Object.entries(sizes)) {
    for (let i = 0; i < n; i++) {
      const centre = cohort === "training" ? (i % 2 ? "A" : "B") : cohort === "prospective" ? "C" : "D";
      const y = rng.next() < 0.42 ? 1 : 0;
      ids.push(`${cohort}-${i}`);
      labels.push(y);
      cohorts.push(cohort);
      batch.push(centre);
      rows.push(columns.map((c, j) => rng.normal() + centreOffset[centre][j] + (Number(c.name.slice(1)) < INFORMATIVE ? effect * y : 0)));
      clinical.age.push(55 + 10 * rng.normal() - 8 * y);
      clinical.cT.push(["T1", "T2", "T3"][Math.min(2, Math.floor(rng.next() * 2.2 + 0.8 * y))]);
      clinical.subtype.push(["LumA", "LumB", "HER2", "TN"][rng.int(4)]);
    }
  }
  const data: SignatureData = { ids, labels, radiomic: { columns, rows }, clinical, batch };
  data.cohort = cohorts;
  return { data, cohorts };
}
