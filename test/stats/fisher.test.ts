import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fisherExactTest } from "../../src/stats/index";
import { expectClose } from "./helpers";

// R 4.2 reference values made by test/fixtures/stats/fisher.R (same tables); "Inf" strings become Infinity.
const R = JSON.parse(readFileSync("test/fixtures/stats/fisher.json", "utf8"), (_k, v) => (v === "Inf" ? Infinity : v));

interface Case {
  name: string;
  table: number[][];
  p: number;
  confLevel?: number;
  or?: number;
  ci?: [number, number];
}
const cases: Case[] = R.cases;

/** Relative comparison for finite positive values, exact equality for 0 and Infinity. */
function expectOr(actual: number, expected: number, what: string): void {
  if (expected === 0 || !Number.isFinite(expected)) expect(actual, what).toBe(expected);
  else expectClose(actual, expected, 1e-6, what);
}

describe("fisherExactTest against R fisher.test", () => {
  it("has fixtures of every shape asked for", () => {
    const shapes = cases.map((c) => `${c.table.length}x${c.table[0].length}`);
    expect(shapes.filter((s) => s === "2x2").length).toBeGreaterThanOrEqual(3);
    for (const s of ["2x3", "3x3", "4x2"]) expect(shapes).toContain(s);
    expect(cases.some((c) => c.table.length === 2 && c.table[0].length === 2 && c.table.flat().includes(0))).toBe(true);
  });

  for (const c of cases) {
    const is2x2 = c.table.length === 2 && c.table[0].length === 2;
    it(`${c.name}: p-value to 1e-10${is2x2 ? ", odds ratio and CI to 1e-6" : ""}`, () => {
      const r = is2x2 ? fisherExactTest(c.table, { confLevel: c.confLevel }) : fisherExactTest(c.table);
      expectClose(r.pValue, c.p, 1e-10, `${c.name} p`);
      if (is2x2) {
        expect(r.confLevel).toBe(c.confLevel);
        expectOr(r.oddsRatio, c.or!, `${c.name} OR`);
        expectOr(r.confInt[0], c.ci![0], `${c.name} CI lower`);
        expectOr(r.confInt[1], c.ci![1], `${c.name} CI upper`);
      } else {
        expect(r.oddsRatio).toBeNaN();
        expect(r.confInt.every(Number.isNaN)).toBe(true);
      }
    });
  }

  it("gives the same p-value for a transposed r x c table and the 2 x 2 path's default conf level", () => {
    const t = [[2, 3, 1], [4, 0, 2], [1, 5, 3], [0, 2, 2]];
    const tt = t[0].map((_, j) => t.map((row) => row[j]));
    expectClose(fisherExactTest(tt).pValue, fisherExactTest(t).pValue, 1e-12, "transpose");
    expect(fisherExactTest([[3, 1], [1, 3]]).confLevel).toBe(0.95);
  });

  it("refuses tables with too many tables to enumerate, and bad input", () => {
    const big = [
      [20, 20, 20, 20, 20],
      [20, 20, 20, 20, 20],
      [20, 20, 20, 20, 20],
      [20, 20, 20, 20, 20],
    ];
    const start = Date.now();
    expect(() => fisherExactTest(big)).toThrow(/more than 10000000 tables .*refused/);
    expect(Date.now() - start).toBeLessThan(5000);
    expect(() => fisherExactTest([[5, 4, 3], [2, 6, 1]], { maxTables: 10 })).toThrow(/more than 10 tables/);
    expect(() => fisherExactTest([[1, 2, 3]])).toThrow(/at least 2 rows and 2 columns/);
    expect(() => fisherExactTest([[1, 2, 3], [4, 5]])).toThrow(/equal length/);
    expect(() => fisherExactTest([[1, 2], [3, -4]])).toThrow(/non-negative integer/);
    expect(() => fisherExactTest([[1, 2], [3, 4]], { confLevel: 1 })).toThrow(/confLevel/);
  });
});
