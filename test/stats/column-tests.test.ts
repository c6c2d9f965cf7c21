import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pairedColumnTests, twoGroupColumnTests } from "../../src/stats/column-tests";

// R 4.2 reference values made by test/fixtures/stats/column-tests.R (same inputs).
const R = JSON.parse(readFileSync("test/fixtures/stats/column-tests.json", "utf8"));

describe("twoGroupColumnTests", () => {
  it("equals R's t.test per column and p.adjust(BH) to 1e-12; untestable columns NA and not counted", () => {
    const rows = twoGroupColumnTests([[1, 2, 3, 9], [4, 4.5, 5, 7.25], [1, 1, 1, 1]], [1, 1, 0, 0]);
    for (const [k, ref] of [R.a, R.b].entries()) {
      expect(Math.abs(rows[k].statistic - ref.t)).toBeLessThan(1e-12);
      expect(Math.abs(rows[k].df - ref.df)).toBeLessThan(1e-12);
      expect(Math.abs(rows[k].p - ref.p)).toBeLessThan(1e-12);
      expect(Math.abs(rows[k].pAdj - R.bh[k])).toBeLessThan(1e-12);
    }
    expect(rows[2].p).toBeNaN();
    expect(rows[2].pAdj).toBeNaN();
    expect([rows[0].meanA, rows[0].meanB, rows[0].nA, rows[0].nB]).toEqual([1.5, 6, 2, 2]);
  });

  it("leaves out missing values and patients of neither group, and names a ragged column", () => {
    const [r] = twoGroupColumnTests([[1, 2, NaN, 3, 9, 100]], [1, 1, 1, 0, 0, null]);
    expect([r.nA, r.nB]).toEqual([2, 2]);
    expect(Math.abs(r.statistic - R.a.t)).toBeLessThan(1e-12);
    expect(() => twoGroupColumnTests([[1, 2]], [1, 0, 1])).toThrow(/column 0 has 2 values for 3 patients/);
  });
});

describe("pairedColumnTests", () => {
  it("equals R's paired t.test (after - before) to 1e-12", () => {
    const [r] = pairedColumnTests([[1, 2, 4, 7]], [[1.5, 2.2, 4.9, 7.1]]);
    expect(Math.abs(r.statistic - R.paired.t)).toBeLessThan(1e-12);
    expect(r.df).toBe(R.paired.df);
    expect(Math.abs(r.p - R.paired.p)).toBeLessThan(1e-12);
    expect(r.meanChange).toBeCloseTo(0.425, 12);
  });
});
