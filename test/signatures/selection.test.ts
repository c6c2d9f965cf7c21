import { describe, expect, it } from "vitest";
import { welchTTest } from "../../src/stats/index";
import { tTestFilter } from "../../src/signatures/selection";

// Four features on 8 patients (labels 1 then 0): column 0 separates the classes, the others barely.
const labels = [1, 1, 1, 1, 0, 0, 0, 0];
const rows = [
  [10, 1, 5, 3], [11, 2, 4, 3], [12, 1, 6, 3], [11, 3, 5, 3],
  [1, 2, 5, 3], [2, 1, 4, 3], [1, 3, 6, 3], [2, 2, 5, 3],
];
const column = (j: number, y: number) => rows.filter((_, i) => labels[i] === y).map((r) => r[j]);

describe("tTestFilter", () => {
  it("keeps the columns with Welch p < 0.05, in column order, with R's t (label 1 minus label 0)", () => {
    const kept = tTestFilter(rows, labels);
    expect(kept.map((k) => k.column)).toEqual([0]);
    const ref = welchTTest(column(0, 1), column(0, 0));
    expect(kept[0].pValue).toBe(ref.pValue);
    expect(kept[0].statistic).toBe(ref.statistic);
  });

  it("minKept: when fewer pass, the m testable columns with the smallest p, in column order; constant columns never", () => {
    const p = [0, 1, 2].map((j) => welchTTest(column(j, 1), column(j, 0)).pValue);
    expect(p[1]).toBeGreaterThan(0.05);
    const two = tTestFilter(rows, labels, { minKept: 2 });
    expect(two.map((k) => k.column)).toEqual([0, p[1] < p[2] ? 1 : 2]);
    expect(tTestFilter(rows, labels, { minKept: 10 }).map((k) => k.column)).toEqual([0, 1, 2]);
    expect(tTestFilter(rows, labels, { minKept: 1 }).map((k) => k.column)).toEqual([0]);
  });
});
