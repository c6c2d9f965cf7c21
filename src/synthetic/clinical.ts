/**
 * Patient-level clinicopathologic data of the synthetic cohort, with exactly the counts of the paper's
 * Table 1 in every cohort x ALN-status group (missing values included) and the published medians and IQRs
 * of age, tumour size and follow-up; the other variables are derived so that the record of each patient is
 * clinically coherent (see `CONSISTENCY_RULES`).
 *
 * Method: per group, each categorical variable starts as the multiset of its Table 1 counts (plus `null` for
 * the patients the table leaves out); continuous values come from `valuesWithQuantiles`. `swapAnneal` then
 * swaps values between patients of the group (marginals stay exact) to minimise rule violations. Remaining
 * violations, where the published counts make a rule impossible to satisfy everywhere, are returned by
 * `consistencyReport` (documented in data-manifests/SYNTHETIC.md).
 *
 * @example
 * const patients = generateClinical(createRng(2021));
 * patients.length;                                   // 1088
 * patients.filter((p) => p.cohort === "training" && p.aln === 1).length; // 328
 */
import type { Rng } from "../util/random";
import { swapAnneal } from "./swap-anneal";
import { valuesWithQuantiles, type MedianIqr } from "./quantiles";
import { ALN_GROUPS, COHORT_NAMES, type AlnGroup, type Cohort, type Table1 } from "./table1";

export interface SyntheticPatient {
  patientId: string;
  cohort: Cohort;
  /** Centre code (see CENTRES). */
  centre: string;
  /** Pathologic ALN status: 1 = metastasis. */
  aln: 0 | 1;
  age_years: number;
  tumour_number: string | null;
  tumour_size_cm: number;
  clinical_t: string | null;
  clinical_n: string | null;
  clinical_stage: string | null;
  grade: string | null;
  pathologic_t: string | null;
  pathologic_stage: string | null;
  er: string | null;
  pr: string | null;
  her2: string | null;
  ki67: string | null;
  subtype: string | null;
  surgery: string | null;
  /** Ki67 index (%), consistent with the Ki67 category and the St. Gallen subtype (null when Ki67 is missing). */
  ki67_percent: number | null;
  positive_nodes: number;
  /** Pathologic N from the positive node count (N0, N1 1-3, N2 4-9, N3 >= 10). */
  pathologic_n: string;
  /** Radiologists' MRI reading of the axilla: positive when clinical N >= N1 (section 4.1). */
  radiologist_mri: string | null;
  follow_up_months: number;
  dfs_months: number;
  dfs_event: 0 | 1;
  neoadjuvant: 0 | 1;
  [key: string]: string | number | null;
}

/** Centres: code, hospital, cohort, share of the cohort (the shares are this generator's choice, not published). */
export const CENTRES = [
  { code: "SYSMH", hospital: "Sun Yat-sen Memorial Hospital", cohort: "training", share: 0.6 },
  { code: "SYSUCC", hospital: "Sun Yat-sen University Cancer Center", cohort: "training", share: 0.4 },
  { code: "SYSMH-NAC", hospital: "Sun Yat-sen Memorial Hospital (NCT01503905 trial)", cohort: "prospective", share: 1 },
  { code: "SHUNDE", hospital: "Shunde Hospital of Southern Medical University", cohort: "external", share: 0.55 },
  { code: "TUNGWAH", hospital: "Tungwah Hospital of Sun Yat-sen University", cohort: "external", share: 0.45 },
] as const;

const ID_PREFIX: Record<Cohort, string> = { training: "TRN", prospective: "PRV", external: "EXV" };
const ORD: Record<string, number> = { T1: 1, T2: 2, T3: 3, T4: 4, N0: 0, N1: 1, N2: 2, N3: 3, I: 1, II: 2, III: 3 };

/** AJCC (7th ed.) anatomic stage group of cT/cN with M0: I = T1N0; III = T4, N2-3 or T3N1; else II. */
export function anatomicStage(t: string, n: string): string {
  if (t === "T4" || n === "N2" || n === "N3" || (t === "T3" && n === "N1")) return "III";
  if (t === "T1" && n === "N0") return "I";
  return "II";
}

/** AJCC T category of a tumour size in cm (T1 <= 2, T2 <= 5, T3 > 5). */
export function sizeCategory(cm: number): string {
  return cm <= 2 ? "T1" : cm <= 5 ? "T2" : "T3";
}

/**
 * St. Gallen 2013 subtypes compatible with ER, PR, HER2 and the Ki67 category (section 2.1): Luminal A needs
 * ER+, PR+, HER2- and Ki67 < 14 % (so the '<30' category); Luminal B is ER+ with HER2+, or ER+ HER2- with
 * high Ki67 or negative PR; ER- PR- tumours are HER2-positive or triple negative by HER2. ER- PR+ fits none.
 */
export function compatibleSubtypes(er: string, pr: string, her2: string, ki67: string | null): string[] {
  if (er === "negative") return pr === "negative" ? [her2 === "positive" ? "HER2-positive" : "Triple negative"] : [];
  if (her2 === "positive" || pr === "negative") return ["Luminal B"];
  return ki67 === ">=30" ? ["Luminal B"] : ["Luminal A", "Luminal B"];
}

/** The rules the generator enforces, with the penalty weight of a violation. */
export const CONSISTENCY_RULES = {
  clinicalStage: "clinical TNM stage = AJCC stage group of clinical T and N (missing together)",
  sizeVsClinicalT: "tumour size within the clinical T size band (T4 exempt)",
  pathologicT: "non-NAC cohorts: pathologic T within one band of the size category; NAC cohort: ypT not above cT",
  pathologicStage: "pathologic stage: ALN-negative I = pT1, II = pT2-3, III = pT4; ALN-positive never I, pT3-4 III (missing with pT)",
  subtype: "molecular subtype compatible with ER, PR, HER2 and Ki67 (St. Gallen 2013, section 2.1)",
  subtypeMissing: "subtype missing only when a receptor or Ki67 is missing, and known only when ER, PR and HER2 are",
  surgery: "breast-conserving surgery not for tumours > 5 cm",
} as const;
export type RuleName = keyof typeof CONSISTENCY_RULES;

const RULES = Object.keys(CONSISTENCY_RULES) as RuleName[];
const bit = (rule: RuleName) => 1 << RULES.indexOf(rule);

/** Violated rules of one patient as a bit mask (bit i = RULES[i]); allocation-free for the annealer. */
function violationMask(p: SyntheticPatient): number {
  let mask = 0;
  if ((p.clinical_n === null) !== (p.clinical_stage === null)) mask |= bit("clinicalStage");
  else if (p.clinical_t && p.clinical_n && p.clinical_stage && anatomicStage(p.clinical_t, p.clinical_n) !== p.clinical_stage) mask |= bit("clinicalStage");
  if (p.clinical_t && p.clinical_t !== "T4" && sizeCategory(p.tumour_size_cm) !== p.clinical_t) mask |= bit("sizeVsClinicalT");
  if (p.pathologic_t && p.pathologic_t !== "T4") {
    if (p.neoadjuvant) {
      if (p.clinical_t && ORD[p.pathologic_t] > ORD[p.clinical_t]) mask |= bit("pathologicT");
    } else if (Math.abs(ORD[p.pathologic_t] - ORD[sizeCategory(p.tumour_size_cm)]) > 1) mask |= bit("pathologicT");
  }
  if ((p.pathologic_t === null) !== (p.pathologic_stage === null)) mask |= bit("pathologicStage");
  else if (p.pathologic_t && p.pathologic_stage) {
    const t = p.pathologic_t, s = p.pathologic_stage;
    const bad = p.aln === 0 ? s !== (t === "T1" ? "I" : t === "T4" ? "III" : "II") : s === "I" || ((t === "T3" || t === "T4") && s !== "III");
    if (bad) mask |= bit("pathologicStage");
  }
  const receptorsKnown = p.er !== null && p.pr !== null && p.her2 !== null;
  if (p.subtype !== null && receptorsKnown && !compatibleSubtypes(p.er!, p.pr!, p.her2!, p.ki67).includes(p.subtype)) mask |= bit("subtype");
  if (p.subtype === null ? receptorsKnown && p.ki67 !== null : !receptorsKnown) mask |= bit("subtypeMissing");
  if (p.surgery === "breast-conserving" && p.tumour_size_cm > 5) mask |= bit("surgery");
  return mask;
}

/** Violations per rule for one patient (0 when coherent). */
export function ruleViolations(p: SyntheticPatient): Record<RuleName, number> {
  const mask = violationMask(p);
  return Object.fromEntries(RULES.map((r, i) => [r, (mask >> i) & 1])) as Record<RuleName, number>;
}

const WEIGHTS: Record<RuleName, number> = { clinicalStage: 4, sizeVsClinicalT: 1, pathologicT: 0.5, pathologicStage: 4, subtype: 4, subtypeMissing: 1, surgery: 0.5 };
const WEIGHT_LIST = RULES.map((r) => WEIGHTS[r]);

function penalty(p: SyntheticPatient): number {
  const mask = violationMask(p);
  let s = 0;
  for (let i = 0; mask >> i; i++) if ((mask >> i) & 1) s += WEIGHT_LIST[i];
  return s;
}

/** Count of patients violating each rule, per cohort x ALN group (all zero when fully coherent). */
export function consistencyReport(patients: SyntheticPatient[]): Record<string, Record<RuleName, number>> {
  const out: Record<string, Record<RuleName, number>> = {};
  for (const p of patients) {
    const key = `${p.cohort}/${p.aln ? "positive" : "negative"}`;
    const v = ruleViolations(p);
    out[key] ??= Object.fromEntries(RULES.map((r) => [r, 0])) as Record<RuleName, number>;
    for (const r of RULES) out[key][r] += v[r];
  }
  return out;
}

const CATEGORICAL_SWAPPED = ["tumour_number", "clinical_t", "clinical_n", "clinical_stage", "grade", "pathologic_t", "pathologic_stage", "er", "pr", "her2", "ki67", "subtype", "surgery"];
const CONTINUOUS = ["age_years", "tumour_size_cm", "follow_up_months"] as const;
const DECIMALS: Record<string, number> = { age_years: 0, tumour_size_cm: 1, follow_up_months: 1 };

function rangeFor(variable: string, q: MedianIqr, tail5: number): { min: number; max: number; decimals: number } {
  const iqr = q.q3 - q.q1;
  if (variable === "age_years") return { min: Math.max(20, Math.round(q.q1 - 1.6 * iqr)), max: Math.min(85, Math.round(q.q3 + 1.6 * iqr)), decimals: 0 };
  if (variable === "follow_up_months") return { min: Math.max(1, q.q1 - 1.5 * (q.median - q.q1)), max: q.q3 + 1.2 * iqr, decimals: 1 };
  // Tumour size: choose the maximum so that the share above 5 cm in the top quartile's linear piece matches
  // the share of clinical T3 (`tail5`), keeping T3 and the size band coherent where the quartiles allow.
  let max = q.q3 + 2 * iqr;
  if (tail5 > 0 && tail5 < 0.25 && q.q3 < 5) max = Math.min(q.q3 + 4 * iqr, Math.max(5.1, (5 - 4 * tail5 * q.q3) / (1 - 4 * tail5)));
  if (tail5 === 0) max = Math.min(max, 5);
  return { min: Math.max(0.3, q.q1 - 1.5 * (q.median - q.q1)), max: Math.max(max, q.q3), decimals: 1 };
}

function shuffle<T>(xs: T[], rng: Rng): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = xs[i];
    xs[i] = xs[j];
    xs[j] = t;
  }
  return xs;
}

/** Options of the clinical generator. */
export interface ClinicalOptions {
  /** Annealing moves per patient and variable (default 300; fewer is faster but leaves more violations). */
  sweeps?: number;
}

/** Generates the 1,088 patients of the three cohorts (Table 1 exactly; see the module comment). */
export function generateClinical(table: Table1, rng: Rng, options: ClinicalOptions = {}): SyntheticPatient[] {
  const patients: SyntheticPatient[] = [];
  for (const cohort of COHORT_NAMES) {
    const cohortPatients: SyntheticPatient[] = [];
    for (const group of ALN_GROUPS) {
      const rows = generateGroup(table, cohort, group, rng, options);
      cohortPatients.push(...rows);
    }
    shuffle(cohortPatients, rng);
    const centres = CENTRES.filter((c) => c.cohort === cohort);
    let k = 0;
    cohortPatients.forEach((p, i) => {
      p.patientId = `${ID_PREFIX[cohort]}${String(i + 1).padStart(4, "0")}`;
      while (k < centres.length - 1 && i >= Math.round(cohortPatients.length * centres.slice(0, k + 1).reduce((s, c) => s + c.share, 0))) k++;
      p.centre = centres[k].code;
    });
    patients.push(...cohortPatients);
  }
  return patients;
}

function generateGroup(table: Table1, cohort: Cohort, group: AlnGroup, rng: Rng, options: ClinicalOptions): SyntheticPatient[] {
  const n = table.cohorts[cohort][group];
  const aln: 0 | 1 = group === "positive" ? 1 : 0;
  const nac: 0 | 1 = cohort === "prospective" ? 1 : 0;
  const rows: SyntheticPatient[] = [];
  for (let i = 0; i < n; i++) rows.push({ patientId: "", cohort, centre: "", aln, neoadjuvant: nac } as SyntheticPatient);
  for (const v of CATEGORICAL_SWAPPED) {
    const spec = table.categorical[v];
    const values: (string | null)[] = [];
    spec.levels.forEach((l, i) => {
      for (let k = 0; k < spec.counts[cohort][group][i]; k++) values.push(l);
    });
    if (values.length > n) throw new Error(`Table 1 ${v} ${cohort}/${group}: counts sum to ${values.length} > n = ${n}`);
    while (values.length < n) values.push(null);
    shuffle(values, rng).forEach((x, i) => (rows[i][v] = x));
  }
  const ct = table.categorical.clinical_t;
  const t3Share = ct.counts[cohort][group][ct.levels.indexOf("T3")] / n;
  for (const v of CONTINUOUS) {
    const q = table.continuous[v][cohort][group];
    valuesWithQuantiles(n, q, rangeFor(v, q, t3Share), rng).forEach((x, i) => (rows[i][v] = x));
  }
  swapAnneal(rows, [...CATEGORICAL_SWAPPED, "tumour_size_cm"], penalty, rng, { sweeps: options.sweeps ?? 300 });
  for (const p of rows) derive(p, rng);
  return rows;
}

/** Ki67 index, node count, pathologic N, radiologists' reading and disease-free survival of one patient. */
function derive(p: SyntheticPatient, rng: Rng): void {
  const u = (a: number, b: number) => Math.round(a + rng.next() * (b - a));
  if (p.ki67 === null) p.ki67_percent = null;
  else if (p.ki67 === ">=30") p.ki67_percent = u(30, 85);
  else if (p.subtype === "Luminal A") p.ki67_percent = u(1, 13);
  else if (p.subtype === "Luminal B" && p.er === "positive" && p.pr === "positive" && p.her2 === "negative") p.ki67_percent = u(14, 29);
  else p.ki67_percent = u(1, 29);
  let nodes = 0;
  if (p.aln === 1) {
    const t = p.pathologic_t;
    const stage3 = p.pathologic_stage === "III";
    const many = stage3 && (t === "T1" || t === "T2" || t === null || rng.next() < 0.4);
    nodes = many ? 4 + Math.floor(-Math.log(1 - rng.next()) * 4) : 1 + Math.floor(rng.next() * rng.next() * 3);
  }
  p.positive_nodes = nodes;
  p.pathologic_n = nodes === 0 ? "N0" : nodes <= 3 ? "N1" : nodes <= 9 ? "N2" : "N3";
  p.radiologist_mri = p.clinical_n === null ? null : p.clinical_n === "N0" ? "negative" : "positive";
  // Disease-free survival: exponential hazard, 5-year DFS about 92 % without and 80 % with ALN metastasis,
  // rising with the number of positive nodes; censored at the patient's follow-up.
  const hazard = (-Math.log(0.92) / 60) * (p.aln ? 2.7 : 1) * (1 + 0.04 * nodes);
  const eventTime = -Math.log(1 - rng.next()) / hazard;
  const event = eventTime < p.follow_up_months;
  p.dfs_event = event ? 1 : 0;
  p.dfs_months = event ? Math.max(0.1, Math.round(eventTime * 10) / 10) : p.follow_up_months;
}
