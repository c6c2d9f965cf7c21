/**
 * From extraction output to the signature table: the cohort feature table (`features.json`, one row per
 * patient x sequence x region case, written by cohort extraction) pivoted to one row per patient with one
 * column per feature x sequence x region. Only numeric features enter (PyRadiomics' diagnostics that are
 * strings, such as versions and hashes, cannot be modelled); a patient without some case gets NaN there.
 * Cases with a timepoint are kept only when `timepoint` matches (pre-treatment features for the signature).
 *
 * @example
 * const table = JSON.parse(readFileSync("build/extract/features.json", "utf8")) as ColumnarTable;
 * const radiomic = pivotFeatures(table, patientIds);  // { columns: [{ name, sequence, region }...], rows }
 */
import type { ColumnarTable } from "../radiomics/batch/table";
import type { RadiomicColumn } from "./dataset";

const ID_COLUMNS = new Set(["Patient", "Sequence", "Region", "Timepoint", "Image", "Mask", "Label"]);

export function pivotFeatures(
  table: ColumnarTable,
  patientIds: string[],
  options: { timepoint?: string; sequences?: readonly string[]; regions?: readonly string[] } = {},
): { columns: RadiomicColumn[]; rows: number[][] } {
  const col = (name: string) => table.columns.find((c) => c.name === name);
  const patient = col("Patient");
  const sequence = col("Sequence");
  const region = col("Region");
  if (!patient || !sequence || !region) throw new Error("pivotFeatures: the feature table lacks a Patient, Sequence or Region column");
  const timepoint = col("Timepoint");
  const numeric = table.columns.filter((c) => !ID_COLUMNS.has(c.name) && c.type === "number");
  const groups: { sequence: string; region: string }[] = [];
  const seen = new Set<string>();
  const rowOf = new Map<string, number>();
  for (let r = 0; r < table.rows; r++) {
    if (timepoint && (timepoint.values[r] ?? undefined) !== options.timepoint) continue;
    const s = String(sequence.values[r]);
    const g = String(region.values[r]);
    if (options.sequences && !options.sequences.includes(s)) continue;
    if (options.regions && !options.regions.includes(g)) continue;
    const key = `${g}/${s}`;
    if (!seen.has(key)) {
      seen.add(key);
      groups.push({ sequence: s, region: g });
    }
    const caseKey = `${patient.values[r]}|${key}`;
    if (rowOf.has(caseKey)) throw new Error(`pivotFeatures: patient ${patient.values[r]} has two ${key} cases in the feature table`);
    rowOf.set(caseKey, r);
  }
  groups.sort((a, b) => (a.region + a.sequence < b.region + b.sequence ? -1 : a.region + a.sequence > b.region + b.sequence ? 1 : 0));
  const columns: RadiomicColumn[] = groups.flatMap((g) => numeric.map((c) => ({ name: c.name, sequence: g.sequence, region: g.region })));
  const rows = patientIds.map((id) => {
    const row = new Array<number>(columns.length).fill(NaN);
    groups.forEach((g, q) => {
      const r = rowOf.get(`${id}|${g.region}/${g.sequence}`);
      if (r === undefined) return;
      for (let k = 0, o = q * numeric.length; k < numeric.length; k++, o++) {
        const v = numeric[k].values[r];
        if (typeof v === "number" && Number.isFinite(v)) row[o] = v;
      }
    });
    return row;
  });
  return { columns, rows };
}

export interface FeatureInventory {
  /** Diagnostic entries (PyRadiomics' diagnostics_*; numeric and text). */
  diagnostics: number;
  /** Original-image features (original_*). */
  original: number;
  /** Wavelet features (wavelet-*). */
  wavelet: number;
  /** Numeric columns that enter the signature table, per case. */
  numeric: number;
}

/**
 * Counts of the feature table's columns per case by kind (paper section 2.2: 12 diagnostics, 107 original,
 * 744 wavelet = 863 per region and sequence).
 *
 * @example
 * featureInventory(table); // { diagnostics: 19, original: 107, wavelet: 744, numeric: 857 }
 */
export function featureInventory(table: ColumnarTable): FeatureInventory {
  const names = table.columns.map((c) => c.name).filter((n) => !ID_COLUMNS.has(n));
  return {
    diagnostics: names.filter((n) => n.startsWith("diagnostics_")).length,
    original: names.filter((n) => n.startsWith("original_")).length,
    wavelet: names.filter((n) => n.startsWith("wavelet-")).length,
    numeric: table.columns.filter((c) => !ID_COLUMNS.has(c.name) && c.type === "number").length,
  };
}
