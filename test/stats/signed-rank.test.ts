import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { wilcoxonSignedRank } from "../../src/stats/wilcoxon";

// R 4.2 reference values made by test/fixtures/stats/signed-rank.R (inputs stored alongside; NA as null).
interface RCase {
  x: (number | null)[];
  y: (number | null)[];
  V: number;
  p: number | null;
  n: number;
  exact: boolean;
}
const R: Record<string, RCase> = JSON.parse(readFileSync("test/fixtures/stats/signed-rank.json", "utf8"));
const num = (v: (number | null)[]) => v.map((u) => (u === null ? NaN : u));

describe("wilcoxonSignedRank", () => {
  for (const name of ["exact_upper", "exact_lower", "exact_n1", "exact_n49", "ties", "zeros", "missing", "n60"]) {
    it(`equals R's wilcox.test(paired = TRUE): ${name}`, () => {
      const ref = R[name];
      const r = wilcoxonSignedRank(num(ref.x), num(ref.y));
      expect(r.statistic).toBe(ref.V);
      expect(Math.abs(r.pValue - (ref.p as number))).toBeLessThan(1e-12);
      expect(r.n).toBe(ref.n);
      expect(r.exact).toBe(ref.exact);
    });
  }

  it("takes the exact path only without ties and zeros, and the normal path from n = 50", () => {
    expect([R.exact_upper.exact, R.exact_n49.exact, R.ties.exact, R.zeros.exact, R.n60.exact]).toEqual([
      true, true, false, false, false,
    ]);
  });

  it("gives V = 0 and a NaN p-value when every difference is zero, as R", () => {
    const r = wilcoxonSignedRank(num(R.all_zero.x), num(R.all_zero.y));
    expect(R.all_zero.p).toBeNull();
    expect(r.statistic).toBe(0);
    expect(r.n).toBe(0);
    expect(r.pValue).toBeNaN();
  });

  it("is antisymmetric: swapping x and y gives V' = n(n+1)/2 - V and the same two-sided p", () => {
    for (const name of ["exact_upper", "ties", "n60"]) {
      const ref = R[name];
      const a = wilcoxonSignedRank(num(ref.x), num(ref.y));
      const b = wilcoxonSignedRank(num(ref.y), num(ref.x));
      expect(b.statistic).toBe((a.n * (a.n + 1)) / 2 - a.statistic);
      expect(Math.abs(b.pValue - a.pValue)).toBeLessThan(1e-14);
    }
  });

  it("rejects samples of different lengths and samples without a complete pair", () => {
    expect(() => wilcoxonSignedRank([1, 2], [1])).toThrow(/same length/);
    expect(() => wilcoxonSignedRank([NaN, 1], [2, NaN])).toThrow(/not enough/);
  });
});
