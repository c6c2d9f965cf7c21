/**
 * Table 1 from a manifest's patient-level clinical table: the rows Table 1 counts (cohort, ALN status and
 * each variable), the printed layout (n (%) per level, median [IQR] per continuous variable, per cohort and
 * ALN status, percentages over non-missing patients as the paper prints them), the cell-by-cell comparison
 * with the published table, and the training-cohort univariate tests of section 4.3.
 */
import { chiSquaredTest, studentTTest, welchTTest } from "../../stats/index";
import { ALN_GROUPS, COHORT_NAMES, compareTable1, tabulateTable1, type Cohort, type Table1, type Table1Row } from "../../synthetic/table1";
import type { Study } from "../../study/open";

/**
 * Table 1 rows of a study that declares itself comparable with the paper (`paper.cohorts` maps the paper's
 * cohorts to the study's): cohort, outcome and each variable of the published table, named as the template.
 */
export function table1Rows(study: Study, template: Table1): Table1Row[] {
  const mapping = study.config.paper?.cohorts;
  if (!mapping) throw new Error(`study ${study.config.file}: Table 1 comparison needs 'paper.cohorts'`);
  const paperCohort = new Map(Object.entries(mapping).map(([paper, ours]) => [ours, paper as Cohort]));
  const need = [...Object.keys(template.categorical), ...Object.keys(template.continuous)];
  const absent = need.filter((c) => !study.patients.columnNames().includes(c));
  if (absent.length) throw new Error(`study ${study.config.file}: the paper's Table 1 needs clinical column(s) ${absent.join(", ")}`);
  const rows: Table1Row[] = [];
  for (const o of study.patients.objects() as Record<string, string | number | null>[]) {
    const cohort = paperCohort.get(String(o.cohort));
    if (!cohort || !COHORT_NAMES.includes(cohort)) continue;
    const row: Table1Row = { cohort, aln: o.outcome === 1 ? 1 : 0 };
    for (const c of need) row[c] = o[c];
    rows.push(row);
  }
  return rows;
}

/** The printed layout: one row per variable level (or continuous variable), one column per cohort x ALN group. */
export function table1Layout(t: Table1): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  const header = (cohort: Cohort, g: string) => `${cohort} ${g} (n=${t.cohorts[cohort][g as "negative"]})`;
  for (const [v, s] of Object.entries(t.continuous)) {
    const row: Record<string, string> = { characteristic: `${t.labels[v] ?? v} (median [IQR])`, level: "" };
    for (const c of COHORT_NAMES) for (const g of ALN_GROUPS) row[header(c, g)] = `${s[c][g].median} [${s[c][g].q1}, ${s[c][g].q3}]`;
    out.push(row);
  }
  for (const [v, spec] of Object.entries(t.categorical)) {
    spec.levels.forEach((level, k) => {
      const row: Record<string, string> = { characteristic: k === 0 ? `${t.labels[v] ?? v} (%)` : "", level };
      for (const c of COHORT_NAMES) {
        for (const g of ALN_GROUPS) {
          const counts = spec.counts[c][g];
          const total = counts.reduce((a, b) => a + b, 0);
          row[header(c, g)] = `${counts[k]} (${total ? ((100 * counts[k]) / total).toFixed(1) : "NA"})`;
        }
      }
      out.push(row);
    });
  }
  return out;
}

export interface Table1Regeneration {
  table: Table1;
  layout: Record<string, string>[];
  /** Cells that differ from the published table (empty when every count, median and IQR agree). */
  differences: string[];
}

export function regenerateTable1(rows: Table1Row[], published: Table1): Table1Regeneration {
  const table = tabulateTable1(rows, published);
  return { table, layout: table1Layout(table), differences: compareTable1(published, table) };
}

export interface UnivariateRow {
  variable: string;
  test: string;
  statistic: number;
  df: number;
  p: number;
  published?: string;
}

/**
 * Section 4.3's univariate tests in one cohort: age by Student's t-test (the paper's "independent-samples
 * t-test") and Welch's (R's default), and chi-squared tests without continuity correction for the
 * categorical variables (clinical T, clinical N, Ki67, subtype by default), missing values excluded.
 */
export function univariateTable(
  rows: Table1Row[],
  options: { cohort?: Cohort; categorical?: string[]; continuous?: string; levels?: Record<string, string[]>; published?: Record<string, string> } = {},
): UnivariateRow[] {
  const cohort = options.cohort ?? "training";
  const sel = rows.filter((r) => r.cohort === cohort);
  const out: UnivariateRow[] = [];
  const cont = options.continuous ?? "age_years";
  const x = (aln: number) => sel.filter((r) => r.aln === aln && typeof r[cont] === "number").map((r) => r[cont] as number);
  const student = studentTTest(x(1), x(0));
  const welch = welchTTest(x(1), x(0));
  out.push({ variable: cont, test: "Student t-test", statistic: student.statistic, df: student.df, p: student.pValue, published: options.published?.[cont] });
  out.push({ variable: cont, test: "Welch t-test", statistic: welch.statistic, df: welch.df, p: welch.pValue });
  for (const v of options.categorical ?? ["clinical_t", "clinical_n", "ki67", "subtype"]) {
    const levels = options.levels?.[v] ?? [...new Set(sel.map((r) => r[v]).filter((l): l is string => typeof l === "string"))].sort();
    const counts = [0, 1].map((aln) => levels.map((l) => sel.filter((r) => r.aln === aln && r[v] === l).length));
    const keep = levels.map((_, k) => k).filter((k) => counts[0][k] + counts[1][k] > 0);
    const chi = chiSquaredTest(counts.map((r) => keep.map((k) => r[k])), { correct: false });
    out.push({ variable: v, test: "chi-squared", statistic: chi.statistic, df: chi.df, p: chi.pValue, published: options.published?.[v] });
  }
  return out;
}
