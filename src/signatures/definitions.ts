/**
 * Which inputs each signature of the paper uses (sections 2.3-2.4, 4.2-4.3): radiomic features of some
 * regions and sequences, and/or the clinicopathologic variables that pass the training-cohort test.
 *
 * @example
 * paperSignatures().map((d) => d.name);
 * // ["ALN region", "Tumour region", "T1C", "T2WI", "ADC", "ALN-tumour radiomic", "Clinical", "Multiomic"]
 */
import type { ClinicalVariable } from "./clinical";

export interface SignatureDefinition {
  /** Display name; the names of the paper's signatures match the keys of PUBLISHED_AUC. */
  name: string;
  /** Regions whose radiomic features enter ([] for none). */
  regions: string[];
  /** Sequences whose radiomic features enter ([] for none). */
  sequences: string[];
  /** Whether the clinicopathologic variables that pass the training test enter. */
  clinical: boolean;
}

/** The MRI sequences and regions of the paper, with the names the manifests use. */
export const SEQUENCES = ["T1C", "T2WI", "ADC"] as const;
export const REGIONS = ["aln", "tumour"] as const;

/** Display names of the sequences (paper's notation). */
export const SEQUENCE_LABELS: Record<string, string> = { T1C: "T1+C", T2WI: "T2WI", ADC: "DWI-ADC" };

/**
 * The signatures the paper reports: ALN region only, tumour region only, each single sequence (both
 * regions), ALN-tumour (all 6 groups, 6 x 30 = 180 features), clinical, and multiomic (180 radiomic +
 * selected clinical).
 */
export function paperSignatures(sequences: readonly string[] = SEQUENCES, regions: readonly string[] = REGIONS): SignatureDefinition[] {
  const all = { regions: [...regions], sequences: [...sequences] };
  return [
    { name: "ALN region", regions: regions.filter((r) => r === "aln"), sequences: [...sequences], clinical: false },
    { name: "Tumour region", regions: regions.filter((r) => r === "tumour"), sequences: [...sequences], clinical: false },
    ...sequences.map((s) => ({ name: SEQUENCE_LABELS[s] ?? s, regions: [...regions], sequences: [s], clinical: false })),
    { name: "ALN-tumour radiomic", ...all, clinical: false },
    { name: "Clinical", regions: [], sequences: [], clinical: true },
    { name: "Multiomic", ...all, clinical: true },
  ];
}

/** The definition called `name` among `definitions`; throws listing the known names otherwise. */
export function signatureByName(definitions: SignatureDefinition[], name: string): SignatureDefinition {
  const d = definitions.find((x) => x.name === name);
  if (!d) throw new Error(`unknown signature '${name}' (known: ${definitions.map((x) => x.name).join(", ")})`);
  return d;
}

/**
 * Candidate clinicopathologic variables of the multiomic signature (Table 1 variables known before
 * surgery; the paper tested them all and kept age, clinical T, clinical N, Ki67 and subtype), named as the
 * synthetic cohort's clinical table names them. Pathologic T/N/stage (known only after surgery, pathologic N
 * being the outcome), clinical stage (a function of cT and cN) and surgery type are not candidates.
 */
export const PAPER_CLINICAL_CANDIDATES: ClinicalVariable[] = [
  { name: "age_years", kind: "continuous", label: "Age" },
  { name: "tumour_size_cm", kind: "continuous", label: "Tumour size (cm)" },
  { name: "tumour_number", kind: "categorical", levels: ["1", ">1"], label: "Tumour number" },
  { name: "clinical_t", kind: "categorical", levels: ["T1", "T2", "T3", "T4"], ordinal: true, label: "Clinical T" },
  { name: "clinical_n", kind: "categorical", levels: ["N0", "N1", "N2", "N3"], ordinal: true, label: "Clinical N" },
  { name: "grade", kind: "categorical", levels: ["1", "2", "3"], ordinal: true, label: "Grade" },
  { name: "er", kind: "categorical", levels: ["negative", "positive"], label: "ER" },
  { name: "pr", kind: "categorical", levels: ["negative", "positive"], label: "PR" },
  { name: "her2", kind: "categorical", levels: ["negative", "positive"], label: "HER2" },
  { name: "ki67", kind: "categorical", levels: ["<30", ">=30"], label: "Ki67" },
  { name: "subtype", kind: "categorical", levels: ["Luminal A", "Luminal B", "HER2-positive", "Triple negative"], label: "Molecular subtype" },
];
