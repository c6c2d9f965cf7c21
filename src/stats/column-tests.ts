/**
 * The same test on every column of a table, with Benjamini-Hochberg adjusted p over the columns: the one
 * implementation behind the TCGA Welch tables, differential expression, the NAC paired tests and the
 * responder comparison (R: `t.test` per column, then `p.adjust(p, "BH")`).
 *
 *   two groups:  t = (mean_A - mean_B) / sqrt(s_A^2/n_A + s_B^2/n_B)   (Welch; Student pools the variance)
 *   paired:      t = mean(d) / (sd(d) / sqrt(n)),  d = after - before
 *
 * Missing values (NaN) are left out of their column's test. A column that cannot be tested (fewer than 2
 * values in a group, or constant, where R's t.test stops with "data are essentially constant") gets
 * statistic = p = NaN and p_adj = NaN, and is not counted in the adjustment, as R's p.adjust treats NA.
 * Means are R's mean (stats/descriptive.ts).
 *
 * @example
 * const rows = twoGroupColumnTests([[1, 2, 3, 9], [4, 4, 5, 5]], [1, 1, 0, 0]);
 * rows[0];   // { nA: 2, nB: 2, meanA: 1.5, meanB: 6, statistic: -1.38..., df: 1.05..., p: 0.39..., pAdj: 0.39... }
 */
import { mean } from "./descriptive";
import { benjaminiHochberg } from "./padjust";
import { pairedTTest, studentTTest, welchTTest } from "./ttest";

export interface TwoGroupTest {
  nA: number;
  nB: number;
  meanA: number;
  meanB: number;
  /** t of group A (label 1) minus group B (label 0). */
  statistic: number;
  df: number;
  p: number;
  pAdj: number;
}

export interface PairedTest {
  n: number;
  meanBefore: number;
  meanAfter: number;
  /** Mean of after - before. */
  meanChange: number;
  statistic: number;
  df: number;
  p: number;
  pAdj: number;
}

const CONSTANT = /essentially constant|not enough/;

/** R's p.adjust(p, "BH") written into each row's `pAdj`. */
function adjust<T extends { p: number; pAdj: number }>(rows: T[]): T[] {
  const pAdj = benjaminiHochberg(rows.map((r) => r.p));
  rows.forEach((r, k) => (r.pAdj = pAdj[k]));
  return rows;
}

/** The non-NaN values of group 1 (a) and group 0 (b), in row order, as typed arrays sized by a counting pass. */
function splitByGroup(values: ArrayLike<number>, group: readonly (number | null)[]): { a: Float64Array; b: Float64Array } {
  let nA = 0;
  let nB = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) continue;
    if (group[i] === 1) nA++;
    else if (group[i] === 0) nB++;
  }
  const a = new Float64Array(nA);
  const b = new Float64Array(nB);
  nA = nB = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (group[i] === 1) a[nA++] = v;
    else if (group[i] === 0) b[nB++] = v;
  }
  return { a, b };
}

/**
 * Two-sample t-test of every column between group A (`group[i] === 1`) and group B (`0`); patients with
 * another group value (null) are left out. `columns[j][i]` is column j of patient i.
 */
export function twoGroupColumnTests(columns: readonly ArrayLike<number>[], group: readonly (number | null)[], options: { test?: "welch" | "student" } = {}): TwoGroupTest[] {
  const test = (options.test ?? "welch") === "welch" ? welchTTest : studentTTest;
  return adjust(
    columns.map((values, j) => {
      if (values.length !== group.length) throw new Error(`twoGroupColumnTests: column ${j} has ${values.length} values for ${group.length} patients`);
      const { a, b } = splitByGroup(values, group);
      const row = { nA: a.length, nB: b.length, meanA: mean(a), meanB: mean(b), statistic: NaN, df: NaN, p: NaN, pAdj: NaN };
      if (a.length < 2 || b.length < 2) return row;
      try {
        const r = test(a, b);
        return { ...row, statistic: r.statistic, df: r.df, p: r.pValue };
      } catch (err) {
        if (CONSTANT.test((err as Error).message)) return row;
        throw new Error(`twoGroupColumnTests: column ${j}: ${(err as Error).message}`);
      }
    }),
  );
}

/** Paired t-test (after - before) of every column; a patient missing either value is left out of that column. */
export function pairedColumnTests(before: readonly ArrayLike<number>[], after: readonly ArrayLike<number>[]): PairedTest[] {
  if (before.length !== after.length) throw new Error(`pairedColumnTests: ${before.length} columns before but ${after.length} after`);
  return adjust(
    before.map((b, j) => {
      const a = after[j];
      if (a.length !== b.length) throw new Error(`pairedColumnTests: column ${j} has ${b.length} values before and ${a.length} after`);
      const x: number[] = [];
      const y: number[] = [];
      for (let i = 0; i < b.length; i++) {
        if (Number.isFinite(b[i]) && Number.isFinite(a[i])) {
          x.push(a[i]);
          y.push(b[i]);
        }
      }
      const row = { n: x.length, meanBefore: mean(y), meanAfter: mean(x), meanChange: mean(x) - mean(y), statistic: NaN, df: x.length - 1, p: NaN, pAdj: NaN };
      try {
        const r = pairedTTest(x, y);
        return { ...row, statistic: r.statistic, df: r.df, p: r.pValue };
      } catch (err) {
        if (CONSTANT.test((err as Error).message) || x.length < 2) return row;
        throw new Error(`pairedColumnTests: column ${j}: ${(err as Error).message}`);
      }
    }),
  );
}
