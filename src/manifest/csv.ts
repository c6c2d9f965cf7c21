import { readFileSync } from "node:fs";
import Papa from "papaparse";

/**
 * Parses a delimited text file (quoted fields, embedded newlines) into rows of cells.
 *
 * @example
 * readDelimited("/abs/clinical.csv", ",", "clinical table")[0]; // header cells
 */
export function readDelimited(path: string, delimiter: string, what: string): string[][] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new Error(`${what}: cannot read ${path}: ${(err as Error).message}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parsed = Papa.parse<string[]>(text, { header: false, delimiter, skipEmptyLines: true });
  const bad = parsed.errors.find((e) => e.type !== "Delimiter");
  if (bad) throw new Error(`${what}: ${path} row ${(bad.row ?? 0) + 1}: ${bad.message}`);
  return parsed.data;
}
