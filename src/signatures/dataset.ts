/**
 * The table a signature is fitted on or applied to: one row per patient, holding the pathologic ALN
 * status, the radiomic features (one column per feature x sequence x region) and the clinical variables.
 * Missing values are NaN (radiomic) or null (clinical).
 *
 * @example
 * const data: SignatureData = {
 *   ids: ["P1", "P2"], labels: [1, 0],
 *   radiomic: { columns: [{ name: "original_firstorder_Mean", sequence: "T1C", region: "aln" }], rows: [[1.2], [0.4]] },
 *   clinical: { age: [51, 63] },
 * };
 * subsetRows(data, [1]).ids; // ["P2"]
 */
export interface RadiomicColumn {
  /** Feature name as PyRadiomics writes it, e.g. "wavelet-LLH_glcm_Idmn". */
  name: string;
  /** MRI sequence, e.g. "T1C", "T2WI", "ADC". */
  sequence: string;
  /** Region of interest, e.g. "tumour", "aln". */
  region: string;
}

export type ClinicalValue = number | string | null;

export interface SignatureData {
  ids: string[];
  /** Pathologic ALN status, 1 = metastasis, 0 = none (NaN when unknown: such rows cannot be fitted). */
  labels: number[];
  radiomic?: { columns: RadiomicColumn[]; rows: number[][] };
  /** Clinical variables by name, one value per patient. */
  clinical?: Record<string, ClinicalValue[]>;
  /** Centre or scanner of each patient (for ComBat harmonisation and subgroup tables). */
  batch?: string[];
  /** Cohort of each patient (training or a validation cohort) in a multicohort study. */
  cohort?: string[];
}

/** Key of a radiomic column, unique within a table: "<region>/<sequence>/<name>". */
export function columnKey(c: RadiomicColumn): string {
  return `${c.region}/${c.sequence}/${c.name}`;
}

const indexes = new WeakMap<RadiomicColumn[], Map<string, number>>();

/** Position of each radiomic column by its {@link columnKey}, built once per columns array. */
export function columnIndex(columns: RadiomicColumn[]): Map<string, number> {
  let index = indexes.get(columns);
  if (!index) {
    index = new Map(columns.map((c, j) => [columnKey(c), j]));
    indexes.set(columns, index);
  }
  return index;
}

/** The rows `index` of a table (in that order), every part subset alike. */
export function subsetRows(data: SignatureData, index: number[]): SignatureData {
  const pick = <T>(xs: T[]): T[] => index.map((i) => xs[i]);
  const out: SignatureData = { ids: pick(data.ids), labels: pick(data.labels) };
  if (data.radiomic) out.radiomic = { columns: data.radiomic.columns, rows: pick(data.radiomic.rows) };
  if (data.clinical) out.clinical = Object.fromEntries(Object.entries(data.clinical).map(([k, v]) => [k, pick(v)]));
  if (data.batch) out.batch = pick(data.batch);
  if (data.cohort) out.cohort = pick(data.cohort);
  return out;
}

/** Checks that every part of a table has one entry per patient; throws naming the part that does not. */
export function validateData(data: SignatureData, what = "signature data"): void {
  const n = data.ids.length;
  const check = (len: number, part: string) => {
    if (len !== n) throw new Error(`${what}: ${part} has ${len} entries for ${n} patients`);
  };
  check(data.labels.length, "labels");
  if (data.radiomic) {
    check(data.radiomic.rows.length, "radiomic rows");
    const p = data.radiomic.columns.length;
    data.radiomic.rows.forEach((r, i) => {
      if (r.length !== p) throw new Error(`${what}: patient ${data.ids[i]} has ${r.length} radiomic values for ${p} columns`);
    });
  }
  for (const [k, v] of Object.entries(data.clinical ?? {})) check(v.length, `clinical variable '${k}'`);
  if (data.batch) check(data.batch.length, "batch");
  if (data.cohort) check(data.cohort.length, "cohort");
  data.labels.forEach((y, i) => {
    if (!(y === 0 || y === 1 || Number.isNaN(y))) throw new Error(`${what}: patient ${data.ids[i]} has label ${y} (expected 0, 1 or NaN)`);
  });
}

/** Indices of the patients of one cohort (`data.cohort`). */
export function cohortRows(data: SignatureData, cohort: string): number[] {
  if (!data.cohort) throw new Error("cohortRows: the data have no cohort per patient");
  return data.cohort.flatMap((c, i) => (c === cohort ? [i] : []));
}

/** Indices of the patients whose label is known (0 or 1). */
export function labelledRows(data: SignatureData): number[] {
  const out: number[] = [];
  data.labels.forEach((y, i) => {
    if (y === 0 || y === 1) out.push(i);
  });
  return out;
}
