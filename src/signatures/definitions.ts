/**
 * Which inputs a signature uses: radiomic features of some regions and sequences, and/or the
 * clinicopathologic variables that pass the training-cohort test. `signatureFamily` builds the paper's
 * family of signatures (sections 2.3-2.4) for any sequences and regions a study has.
 *
 * @example
 * const family = signatureFamily([{ name: "T1C", label: "T1+C" }, { name: "ADC", label: "DWI-ADC" }], [{ name: "aln", label: "ALN" }, { name: "tumour", label: "Tumour" }], { clinical: true });
 * family.definitions.map((d) => d.name);
 * // ["ALN region", "Tumour region", "T1+C", "DWI-ADC", "ALN-tumour radiomic", "Clinical", "Multiomic"]
 * family.radiomic;   // "ALN-tumour radiomic"
 */

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

export interface NamedLevel {
  name: string;
  label: string;
}

export interface SignatureFamily {
  definitions: SignatureDefinition[];
  /** One signature per region (both or all sequences), when there are several regions. */
  regional: string[];
  /** One signature per sequence (every region), when there are several sequences. */
  perSequence: string[];
  /** Every region and sequence. */
  radiomic: string;
  /** Clinical variables only, and radiomic + clinical (null without clinical candidates). */
  clinical: string | null;
  multiomic: string | null;
}

/**
 * The paper's family for the given sequences and regions: each region alone, each sequence alone, all
 * radiomic groups together (named after the regions, "ALN-tumour radiomic" for the paper's), and with
 * `clinical`, the clinical and the multiomic (all radiomic + clinical) signatures.
 */
export function signatureFamily(sequences: readonly NamedLevel[], regions: readonly NamedLevel[], options: { clinical: boolean }): SignatureFamily {
  if (!sequences.length || !regions.length) throw new Error("signatureFamily: a study needs at least one sequence and one region");
  const seq = sequences.map((s) => s.name);
  const reg = regions.map((r) => r.name);
  const regional = regions.length > 1 ? regions.map((r) => ({ name: `${r.label} region`, regions: [r.name], sequences: seq, clinical: false })) : [];
  const perSequence = sequences.length > 1 ? sequences.map((s) => ({ name: s.label, regions: reg, sequences: [s.name], clinical: false })) : [];
  const radiomic = `${regions.map((r, k) => (k === 0 ? r.label : r.label.toLowerCase())).join("-")} radiomic`;
  const definitions: SignatureDefinition[] = [...regional, ...perSequence, { name: radiomic, regions: reg, sequences: seq, clinical: false }];
  if (options.clinical) definitions.push({ name: "Clinical", regions: [], sequences: [], clinical: true }, { name: "Multiomic", regions: reg, sequences: seq, clinical: true });
  const names = definitions.map((d) => d.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new Error(`signatureFamily: two signatures would be called '${duplicate}'; give the sequences and regions distinct labels`);
  return {
    definitions,
    regional: regional.map((d) => d.name),
    perSequence: perSequence.map((d) => d.name),
    radiomic,
    clinical: options.clinical ? "Clinical" : null,
    multiomic: options.clinical ? "Multiomic" : null,
  };
}

/** The paper's signatures, with the synthetic cohort's sequence and region names (used by tests and examples). */
export function paperSignatures(): SignatureDefinition[] {
  return signatureFamily(
    [{ name: "T1C", label: "T1+C" }, { name: "T2WI", label: "T2WI" }, { name: "ADC", label: "DWI-ADC" }],
    [{ name: "aln", label: "ALN" }, { name: "tumour", label: "Tumour" }],
    { clinical: true },
  ).definitions;
}

/** The definition called `name` among `definitions`; throws listing the known names otherwise. */
export function signatureByName(definitions: SignatureDefinition[], name: string): SignatureDefinition {
  const d = definitions.find((x) => x.name === name);
  if (!d) throw new Error(`unknown signature '${name}' (known: ${definitions.map((x) => x.name).join(", ")})`);
  return d;
}
