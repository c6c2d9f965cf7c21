/**
 * Reads a manifest's clinical table and checks it against the declared schema: every declared column
 * present, patient IDs unique, non-empty and without leading/trailing whitespace, numbers finite and within [min, max], integers whole,
 * categories among their declared levels, required cells not missing, and every imaging case's patient
 * present in the table. All problems found (up to 20) are reported together, each naming the row's patient.
 *
 * @example
 * const table = validateClinicalTable(loadManifest("data-manifests/synthetic.json"));
 * table.ids.length;              // 1088
 * table.columns.aln_status[0];   // "negative"
 */
import type { LoadedManifest } from "./types";
import { readDelimited } from "./csv";

export interface ClinicalTable {
  /** Absolute path of the table. */
  path: string;
  idColumn: string;
  /** Patient IDs in file order. */
  ids: string[];
  /** Declared columns, one typed value per patient: number, category level or string; null when missing. */
  columns: Record<string, (number | string | null)[]>;
}

const MAX_REPORTED = 20;

/**
 * @param problems when given, the problems are added here (each prefixed by the table) and the table is returned
 *   anyway, with the values as read (`alnm manifest check`); otherwise they are thrown together.
 */
export function validateClinicalTable(manifest: LoadedManifest, problems?: string[]): ClinicalTable {
  const spec = manifest.clinical;
  const where = `manifest ${manifest.file}: clinical table ${spec?.path ?? ""}`;
  if (!spec) throw new Error(`manifest ${manifest.file}: declares no clinical table`);
  const rows = readDelimited(spec.path, spec.delimiter ?? (spec.path.endsWith(".tsv") ? "\t" : ","), where);
  const headerRow = spec.headerRow ?? 0;
  const header = (rows[headerRow] ?? []).map((h) => h.trim());
  const missingCols = Object.keys(spec.columns).filter((c) => !header.includes(c.trim()));
  if (missingCols.length) {
    throw new Error(`${where}: missing column(s) ${missingCols.map((c) => `'${c}'`).join(", ")} (the header has ${header.length} columns)`);
  }
  const missing = new Set(spec.missing ?? ["", "NA"]);
  const dataRows = rows.slice(headerRow + 1 + (spec.skipRows ?? 0));
  const idIndex = header.indexOf(spec.idColumn.trim());
  const errors: string[] = [];
  const report = (msg: string) => {
    if (errors.length < MAX_REPORTED) errors.push(msg);
    else if (errors.length === MAX_REPORTED) errors.push("... (more problems not shown)");
  };
  const ids: string[] = [];
  const firstRow = new Map<string, number>();
  dataRows.forEach((row, r) => {
    const line = headerRow + 2 + (spec.skipRows ?? 0) + r;
    const raw = row[idIndex] ?? "";
    const id = raw.trim();
    if (id === "" || missing.has(id)) report(`row ${line}: empty patient ID in '${spec.idColumn}'`);
    else if (raw !== id) {
      report(`patient ${JSON.stringify(raw)} (row ${line}): patient ID in '${spec.idColumn}' has leading or trailing whitespace`);
    }
    else if (firstRow.has(id)) report(`patient ${id}: duplicate patient ID (rows ${firstRow.get(id)} and ${line})`);
    else firstRow.set(id, line);
    ids.push(id);
  });
  const columns: Record<string, (number | string | null)[]> = {};
  for (const [name, schema] of Object.entries(spec.columns)) {
    const j = header.indexOf(name.trim());
    const values: (number | string | null)[] = [];
    dataRows.forEach((row, r) => {
      const cell = (row[j] ?? "").trim();
      const who = `patient ${ids[r] || `(row ${headerRow + 2 + r})`}, column '${name}'`;
      if (missing.has(cell)) {
        if (schema.required) report(`${who}: required value is missing`);
        values.push(null);
        return;
      }
      if (schema.type === "number" || schema.type === "integer") {
        const x = Number(cell);
        if (!Number.isFinite(x)) {
          report(`${who}: '${cell}' is not a number`);
          values.push(null);
          return;
        }
        if (schema.type === "integer" && !Number.isInteger(x)) report(`${who}: '${cell}' is not an integer`);
        if (schema.min !== undefined && x < schema.min) report(`${who}: ${x} is below the minimum ${schema.min}`);
        if (schema.max !== undefined && x > schema.max) report(`${who}: ${x} is above the maximum ${schema.max}`);
        values.push(x);
      } else if (schema.type === "category") {
        if (!schema.levels.includes(cell)) report(`${who}: unknown level '${cell}' (declared levels: ${schema.levels.join(", ")})`);
        values.push(cell);
      } else {
        values.push(cell);
      }
    });
    columns[name] = values;
  }
  const known = new Set(ids);
  const unknownCasePatients = Array.from(new Set(manifest.cases.map((c) => c.patientId).filter((p) => !known.has(p))));
  for (const p of unknownCasePatients) report(`patient ${p}: has imaging cases but no row in the clinical table`);
  if (problems) problems.push(...errors.map((e) => `${where}: ${e}`));
  else if (errors.length) throw new Error(`${where}:\n  ${errors.join("\n  ")}`);
  return { path: spec.path, idColumn: spec.idColumn, ids, columns };
}
