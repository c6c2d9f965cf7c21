/**
 * Which MRI sequences each patient has. Every patient has at least one sequence (inclusion criterion c of
 * section 2.1); exactly as many have all three as the paper's radiomic analyses used (Fig. 2b: training 392,
 * prospective-retrospective 45, external 112), and among those exactly as many have complete multiomic
 * clinical variables as Fig. 2c used (381, 30, 81). In the prospective cohort the 45 complete patients are
 * the 45 with MRI before and after neoadjuvant chemotherapy (section 2.5).
 *
 * @example
 * const seqs = assignSequences(patients, createRng(3));
 * seqs.get("TRN0001"); // e.g. ["T1C", "T2WI", "ADC"]
 */
import type { Rng } from "../util/random";
import type { SyntheticPatient } from "./clinical";
import type { Cohort } from "./table1";

export const COMPLETE_IMAGING: Record<Cohort, number> = { training: 392, prospective: 45, external: 112 };
export const COMPLETE_MULTIOMIC: Record<Cohort, number> = { training: 381, prospective: 30, external: 81 };
/** Clinical variables of the multiomic signature (section 4.3: P < 0.05 in the training cohort). */
export const MULTIOMIC_CLINICAL = ["age_years", "clinical_t", "clinical_n", "ki67", "subtype"] as const;

/** Sequence sets of patients without all three, with their probabilities (this generator's choice). */
const PARTIAL_PATTERNS: [string[], number][] = [
  [["T1C", "T2WI"], 0.45],
  [["T1C", "ADC"], 0.15],
  [["T2WI", "ADC"], 0.1],
  [["T1C"], 0.15],
  [["T2WI"], 0.08],
  [["ADC"], 0.07],
];

function pick<T>(xs: T[], k: number, rng: Rng, what: string): T[] {
  if (k > xs.length) throw new Error(`assignSequences: need ${k} ${what} but only ${xs.length} exist`);
  const a = xs.slice();
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(a.length - i);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a.slice(0, k);
}

export function assignSequences(patients: SyntheticPatient[], rng: Rng): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const cohort of Object.keys(COMPLETE_IMAGING) as Cohort[]) {
    const members = patients.filter((p) => p.cohort === cohort);
    const clinComplete = members.filter((p) => MULTIOMIC_CLINICAL.every((v) => p[v] !== null));
    const clinIncomplete = members.filter((p) => !MULTIOMIC_CLINICAL.every((v) => p[v] !== null));
    const m = COMPLETE_MULTIOMIC[cohort], k = COMPLETE_IMAGING[cohort];
    const complete = new Set([
      ...pick(clinComplete, m, rng, `${cohort} patients with complete clinical data`),
      ...pick(clinIncomplete, k - m, rng, `${cohort} patients with incomplete clinical data`),
    ]);
    for (const p of members) {
      if (complete.has(p)) {
        out.set(p.patientId, ["T1C", "T2WI", "ADC"]);
        continue;
      }
      let u = rng.next();
      let pattern = PARTIAL_PATTERNS[PARTIAL_PATTERNS.length - 1][0];
      for (const [seqs, w] of PARTIAL_PATTERNS) {
        if (u < w) {
          pattern = seqs;
          break;
        }
        u -= w;
      }
      out.set(p.patientId, pattern.slice());
    }
  }
  return out;
}
