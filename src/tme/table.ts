/**
 * CSV text of result rows (header = `columns`), numbers in shortest round-trip form, NaN as "NA" (as R
 * writes missing values), strings quoted when they hold a comma, quote or newline.
 *
 * @example
 * rowsToCsv([{ feature: "K1", rho: 0.5, p: NaN }], ["feature", "rho", "p"]); // "feature,rho,p\nK1,0.5,NA\n"
 */
export function rowsToCsv<T extends object>(rows: T[], columns: (keyof T & string)[]): string {
  const cell = (v: unknown): string => {
    if (typeof v === "number") return Number.isNaN(v) ? "NA" : String(v);
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [columns.join(",")];
  for (const r of rows) lines.push(columns.map((c) => cell((r as Record<string, unknown>)[c])).join(","));
  return lines.join("\n") + "\n";
}
