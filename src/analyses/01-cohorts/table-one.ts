/**
 * Table 1 of any study: each clinical candidate variable by cohort and outcome class (n (%) per level with
 * percentages over the patients who have the variable, median [IQR] with R's type-7 quantiles), and the
 * training-cohort association of each variable with the outcome (Student's and Welch's t-test for
 * continuous variables, Pearson's chi-squared without continuity correction for categorical ones, as
 * section 4.3; levels nobody has are dropped first).
 *
 * @example
 * const study = openStudy("studies/my-cohort.yaml");
 * table(tableOne(study).rows);            // characteristic, level, "dev N0 (n=120)", "dev N+ (n=80)", ...
 * table(trainingAssociations(study));
 */
import { chiSquaredTest, studentTTest, welchTTest } from "../../stats/index";
import { quantile7 } from "../../synthetic/quantiles";
import type { ClinicalVariable } from "../../signatures/clinical";
import { cohortLabel, studyCohorts, type Study } from "../../study/open";

interface PatientRow {
  cohort: string;
  outcome: number;
  values: Record<string, unknown>;
}

function rows(study: Study): PatientRow[] {
  const vars = study.config.clinical?.candidates ?? [];
  return study.patients.objects().map((o) => {
    const r = o as Record<string, unknown>;
    return { cohort: String(r.cohort), outcome: Number(r.outcome), values: Object.fromEntries(vars.map((v) => [v.name, r[v.name]])) };
  });
}

const fmt1 = (x: number) => (Number.isFinite(x) ? (Math.round(x * 10) / 10).toString() : "NA");

/** The printed table: one row per continuous variable or categorical level, one column per cohort x outcome class. */
export function tableOne(study: Study): { rows: Record<string, string>[]; counts: Record<string, Record<string, number>> } {
  const vars = study.config.clinical?.candidates ?? [];
  const all = rows(study);
  const classes = study.config.outcome?.levels ?? ["negative", "positive"];
  const groups = studyCohorts(study).flatMap((cohort) => [0, 1].map((y) => ({ cohort, y, patients: all.filter((r) => r.cohort === cohort && r.outcome === y) })));
  const header = (g: (typeof groups)[number]) => `${cohortLabel(study, g.cohort)} ${classes[g.y]} (n=${g.patients.length})`;
  const out: Record<string, string>[] = [];
  for (const v of vars) {
    if (v.kind === "continuous") {
      const row: Record<string, string> = { characteristic: `${v.label ?? v.name} (median [IQR])`, level: "" };
      for (const g of groups) {
        const x = g.patients.map((p) => Number(p.values[v.name])).filter((n) => p(n));
        row[header(g)] = x.length ? `${fmt1(quantile7(x, 0.5))} [${fmt1(quantile7(x, 0.25))}, ${fmt1(quantile7(x, 0.75))}]` : "NA";
      }
      out.push(row);
      continue;
    }
    v.levels.forEach((level, k) => {
      const row: Record<string, string> = { characteristic: k === 0 ? `${v.label ?? v.name} (%)` : "", level };
      for (const g of groups) {
        const known = g.patients.filter((p) => v.levels.includes(String(p.values[v.name] ?? "")));
        const n = known.filter((p) => String(p.values[v.name]) === level).length;
        row[header(g)] = `${n} (${known.length ? ((100 * n) / known.length).toFixed(1) : "NA"})`;
      }
      out.push(row);
    });
  }
  const counts: Record<string, Record<string, number>> = {};
  for (const g of groups) (counts[g.cohort] ??= {})[classes[g.y]] = g.patients.length;
  return { rows: out, counts };
}

function p(x: unknown): boolean {
  return typeof x === "number" && Number.isFinite(x);
}

export interface AssociationRow {
  variable: string;
  test: string;
  n: number;
  statistic: number;
  df: number;
  p: number;
}

/** Each candidate variable against the outcome in the training cohort (see the module comment). */
export function trainingAssociations(study: Study): AssociationRow[] {
  const training = study.config.cohorts?.training ?? "all";
  const sel = rows(study).filter((r) => r.cohort === training);
  const out: AssociationRow[] = [];
  for (const v of study.config.clinical?.candidates ?? []) out.push(...associate(sel, v));
  return out;
}

function associate(sel: PatientRow[], v: ClinicalVariable): AssociationRow[] {
  if (v.kind === "continuous") {
    const x = (y: number) => sel.filter((r) => r.outcome === y && p(Number(r.values[v.name])) && r.values[v.name] !== null).map((r) => Number(r.values[v.name]));
    const [pos, neg] = [x(1), x(0)];
    if (pos.length < 2 || neg.length < 2) return [{ variable: v.name, test: "t-test", n: pos.length + neg.length, statistic: NaN, df: NaN, p: NaN }];
    const student = studentTTest(pos, neg);
    const welch = welchTTest(pos, neg);
    return [
      { variable: v.name, test: "Student t-test", n: pos.length + neg.length, statistic: student.statistic, df: student.df, p: student.pValue },
      { variable: v.name, test: "Welch t-test", n: pos.length + neg.length, statistic: welch.statistic, df: welch.df, p: welch.pValue },
    ];
  }
  const counts = [0, 1].map((y) => v.levels.map((l) => sel.filter((r) => r.outcome === y && String(r.values[v.name] ?? "") === l).length));
  const keep = v.levels.map((_, k) => k).filter((k) => counts[0][k] + counts[1][k] > 0);
  const n = keep.reduce((s, k) => s + counts[0][k] + counts[1][k], 0);
  if (keep.length < 2) return [{ variable: v.name, test: "chi-squared", n, statistic: NaN, df: NaN, p: NaN }];
  const chi = chiSquaredTest(counts.map((r) => keep.map((k) => r[k])), { correct: false });
  return [{ variable: v.name, test: "chi-squared", n, statistic: chi.statistic, df: chi.df, p: chi.pValue }];
}
