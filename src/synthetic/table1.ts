/**
 * The paper's Table 1 as data (transcribed once in data-manifests/paper-table1.json) and the same table
 * tabulated from patient-level data, so a cohort can be audited against the publication cell by cell.
 *
 * @example
 * const paper = loadPaperTable1();
 * paper.categorical.er.counts.training.negative; // [64, 407] (ER negative, positive among ALN-negative)
 * const mine = tabulateTable1(patients, paper);
 * compareTable1(paper, mine);                     // [] when every count, median and IQR agree
 */
import { readFileSync } from "node:fs";
import { repoPath } from "../util/paths";
import { quantile7, type MedianIqr } from "./quantiles";
import type { ClinicalTable } from "../manifest/clinical";

export const COHORT_NAMES = ["training", "prospective", "external"] as const;
export type Cohort = (typeof COHORT_NAMES)[number];
export const ALN_GROUPS = ["negative", "positive"] as const;
export type AlnGroup = (typeof ALN_GROUPS)[number];

type PerGroup<T> = Record<Cohort, Record<AlnGroup, T>>;

export interface Table1 {
  source: string;
  location: string;
  notes?: string;
  cohorts: PerGroup<number>;
  /** Median and IQR per cohort and ALN group. Keys: age_years, tumour_size_cm, follow_up_months. */
  continuous: Record<string, PerGroup<MedianIqr>>;
  /** Levels and counts (aligned with levels) per cohort and ALN group; missing patients are not counted. */
  categorical: Record<string, { levels: string[]; counts: PerGroup<number[]> }>;
  labels: Record<string, string>;
}

/** The paper's Table 1 from `data-manifests/paper-table1.json`. */
export function loadPaperTable1(path = repoPath("data-manifests/paper-table1.json")): Table1 {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Table1;
  } catch (err) {
    throw new Error(`cannot read Table 1 from ${path}: ${(err as Error).message}`);
  }
}

/** A patient row as Table 1 needs it: cohort, ALN status, and each variable (null when missing). */
export interface Table1Row {
  cohort: Cohort;
  aln: 0 | 1;
  [variable: string]: string | number | null;
}

/**
 * Table 1 from patient rows: for every categorical variable of `template`, the count of each level per
 * cohort and ALN group; for every continuous variable, the type-7 median and quartiles of the non-missing
 * values, rounded to the template's printed precision (1 decimal).
 */
export function tabulateTable1(rows: Table1Row[], template: Table1): Table1 {
  const groups = (c: Cohort, g: AlnGroup) => rows.filter((r) => r.cohort === c && r.aln === (g === "positive" ? 1 : 0));
  const perGroup = <T>(f: (rs: Table1Row[]) => T): PerGroup<T> =>
    Object.fromEntries(COHORT_NAMES.map((c) => [c, { negative: f(groups(c, "negative")), positive: f(groups(c, "positive")) }])) as PerGroup<T>;
  const round1 = (x: number) => Math.round(x * 10) / 10;
  const continuous: Table1["continuous"] = {};
  for (const v of Object.keys(template.continuous)) {
    continuous[v] = perGroup((rs) => {
      const x = rs.map((r) => r[v]).filter((y): y is number => typeof y === "number");
      return { median: round1(quantile7(x, 0.5)), q1: round1(quantile7(x, 0.25)), q3: round1(quantile7(x, 0.75)) };
    });
  }
  const categorical: Table1["categorical"] = {};
  for (const [v, spec] of Object.entries(template.categorical)) {
    categorical[v] = { levels: spec.levels, counts: perGroup((rs) => spec.levels.map((l) => rs.filter((r) => r[v] === l).length)) };
  }
  return {
    source: "tabulated from patient-level data",
    location: "",
    cohorts: perGroup((rs) => rs.length),
    continuous,
    categorical,
    labels: template.labels,
  };
}

/** Every cell where `actual` differs from `expected`, as readable strings (empty when they agree). */
export function compareTable1(expected: Table1, actual: Table1): string[] {
  const out: string[] = [];
  for (const c of COHORT_NAMES) {
    for (const g of ALN_GROUPS) {
      if (expected.cohorts[c][g] !== actual.cohorts[c][g]) out.push(`${c}/${g}: n ${actual.cohorts[c][g]} != ${expected.cohorts[c][g]}`);
      for (const [v, spec] of Object.entries(expected.categorical)) {
        spec.levels.forEach((l, i) => {
          const a = actual.categorical[v]?.counts[c][g][i];
          if (a !== spec.counts[c][g][i]) out.push(`${c}/${g}: ${v}=${l} ${a} != ${spec.counts[c][g][i]}`);
        });
      }
      for (const [v, e] of Object.entries(expected.continuous)) {
        for (const k of ["median", "q1", "q3"] as const) {
          const a = actual.continuous[v]?.[c][g][k];
          if (a === undefined || Math.abs(a - e[c][g][k]) > 1e-9) out.push(`${c}/${g}: ${v} ${k} ${a} != ${e[c][g][k]}`);
        }
      }
    }
  }
  return out;
}

/**
 * Table 1 rows from a validated clinical table with the synthetic cohort's columns (`cohort`, `aln_status`
 * and the variables named as in paper-table1.json); patients of other cohorts (e.g. "tme") are left out.
 *
 * @example
 * const m = ensureSyntheticCohort();
 * const rows = table1RowsFromClinical(validateClinicalTable(m));
 * compareTable1(loadPaperTable1(), tabulateTable1(rows, loadPaperTable1())); // []
 */
export function table1RowsFromClinical(table: ClinicalTable): Table1Row[] {
  const cohort = table.columns.cohort, aln = table.columns.aln_status;
  if (!cohort || !aln) throw new Error(`${table.path}: Table 1 needs the columns 'cohort' and 'aln_status'`);
  const rows: Table1Row[] = [];
  table.ids.forEach((_, i) => {
    const c = cohort[i] as Cohort;
    if (!(COHORT_NAMES as readonly string[]).includes(c)) return;
    const row: Table1Row = { cohort: c, aln: aln[i] === "positive" ? 1 : 0 };
    for (const [name, values] of Object.entries(table.columns)) if (name !== "cohort") row[name] = values[i];
    rows.push(row);
  });
  return rows;
}
