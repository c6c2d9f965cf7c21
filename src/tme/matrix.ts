/**
 * A numeric matrix with row and column names, e.g. genes x cell types (a signature matrix) or
 * genes x samples (an expression matrix). `values[i][j]` is row `rows[i]`, column `columns[j]`.
 *
 * @example
 * const m: NamedMatrix = { rows: ["CD3E", "MS4A1"], columns: ["T", "B"], values: [[9, 0.1], [0.2, 8]] };
 * checkNamedMatrix(m, "signature matrix");
 */
import { readFileSync } from "node:fs";

export interface NamedMatrix {
  rows: string[];
  columns: string[];
  values: number[][];
}

/**
 * Throws a clear Error if dimensions disagree, names repeat or a value is not finite (NaN, meaning
 * missing, is accepted with `allowMissing`).
 */
export function checkNamedMatrix(m: NamedMatrix, what: string, options: { allowMissing?: boolean } = {}): void {
  if (m.values.length !== m.rows.length) {
    throw new Error(`${what}: ${m.rows.length} row names but ${m.values.length} rows of values`);
  }
  checkUnique(m.rows, `${what}: row name`);
  checkUnique(m.columns, `${what}: column name`);
  m.values.forEach((row, i) => {
    if (row.length !== m.columns.length) {
      throw new Error(`${what}: row '${m.rows[i]}' has ${row.length} values, expected ${m.columns.length}`);
    }
    row.forEach((v, j) => {
      if (!Number.isFinite(v) && !(options.allowMissing && Number.isNaN(v))) throw new Error(`${what}: value at row '${m.rows[i]}', column '${m.columns[j]}' is ${v}`);
    });
  });
}

function checkUnique(names: string[], what: string): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new Error(`${what} '${n}' appears more than once`);
    seen.add(n);
  }
}

/** The sub-matrix with the given rows, in that order (every name must exist). */
export function selectRows(m: NamedMatrix, rows: string[]): NamedMatrix {
  const index = new Map(m.rows.map((r, i) => [r, i] as [string, number]));
  return {
    rows: rows.slice(),
    columns: m.columns.slice(),
    values: rows.map((r) => {
      const i = index.get(r);
      if (i === undefined) throw new Error(`selectRows: no row named '${r}'`);
      return m.values[i].slice();
    }),
  };
}

/** Column j as an array. */
export function column(m: NamedMatrix, j: number): number[] {
  return m.values.map((row) => row[j]);
}

/**
 * Parses a delimited text matrix: a header line (first cell = the row-name column's title, then column
 * names), then one line per row (row name, values). This is the layout of CIBERSORT's signature-matrix and
 * mixture files. Surrounding double quotes are removed from names; `NA`/empty cells are errors.
 *
 * @example
 * parseNamedMatrix("gene\tT\tB\nCD3E\t9\t0.1\n", { source: "inline" }).values; // [[9, 0.1]]
 */
export function parseNamedMatrix(text: string, options: { delimiter?: string; source: string }): NamedMatrix {
  const delimiter = options.delimiter ?? "\t";
  // CR, LF or CRLF: CIBERSORT's own distributed files end their lines with a bare CR (classic Mac OS).
  const lines = text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== "");
  if (lines.length < 2) throw new Error(`${options.source}: needs a header line and at least one row`);
  const unquote = (s: string): string => s.trim().replace(/^"(.*)"$/, "$1");
  const columns = lines[0].split(delimiter).slice(1).map(unquote);
  const rows: string[] = [];
  const values = lines.slice(1).map((line, k) => {
    const cells = line.split(delimiter);
    rows.push(unquote(cells[0]));
    if (cells.length - 1 !== columns.length) {
      throw new Error(`${options.source}: line ${k + 2} has ${cells.length - 1} values, header has ${columns.length}`);
    }
    return cells.slice(1).map((c, j) => {
      const v = Number(c);
      if (c.trim() === "" || !Number.isFinite(v)) {
        throw new Error(`${options.source}: line ${k + 2} ('${rows[k]}'), column '${columns[j]}': '${c}' is not a number`);
      }
      return v;
    });
  });
  const m = { rows, columns, values };
  checkNamedMatrix(m, options.source);
  return m;
}

/** Reads a tab-delimited (or `delimiter`) matrix file with {@link parseNamedMatrix}. */
export function readNamedMatrix(path: string, delimiter = "\t"): NamedMatrix {
  return parseNamedMatrix(readFileSync(path, "utf8"), { delimiter, source: path });
}

/** The transpose (rows become columns). */
export function transpose(m: NamedMatrix): NamedMatrix {
  return {
    rows: m.columns.slice(),
    columns: m.rows.slice(),
    values: m.columns.map((_, j) => m.values.map((row) => row[j])),
  };
}
