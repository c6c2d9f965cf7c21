import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hclust, hclustFromDistances, kaplanMeierByGroup, logRankTest } from "../../src/stats/index";
import type { LogRankResult } from "../../src/stats/logrank";
import { expectClose, readCsv } from "./helpers";

// R 4.2.2 / survival 3.5-3 reference values made by test/fixtures/stats/survival-extra.R (inputs included).
const R = JSON.parse(readFileSync("test/fixtures/stats/survival-extra.json", "utf8"), (_k, v) => (v === null ? NaN : v));
const TOL = 1e-10;

function expectLogRank<G>(lr: LogRankResult<G>, ref: any, what: string, byStratum = true): void {
  expectClose(lr.chiSquared, ref.chisq[0], TOL, `${what} chisq`);
  expect(lr.df, `${what} df`).toBe(ref.df[0]);
  expectClose(lr.pValue, ref.p[0], TOL, `${what} p`);
  expect(lr.n, `${what} n`).toEqual(ref.n);
  expect(lr.observed, `${what} observed`).toEqual(ref.observed);
  lr.expected.forEach((e, j) => expectClose(e, ref.expected[j], TOL, `${what} expected ${j}`));
  lr.variance.forEach((row, j) => row.forEach((v, l) => expectClose(v, ref.variance[j][l], TOL, `${what} V[${j}][${l}]`)));
  if (!byStratum) return;
  expect(lr.strata?.length, `${what} strata`).toBe(ref.observed_by_stratum.length);
  lr.strata!.forEach((s, k) => {
    expect(s.observed, `${what} O stratum ${k}`).toEqual(ref.observed_by_stratum[k]);
    s.expected.forEach((e, j) => expectClose(e, ref.expected_by_stratum[k][j], TOL, `${what} E stratum ${k} group ${j}`));
  });
}

describe("hclust ward.D2", () => {
  it("reproduces R's hclust(d, 'ward.D2') merge, heights and order (test/fixtures/stats/survival-extra.json)", () => {
    expect(R.ward_D2.length).toBe(4);
    for (const c of R.ward_D2) {
      const tree = hclust(c.matrix, { distance: c.distance, linkage: "ward.D2" });
      expect(tree.merge, `${c.name} merge`).toEqual(c.tree.merge);
      expect(tree.order, `${c.name} order`).toEqual(c.tree.order);
      expect(tree.height.length).toBe(c.tree.height.length);
      tree.height.forEach((h, s) => expectClose(h, c.tree.height[s], TOL, `${c.name} height ${s}`));
    }
  });

  it("rejects an unknown linkage name at run time, naming the allowed ones", () => {
    const m = [[0, 0], [0, 1], [5, 5]];
    const allowed = /unknown linkage "ward".*allowed: "complete", "average", "ward\.D2"/;
    expect(() => hclust(m, { linkage: "ward" as any })).toThrow(allowed);
    expect(() => hclustFromDistances([[0, 1], [1, 0]], "single" as any)).toThrow(/unknown linkage "single"/);
    expect(() => hclust(m, { linkage: undefined })).not.toThrow();
  });
});

describe("stratified log-rank (survdiff ~ group + strata(s))", () => {
  it("made-up data with ties and a stratum lacking one group", () => {
    const d = R.made;
    const lr = logRankTest(d.time, d.status, d.group as string[], { levels: d.levels, strata: d.stratum });
    expect(lr.groups).toEqual(["low", "mid", "high"]);
    expect(lr.strata!.map((s) => s.stratum)).toEqual(["A", "B", "C"]);
    expectLogRank(lr, d.stratified, "made stratified");
    expectLogRank(logRankTest(d.time, d.status, d.group as string[], { levels: d.levels }), d.unstratified, "made", false);
  });

  it("survival::rotterdam (data/r/rotterdam.csv): size by menopausal status, and by grade x menopause", () => {
    const rows = readCsv("r", "rotterdam.csv");
    const time = rows.map((r) => r.rtime as number), status = rows.map((r) => r.recur as number);
    const size = rows.map((r) => String(r.size));
    const R2 = R.rotterdam;
    expectLogRank(logRankTest(time, status, size, { levels: R2.size_levels }), R2.size, "size", false);
    const meno = rows.map((r) => r.meno as number);
    expectLogRank(logRankTest(time, status, size, { levels: R2.size_levels, strata: meno }), R2.size_strata_meno, "size | meno");
    const gradeMeno = rows.map((r) => `${r.grade}/${r.meno}`);
    const lr = logRankTest(time, status, size, { levels: R2.size2_levels, strata: gradeMeno });
    expectLogRank(lr, R2.size2_strata_grade_meno, "size2 | grade, meno", false);
  });

  it("a single stratum gives exactly the unstratified test; bad strata are errors", () => {
    const d = R.made;
    const plain = logRankTest(d.time, d.status, d.group as string[]);
    const { strata, ...one } = logRankTest(d.time, d.status, d.group as string[], { strata: d.time.map(() => 1) });
    expect(strata).toHaveLength(1);
    expect(one).toEqual(plain);
    expect(() => logRankTest([1, 2, 3], [1, 1, 0], ["a", "b", "a"], { strata: ["x", "y"] })).toThrow(/2 strata labels but 3 times/);
    expect(() => logRankTest([1, 2, 3], [1, 1, 0], ["a", "b", "a"], { strata: [1, NaN, 1] })).toThrow(/stratum NaN at index 1/);
  });
});

describe("group order as R factor levels", () => {
  it("levels give R's order; without them the sorted order of before (same test, permuted)", () => {
    const d = R.made;
    const byLevels = logRankTest(d.time, d.status, d.group as string[], { levels: d.levels });
    const sorted = logRankTest(d.time, d.status, d.group as string[]);
    expect(sorted.groups).toEqual(["high", "low", "mid"]);
    expect(byLevels.groups).toEqual(["low", "mid", "high"]);
    const perm = byLevels.groups.map((g) => sorted.groups.indexOf(g));
    expect(perm.map((k) => sorted.observed[k])).toEqual(byLevels.observed);
    expectClose(sorted.chiSquared, byLevels.chiSquared, TOL, "chisq invariant to order");
  });

  it("kaplanMeierByGroup follows levels as survfit's strata (rotterdam size: <=20, 20-50, >50)", () => {
    const rows = readCsv("r", "rotterdam.csv");
    const time = rows.map((r) => r.rtime as number), status = rows.map((r) => r.recur as number);
    const size = rows.map((r) => String(r.size));
    const ref = R.rotterdam.km_size;
    const kms = kaplanMeierByGroup(time, status, size, { levels: R.rotterdam.size_levels });
    expect(kms.map((k) => k.group)).toEqual(ref.strata);
    expect(kms.map((k) => k.km.n)).toEqual(ref.n);
    expect(kms.map((k) => k.km.events)).toEqual(ref.events);
    expect(kms.map((k) => k.km.median)).toEqual(ref.median);
    // Without levels: character-code order, which here differs from R's.
    expect(kaplanMeierByGroup(time, status, size).map((k) => k.group)).toEqual(["20-50", "<=20", ">50"]);
    const km = R.made.km;
    const made = kaplanMeierByGroup(R.made.time, R.made.status, R.made.group as string[], { levels: R.made.levels });
    expect(made.map((k) => k.group)).toEqual(km.strata);
    made.forEach((k, j) => {
      expect([k.km.n, k.km.events], `made ${k.group}`).toEqual([km.n[j], km.events[j]]);
      expectClose(k.km.median, km.median[j], TOL, `made median ${k.group}`);
    });
  });

  it("groups missing from levels, and levels listed twice, are errors naming them", () => {
    const t = [1, 2, 3, 4, 5], s = [1, 0, 1, 1, 0], g = ["b", "a", "c", "d", "a"];
    expect(() => logRankTest(t, s, g, { levels: ["a", "b"] })).toThrow(/logRankTest: groups "c", "d" not among the levels \["a", "b"\]/);
    expect(() => kaplanMeierByGroup(t, s, g, { levels: ["a", "b", "c"] })).toThrow(/kaplanMeierByGroup: group "d" not among the levels/);
    expect(() => kaplanMeierByGroup(t, s, g, { levels: ["a", "b", "c", "d", "a"] })).toThrow(/level "a" is listed twice/);
    expect(() => logRankTest([1, 2, 3], [1, 1, 0], [2, 1, 2], { levels: [2] })).toThrow(/group 1 not among the levels \[2\]/);
  });
});
