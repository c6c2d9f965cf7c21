/**
 * Audit of the paper's published tests from its own Table 1 counts (section 4.3; appendix p 19): for every
 * categorical variable and cohort, the chi-squared test of ALN status x level recomputed with and without
 * Yates' correction (R: chisq.test; the correction only exists for 2 x 2 tables), Fisher's exact test for
 * 2 x 2 tables, and where the paper reports a P value, whether either version reproduces it.
 *
 * A printed P agrees when it equals the recomputed P rounded to the printed number of decimals (P = 0.010
 * agrees with 0.0104), or, for "P < 0.001", when the recomputed P is below 0.001.
 *
 * @example
 * auditTable1(loadPaperTable1()).find((r) => r.variable === "ki67" && r.cohort === "training");
 * // { pUncorrected: 0.0104..., pYates: 0.0123..., published: "0.010", verdict: "agrees without Yates' correction" }
 */
import { chiSquaredTest, fisherExactTest } from "../../stats/index";
import { COHORT_NAMES, type Cohort, type Table1 } from "../../synthetic/table1";

export interface AuditRow {
  variable: string;
  label: string;
  cohort: Cohort;
  /** Levels kept (levels with no patient in either group are dropped, as they carry no information). */
  levels: string[];
  negative: number[];
  positive: number[];
  chiSquared: number;
  df: number;
  pUncorrected: number;
  /** Yates-corrected P (2 x 2 tables only; equals pUncorrected otherwise). */
  pYates: number;
  /** Fisher's exact P for 2 x 2 tables, NaN otherwise. */
  pFisher: number;
  /** Smallest expected count: chi-squared is unreliable below 5. */
  minExpected: number;
  published?: string;
  verdict: string;
}

/** Does a printed P value ("0.010", "<0.001") describe the recomputed p? */
export function publishedPAgrees(printed: string, p: number): boolean {
  const s = printed.replace(/\s/g, "");
  if (s.startsWith("<")) return p < Number(s.slice(1));
  const decimals = (s.split(".")[1] ?? "").length;
  return Math.abs(Number(p.toFixed(decimals)) - Number(s)) < 1e-12;
}

export function auditTable1(table: Table1, published: Record<string, string> = {}, publishedCohort: Cohort = "training"): AuditRow[] {
  const rows: AuditRow[] = [];
  for (const [variable, spec] of Object.entries(table.categorical)) {
    for (const cohort of COHORT_NAMES) {
      const neg = spec.counts[cohort].negative;
      const pos = spec.counts[cohort].positive;
      const keep = spec.levels.map((_, k) => k).filter((k) => neg[k] + pos[k] > 0);
      const counts = [keep.map((k) => neg[k]), keep.map((k) => pos[k])];
      const row: AuditRow = {
        variable,
        label: table.labels[variable] ?? variable,
        cohort,
        levels: keep.map((k) => spec.levels[k]),
        negative: counts[0],
        positive: counts[1],
        chiSquared: NaN,
        df: keep.length - 1,
        pUncorrected: NaN,
        pYates: NaN,
        pFisher: NaN,
        minExpected: NaN,
        verdict: "",
      };
      if (keep.length < 2 || counts.some((r) => r.every((v) => v === 0))) {
        row.verdict = "not testable (one level or one group empty)";
        rows.push(row);
        continue;
      }
      const plain = chiSquaredTest(counts, { correct: false });
      const yates = chiSquaredTest(counts, { correct: true });
      row.chiSquared = plain.statistic;
      row.pUncorrected = plain.pValue;
      row.pYates = yates.pValue;
      row.minExpected = Math.min(...plain.expected.flat());
      if (keep.length === 2) row.pFisher = fisherExactTest(counts).pValue;
      const printed = cohort === publishedCohort ? published[variable] : undefined;
      if (printed !== undefined) {
        row.published = printed;
        const plainOk = publishedPAgrees(printed, row.pUncorrected);
        // Yates' correction only exists for 2 x 2 tables; larger tables have one P.
        const yatesOk = keep.length === 2 ? publishedPAgrees(printed, row.pYates) : plainOk;
        row.verdict = plainOk && yatesOk ? "agrees" : plainOk ? "agrees without Yates' correction" : yatesOk ? "agrees with Yates' correction" : "DISAGREES";
      } else {
        row.verdict = "no published P";
      }
      rows.push(row);
    }
  }
  return rows;
}

/**
 * The radiologists' MRI reading against pathology (section 4.1), recomputed from Table 1's clinical N counts
 * (cN1-3 = MRI positive): returns the counts and percentages the paper quotes, with the published ones.
 */
export function radiologistConcordance(table: Table1): {
  total: number;
  mriPositive: number;
  mriPositivePercent: number;
  mriPositivePathNegative: number;
  mriPositivePathNegativePercent: number;
  mriNegative: number;
  mriNegativePathPositive: number;
  mriNegativePathPositivePercent: number;
  missing: number;
  sensitivity: number;
  specificity: number;
} {
  const n = table.categorical.clinical_n;
  if (!n || n.levels[0] !== "N0") throw new Error("radiologistConcordance: Table 1 needs clinical_n with N0 as its first level");
  let negN0 = 0, negN1 = 0, posN0 = 0, posN1 = 0, total = 0;
  for (const c of COHORT_NAMES) {
    const [neg, pos] = [n.counts[c].negative, n.counts[c].positive];
    negN0 += neg[0];
    posN0 += pos[0];
    negN1 += neg.slice(1).reduce((a, b) => a + b, 0);
    posN1 += pos.slice(1).reduce((a, b) => a + b, 0);
    total += table.cohorts[c].negative + table.cohorts[c].positive;
  }
  const pct = (a: number, b: number) => Math.round((10000 * a) / b) / 100;
  const mriPositive = negN1 + posN1;
  const mriNegative = negN0 + posN0;
  return {
    total,
    mriPositive,
    mriPositivePercent: pct(mriPositive, total),
    mriPositivePathNegative: negN1,
    mriPositivePathNegativePercent: pct(negN1, mriPositive),
    mriNegative,
    mriNegativePathPositive: posN0,
    mriNegativePathPositivePercent: pct(posN0, mriNegative),
    missing: total - mriPositive - mriNegative,
    sensitivity: posN1 / (posN1 + posN0),
    specificity: negN0 / (negN0 + negN1),
  };
}
