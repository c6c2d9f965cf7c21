import { createRequire } from "node:module";
import { join } from "node:path";
import { repoRoot } from "../util/paths";

/** A MIME bundle: several representations of one output; the front end shows the richest it can. */
export type MimeBundle = Record<string, unknown>;

type DisplayWriter = (msg: { data: MimeBundle; metadata: object; transient: object }, update: boolean) => void;

/**
 * Sends a rich output to the running kernel: tslab under Jupyter, or the headless runner (which installs
 * the same hook). Outside a notebook (scripts, tests) the plain-text representation is printed instead.
 */
export function display(bundle: MimeBundle): void {
  const writer = currentWriter();
  if (writer) writer({ data: bundle, metadata: {}, transient: {} }, false);
  else if (typeof bundle["text/plain"] === "string") console.log(bundle["text/plain"]);
}

function currentWriter(): DisplayWriter | null {
  try {
    const require = createRequire(join(repoRoot(), "package.json"));
    return require("tslab/dist/jupyter").lastWriteDisplayData ?? null;
  } catch {
    return null;
  }
}

/** Displays Markdown text. */
export function markdown(text: string): void {
  display({ "text/markdown": text, "text/plain": text });
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Formats a cell for tables: numbers to `digits` significant figures, missing as "NA". */
export function formatCell(v: unknown, digits = 4): string {
  if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) return "NA";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : Number(v.toPrecision(digits)).toString();
  return String(v);
}

/** Displays rows of records as an HTML table (with a plain-text fallback); a cell a row lacks shows "NA". */
export function table(rows: readonly object[], options: { columns?: string[]; caption?: string; digits?: number } = {}): void {
  // Every row's columns, in first-seen order: a column only later rows have (e.g. a test's p) is not dropped.
  const columns = options.columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cells = rows.map((r) => columns.map((c) => formatCell((r as Record<string, unknown>)[c], options.digits)));
  const html =
    `<table>${options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : ""}<thead><tr>` +
    columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("") +
    "</tr></thead><tbody>" +
    cells.map((r) => "<tr>" + r.map((c) => `<td>${escapeHtml(c)}</td>`).join("") + "</tr>").join("") +
    "</tbody></table>";
  const widths = columns.map((c, j) => Math.max(c.length, ...cells.map((r) => r[j].length)));
  const line = (vals: string[]) => vals.map((v, j) => v.padEnd(widths[j])).join("  ");
  const text = [options.caption ?? "", line(columns), ...cells.map(line)].filter((l) => l !== "").join("\n");
  display({ "text/html": html, "text/plain": text });
}
