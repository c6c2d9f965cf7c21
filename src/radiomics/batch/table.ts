/**
 * Merged cohort tables: a CSV in PyRadiomics' batch layout (one row per case: the case's identifying columns,
 * then every diagnostic and feature in extraction order) and a typed, column-oriented JSON file.
 */
import { stableJson } from "../../util/atomic";
import { caseKey } from "./cases";
import type { CaseFailure, CaseResult } from "./results";

/**
 * A number as Python's `repr(float(x))` writes it (what PyRadiomics' batch CSV holds): shortest round-trip
 * digits, fixed notation for exponents -4 .. 15 with at least one decimal ("4137.0"), otherwise scientific with
 * a signed two-digit exponent ("1e-05", "1.5e+16"); "nan", "inf", "-inf".
 *
 * @example
 * pythonFloat(4137); // "4137.0"
 * pythonFloat(0.00001); // "1e-05"
 */
export function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const size = Math.abs(x);
  if (size >= 1e-4 && size < 1e16) {
    // Exponents -4 .. 15: JavaScript writes the same shortest digits in fixed notation; Python adds ".0" to integers.
    const fixed = String(x);
    return fixed.includes(".") ? fixed : `${fixed}.0`;
  }
  const [mantissa, expText] = x.toExponential().split("e");
  const exp = Number(expText);
  return `${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}

/** One CSV field, quoted as Python's csv module does (only when it holds a comma, quote or line break). */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvLine(fields: string[]): string {
  return fields.map(csvField).join(",") + "\n";
}

type Cell = number | string | null;

/** Identifying columns of every row, before the features (timepoint and segment only when some case has one). */
function idColumns(results: CaseResult[]): { name: string; get: (r: CaseResult) => Cell }[] {
  const cols: { name: string; get: (r: CaseResult) => Cell }[] = [
    { name: "Patient", get: (r) => r.case.patientId },
    { name: "Sequence", get: (r) => r.case.sequence },
    { name: "Region", get: (r) => r.case.region },
  ];
  if (results.some((r) => r.case.timepoint !== undefined)) cols.push({ name: "Timepoint", get: (r) => r.case.timepoint ?? null });
  cols.push(
    { name: "Image", get: (r) => r.case.image },
    { name: "Mask", get: (r) => r.case.mask },
    { name: "Label", get: (r) => r.case.label },
  );
  if (results.some((r) => r.case.segment !== undefined)) cols.push({ name: "Segment", get: (r) => r.case.segment ?? null });
  return cols;
}

/** Feature columns: the union of all results' names, in first-seen extraction order. */
function featureColumns(results: CaseResult[]): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const r of results) for (const name of Object.keys(r.features)) if (!seen.has(name)) { seen.add(name); names.push(name); }
  return names;
}

function cellText(v: Cell): string {
  if (v === null) return "";
  return typeof v === "number" ? pythonFloat(v) : v;
}

/**
 * The cohort CSV: header, then one row per result in the given order. Numbers as Python floats, empty cells
 * for features a case lacks.
 *
 * @example
 * featuresCsv([{ case: c, features: { original_firstorder_Mean: 825.2 } }]);
 * // "Patient,Sequence,Region,Image,Mask,Label,original_firstorder_Mean\nP001,T1C,tumour,...,1.0,825.2\n"
 */
export function featuresCsv(results: CaseResult[]): string {
  const ids = idColumns(results);
  const features = featureColumns(results);
  let out = csvLine([...ids.map((c) => c.name), ...features]);
  for (const r of results) {
    out += csvLine([...ids.map((c) => cellText(c.get(r))), ...features.map((f) => cellText(f in r.features ? r.features[f] : null))]);
  }
  return out;
}

/** A column of the typed JSON table. */
export interface TableColumn {
  name: string;
  type: "number" | "string";
  /** One value per row; null where missing (or not finite, for numbers). */
  values: (number | string | null)[];
}

/** Layout version of the cohort tables (stored in `features.json`; a new layout must not reuse old tables). */
export const TABLE_FORMAT = "alnm-radiomics-cohort-table/1";

/** The typed, column-oriented cohort table (`features.json`). */
export interface ColumnarTable {
  format: typeof TABLE_FORMAT;
  rows: number;
  /** Case keys (`patient/sequence/region[/timepoint]`), one per row. */
  cases: string[];
  columns: TableColumn[];
}

/**
 * The same table column by column, each column typed "number" when every present value is a number.
 *
 * @example
 * featuresTable(results).columns.find((c) => c.name === "original_firstorder_Mean"); // { type: "number", values: [...] }
 */
export function featuresTable(results: CaseResult[]): ColumnarTable {
  const cols: { name: string; get: (r: CaseResult) => Cell }[] = [
    ...idColumns(results),
    ...featureColumns(results).map((f) => ({ name: f, get: (r: CaseResult) => (f in r.features ? r.features[f] : null) })),
  ];
  return {
    format: TABLE_FORMAT,
    rows: results.length,
    cases: results.map((r) => caseKey(r.case)),
    columns: cols.map(({ name, get }) => {
      const values = results.map(get);
      const type = values.every((v) => v === null || typeof v === "number") ? "number" : "string";
      return { name, type, values: type === "number" ? values : values.map((v) => (v === null ? null : String(v))) };
    }),
  };
}

/** `features.json` text (non-finite numbers become null). */
export function featuresJson(results: CaseResult[]): string {
  return stableJson(featuresTable(results));
}

/** `failures.csv`: case, file, error, one row per failed case. */
export function failuresCsv(failures: CaseFailure[]): string {
  let out = csvLine(["Case", "File", "Error"]);
  for (const f of failures) out += csvLine([caseKey(f.case), f.file, f.error.replace(/\r?\n/g, " ")]);
  return out;
}
