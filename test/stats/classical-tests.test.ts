import { describe, expect, it } from "vitest";
import {
  benjaminiHochberg,
  oneSampleTTest,
  pairedTTest,
  pearson,
  spearman,
  studentTTest,
  welchTTest,
} from "../../src/stats/index";
import { expectClose, rExtra, readCsv, readJson, vec } from "./helpers";

const extra = rExtra();

const rotterdam = readCsv("r", "rotterdam.csv");
const cohorts: Record<string, Record<string, any>[]> = {
  rotterdam: readCsv("r", "extended", "data", "rotterdam_model.csv"),
  gbsg: readCsv("r", "extended", "data", "gbsg_model.csv"),
};
const trainYears = rotterdam.filter((r) => r.year <= 1989);

function split(rows: Record<string, any>[], value: string, outcome: (r: Record<string, any>) => number): [number[], number[]] {
  return [rows.filter((r) => outcome(r) === 0).map((r) => r[value]), rows.filter((r) => outcome(r) === 1).map((r) => r[value])];
}

describe("t-tests against R t.test", () => {
  const out = readJson("r", "out", "tests.json");
  const [a0, a1] = split(trainYears, "age", (r) => Number(r.nodes > 0));

  it("Welch and Student on rotterdam training age by node status (data/r/out/tests.json)", () => {
    const w = welchTTest(a0, a1);
    expectClose(w.statistic, out.welch.t, 1e-8, "welch t");
    expectClose(w.df, out.welch.df, 1e-8, "welch df");
    expectClose(w.pValue, out.welch.p, 1e-8, "welch p");
    const s = studentTTest(a0, a1);
    expectClose(s.statistic, out.student.t, 1e-8, "student t");
    expect(s.df).toBe(out.student.df);
    expectClose(s.pValue, out.student.p, 1e-8, "student p");
  });

  it("Welch and Student with CIs on both cohorts (data/r/extended/stats)", () => {
    for (const row of readCsv("r", "extended", "stats", "ttests_age_by_node.csv")) {
      const [x, y] = split(cohorts[row.cohort], "age", (r) => r[row.outcome]);
      expect([x.length, y.length]).toEqual([row.n_x, row.n_y]);
      const r = row.test === "welch" ? welchTTest(x, y) : studentTTest(x, y);
      const tag = `${row.cohort} ${row.outcome} ${row.test}`;
      expectClose(r.statistic, row.t, 1e-8, `${tag} t`);
      expectClose(r.df, row.df, 1e-8, `${tag} df`);
      expectClose(r.pValue, row.p, 1e-8, `${tag} p`);
      expectClose(r.confInt[0], row.ci_low, 1e-8, `${tag} ci low`);
      expectClose(r.confInt[1], row.ci_high, 1e-8, `${tag} ci high`);
      expectClose(r.means[0], row.mean_x, 1e-12, `${tag} mean x`);
    }
  });

  it("paired t on R's sleep data", () => {
    const input = readCsv("r", "extended", "stats", "sleep_paired_input.csv");
    const ref = readCsv("r", "extended", "stats", "paired_ttest_sleep.csv")[0];
    const r = pairedTTest(input.map((d) => d.extra_group1), input.map((d) => d.extra_group2));
    expectClose(r.statistic, ref.t, 1e-8, "t");
    expect(r.df).toBe(ref.df);
    expectClose(r.pValue, ref.p, 1e-8, "p");
    expectClose(r.estimate, ref.mean_diff, 1e-12, "mean diff");
    expectClose(r.confInt[0], ref.ci_low, 1e-8, "ci low");
    expectClose(r.confInt[1], ref.ci_high, 1e-8, "ci high");
    expectClose(r.statistic, readJson("r", "out", "tests.json").paired_sleep.t, 1e-8, "tests.json t");
    // The paired test is the one-sample test on the differences.
    const d = input.map((v) => v.extra_group1 - v.extra_group2);
    expect(oneSampleTTest(d, 0).pValue).toBe(r.pValue);
  });

  it("one-sample t and Student with a single x match R (test/fixtures/stats)", () => {
    for (const [ref, r] of [
      [extra.one_sample_t, oneSampleTTest(extra.one_sample_t.x, extra.one_sample_t.mu)],
      [extra.student_single_x, studentTTest(vec(extra.student_single_x.x), extra.student_single_x.y)],
    ] as const) {
      expectClose(r.statistic, ref.statistic, 1e-8, "t");
      expect(r.df).toBe(ref.df);
      expectClose(r.pValue, ref.p, 1e-8, "p");
      expectClose(r.confInt[0], ref.ci[0], 1e-8, "ci low");
      expectClose(r.confInt[1], ref.ci[1], 1e-8, "ci high");
    }
  });

  it("rejects constant data, n < 2 and mismatched pairs with clear errors", () => {
    expect(() => welchTTest([1, 1, 1], [1, 1, 1])).toThrow(/essentially constant/);
    expect(() => welchTTest([1], [1, 2, 3])).toThrow(/not enough 'x' observations/);
    expect(() => oneSampleTTest([2], 0)).toThrow(/not enough 'x'/);
    expect(() => pairedTTest([1, 2], [1])).toThrow(/pairs must match/);
    expect(() => welchTTest([1, NaN, 2], [1, 2, 3])).toThrow(/not finite/);
  });
});

describe("correlation tests against R cor.test", () => {
  it("Spearman (t approximation, ties) and Pearson on age vs pgr (data/r/extended/stats)", () => {
    for (const row of readCsv("r", "extended", "stats", "correlation_age_pgr.csv")) {
      const d = cohorts[row.cohort];
      const x = d.map((r) => r.age), y = d.map((r) => r.pgr);
      const tag = `${row.cohort} ${row.method}`;
      if (row.method === "spearman") {
        const r = spearman(x, y, { exact: false });
        expectClose(r.rho, row.estimate, 1e-8, `${tag} rho`);
        expectClose(r.statistic, row.statistic, 1e-8, `${tag} S`);
        expectClose(r.pValue, row.p, 1e-8, `${tag} p`);
        // With ties R falls back to the t approximation even when exact is requested.
        expect(spearman(x, y).pValue).toBe(r.pValue);
      } else {
        const r = pearson(x, y);
        expectClose(r.r, row.estimate, 1e-8, `${tag} r`);
        expectClose(r.statistic, row.statistic, 1e-8, `${tag} t`);
        expectClose(r.pValue, row.p, 1e-8, `${tag} p`);
      }
    }
    const sp = readJson("r", "out", "tests.json").spearman_age_pgr;
    const r = spearman(rotterdam.map((d) => d.age), rotterdam.map((d) => d.pgr));
    expectClose(r.rho, sp.rho, 1e-8, "tests.json rho");
    expectClose(r.statistic, sp.S, 1e-8, "tests.json S");
    expectClose(r.pValue, sp.p, 1e-8, "tests.json p");
  });
});

describe("exact Spearman (AS 89) and small-sample cases against R (test/fixtures/stats)", () => {
  it("matches cor.test p-values: permutation count for n <= 9, Edgeworth series above", () => {
    for (const ref of extra.spearman_exact) {
      const r = spearman(ref.x, ref.y);
      const tag = `n = ${ref.x.length}`;
      expect(r.exact, tag).toBe(true);
      expectClose(r.rho, ref.rho, 1e-12, `${tag} rho`);
      expectClose(r.statistic, ref.S, 1e-8, `${tag} S`);
      expectClose(r.pValue, ref.p, 1e-8, `${tag} p`);
    }
  });

  it("ties force the t approximation; a constant variable gives NaN as R gives NA", () => {
    const ref = extra.spearman_ties_small;
    const r = spearman(ref.x, ref.y);
    expect(r.exact).toBe(false);
    expectClose(r.rho, ref.rho, 1e-12, "rho");
    expectClose(r.pValue, ref.p, 1e-8, "p");
    expect(spearman([1, 2, 3, 4], [5, 5, 5, 5]).pValue).toBeNaN();
    expect(pearson([1, 2, 3, 4], [5, 5, 5, 5]).r).toBeNaN();
    expect(() => spearman([1], [2])).toThrow(/not enough finite observations/);
    expect(() => pearson([1, 2], [2, 1])).toThrow(/not enough finite observations/);
  });

  it("Pearson with CI (n = 5) and without (n = 3)", () => {
    const ref = extra.pearson_small;
    const r = pearson(ref.x, ref.y);
    expectClose(r.r, ref.r, 1e-12, "r");
    expectClose(r.statistic, ref.t, 1e-8, "t");
    expectClose(r.pValue, ref.p, 1e-8, "p");
    expectClose(r.confInt[0], ref.ci[0], 1e-8, "ci low");
    expectClose(r.confInt[1], ref.ci[1], 1e-8, "ci high");
    const r3 = pearson(extra.pearson_n3.x, extra.pearson_n3.y);
    expectClose(r3.pValue, extra.pearson_n3.p, 1e-8, "n = 3 p");
    expect(r3.confInt[0]).toBeNaN();
  });
});

describe("Benjamini-Hochberg against p.adjust(p, 'BH')", () => {
  it("keeps NaN, handles ties, caps at 1", () => {
    const adj = benjaminiHochberg(extra.bh.p);
    extra.bh.adjusted.forEach((v: number, i: number) => expectClose(adj[i], v, 1e-12, `index ${i}`));
    expect(benjaminiHochberg([])).toEqual([]);
    expect(() => benjaminiHochberg([0.5, 1.2])).toThrow(/not a probability/);
  });
});
