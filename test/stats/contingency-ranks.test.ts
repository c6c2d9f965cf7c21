import { describe, expect, it } from "vitest";
import { chiSquaredTest, fisherExactTest, mannWhitneyU } from "../../src/stats/index";
import { expectClose, rExtra, readCsv, readJson } from "./helpers";

const extra = rExtra();
const cohorts: Record<string, Record<string, any>[]> = {
  rotterdam: readCsv("r", "extended", "data", "rotterdam_model.csv"),
  gbsg: readCsv("r", "extended", "data", "gbsg_model.csv"),
};

/** Contingency table rows = sorted levels of `row`, columns = outcome 0, 1. */
function crossTable(rows: Record<string, any>[], row: string, outcome: string): number[][] {
  const levels = [...new Set(rows.map((r) => r[row]))].sort((a, b) => a - b);
  return levels.map((l) => [0, 1].map((o) => rows.filter((r) => r[row] === l && r[outcome] === o).length));
}

describe("chi-squared against R chisq.test", () => {
  it("grade by node status, with and without Yates (data/r/extended/stats)", () => {
    for (const row of readCsv("r", "extended", "stats", "chisq_grade_by_node.csv")) {
      const table = crossTable(cohorts[row.cohort], "grade", row.outcome);
      const colMajor = [0, 1].flatMap((j) => table.map((r) => r[j]));
      expect(colMajor.join(";")).toBe(row.observed_colmajor);
      const r = chiSquaredTest(table, { correct: row.yates === true || row.yates === "TRUE" });
      const tag = `${row.cohort} ${row.outcome} yates=${row.yates}`;
      expect(r.yates, tag).toBe(row.yates_applied === true || row.yates_applied === "TRUE");
      expectClose(r.statistic, row.chisq, 1e-8, `${tag} X2`);
      expect(r.df).toBe(row.df);
      expectClose(r.pValue, row.p, 1e-8, `${tag} p`);
      const expected = String(row.expected_colmajor).split(";").map(Number);
      [0, 1].flatMap((j) => r.expected.map((e) => e[j])).forEach((e, i) => expectClose(e, expected[i], 1e-12, `${tag} E`));
    }
  });

  it("training grade and hormon tables (data/r/out/tests.json), p down to 1e-21", () => {
    const out = readJson("r", "out", "tests.json");
    const train = readCsv("r", "rotterdam.csv").filter((r) => r.year <= 1989).map((r) => ({ ...r, y: Number(r.nodes > 0) }));
    const grade = crossTable(train, "grade", "y");
    const hormon = crossTable(train, "hormon", "y");
    for (const [table, correct, ref] of [
      [grade, true, out.chisq_grade_yates],
      [grade, false, out.chisq_grade],
      [hormon, true, out.chisq_hormon_2x2_yates],
      [hormon, false, out.chisq_hormon_2x2],
    ] as const) {
      const r = chiSquaredTest(table as number[][], { correct });
      expectClose(r.statistic, ref.x2, 1e-8, "X2");
      expectClose(r.pValue, ref.p, 1e-8, "p");
    }
  });

  it("small, r x c, sub-0.5 Yates and zero-row tables (test/fixtures/stats)", () => {
    for (const ref of extra.chisq) {
      const r = chiSquaredTest(ref.table, { correct: ref.correct });
      const tag = JSON.stringify(ref.table);
      expectClose(r.statistic, ref.statistic, 1e-10, `${tag} X2`);
      expect(r.df).toBe(ref.df);
      expectClose(r.pValue, ref.p, 1e-10, `${tag} p`);
    }
    expect(() => chiSquaredTest([[1, 2, 3]])).toThrow(/at least 2 rows and 2 columns/);
    expect(() => chiSquaredTest([[0, 0], [0, 0]])).toThrow(/must be positive/);
    expect(() => chiSquaredTest([[1, -2], [3, 4]])).toThrow(/>= 0/);
  });
});

describe("Fisher's exact test against R fisher.test", () => {
  it("p-value and conditional MLE odds ratio, including 0 / Infinity estimates and a 3,000-patient table", () => {
    for (const ref of extra.fisher) {
      const r = fisherExactTest(ref.table);
      const tag = JSON.stringify(ref.table);
      expectClose(r.pValue, ref.p, 1e-10, `${tag} p`);
      if (Number.isFinite(ref.or) && ref.or !== 0) expectClose(r.oddsRatio, ref.or, 1e-8, `${tag} OR`);
      else expect(r.oddsRatio, tag).toBe(ref.or);
    }
    expect(() => fisherExactTest([[1, 2, 3]])).toThrow(/at least 2 rows and 2 columns/);
    expect(() => fisherExactTest([[1.5, 2], [3, 4]])).toThrow(/non-negative integer/);
  });
});

describe("Mann-Whitney U against R wilcox.test", () => {
  it("normal approximation with ties on age by node status (data/r/extended/stats)", () => {
    for (const row of readCsv("r", "extended", "stats", "wilcoxon_age_by_node.csv")) {
      const d = cohorts[row.cohort];
      const x = d.filter((r) => r[row.outcome] === 0).map((r) => r.age);
      const y = d.filter((r) => r[row.outcome] === 1).map((r) => r.age);
      const r = mannWhitneyU(x, y, { exact: false });
      expect(r.statistic).toBe(row.W);
      expectClose(r.pValue, row.p, 1e-8, `${row.cohort} ${row.outcome} p`);
    }
  });

  it("exact below 50 per group without ties, normal otherwise, NaN when all values tie (test/fixtures/stats)", () => {
    const options = [{}, {}, {}, {}, {}, { correct: false }, { exact: false }, {}];
    extra.wilcox.forEach((ref: any, i: number) => {
      const r = mannWhitneyU([ref.x].flat(), [ref.y].flat(), options[i]);
      expect(r.statistic, `case ${i}`).toBe(ref.W);
      expectClose(r.pValue, ref.p, 1e-10, `case ${i} p`);
    });
    expect(mannWhitneyU([1.1, 2.3, 0.4], [3.2, 4.8, 2.9, 5.0]).exact).toBe(true);
    expect(() => mannWhitneyU([], [1, 2])).toThrow(/not enough/);
  });
});
