/**
 * The one CSV writer for tables the project writes (results, the synthetic cohort's tables): RFC 4180 through
 * papaparse, "\n" line ends, a trailing newline, numbers in shortest round-trip form, and missing values
 * (null, undefined, NaN) as "NA", as R writes them. PyRadiomics' batch layout keeps its own rules
 * (radiomics/batch/table.ts), since it must match PyRadiomics byte for byte.
 *
 * @example
 * toCsv([{ feature: "K1", rho: 0.5, p: NaN }]);               // "feature,rho,p\nK1,0.5,NA\n"
 * toCsv([{ a: 'say "hi"', b: 1 }], ["b", "a"]);              // 'b,a\n1,"say ""hi"""\n'
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { repoRoot } from "./paths";

// Resolved from the repository, not from this file: notebooks compile src/ through a symlink (notebooks/src),
// from where the tslab kernel cannot see node_modules when the notebooks folder lives elsewhere.
type Unparse = (input: { fields: string[]; data: string[][] }, config: { newline: string }) => string;
let unparse: Unparse | undefined;
function papaUnparse(): Unparse {
  unparse ??= (createRequire(join(repoRoot(), "package.json"))("papaparse") as { unparse: Unparse }).unparse;
  return unparse;
}

const cell = (v: unknown): string => (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v)) ? "NA" : String(v));

/** CSV text of record rows; the columns are `columns`, else the union of the rows' keys in first-seen order. */
export function toCsv(rows: readonly object[], columns?: readonly string[]): string {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return csvFromArrays(cols, rows.map((r) => cols.map((c) => (r as Record<string, unknown>)[c])));
}

/** CSV text of a header and rows of cells. */
export function csvFromArrays(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  // papaparse also quotes cells with leading or trailing spaces (allowed by RFC 4180, read back unchanged).
  return papaUnparse()({ fields: [...header], data: rows.map((r) => r.map(cell)) }, { newline: "\n" }) + "\n";
}
