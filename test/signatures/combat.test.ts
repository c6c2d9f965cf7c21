import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { combat } from "../../src/signatures/combat";
import { mean, variance } from "../../src/stats/descriptive";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/signatures/combat_sva.json", import.meta.url), "utf8")) as {
  batch: string[];
  data: number[][];
  combat: number[][];
  combat_ref_B: number[][];
};

function maxAbsDiff(a: number[][], b: number[][]): number {
  let m = 0;
  a.forEach((row, g) => row.forEach((x, j) => (m = Math.max(m, Math.abs(x - b[g][j])))));
  return m;
}

describe("combat", () => {
  it("matches sva::ComBat (parametric, no covariates)", () => {
    const r = combat(fixture.data, fixture.batch);
    expect(maxAbsDiff(r.adjusted, fixture.combat)).toBeLessThan(1e-9);
    expect(r.unchanged).toEqual([6]);
  });

  it("matches sva::ComBat with a reference batch, which stays unchanged", () => {
    const r = combat(fixture.data, fixture.batch, { refBatch: "B" });
    expect(maxAbsDiff(r.adjusted, fixture.combat_ref_B)).toBeLessThan(1e-9);
    fixture.batch.forEach((b, j) => {
      if (b === "B") expect(r.adjusted[0][j]).toBe(fixture.data[0][j]);
    });
  });

  it("removes a pure location-scale batch effect: batch means of a feature become close", () => {
    const batch = [...Array(20).fill("a"), ...Array(20).fill("b")];
    const data = Array.from({ length: 30 }, (_, g) => batch.map((b, j) => Math.sin(g * 7 + j * 3) + (b === "b" ? 4 + 2 * Math.cos(j) : 0)));
    const { adjusted } = combat(data, batch);
    const gap = (row: number[]) => Math.abs(mean(row.slice(0, 20)) - mean(row.slice(20)));
    expect(Math.max(...adjusted.map(gap))).toBeLessThan(0.2 * Math.min(...data.map(gap)));
    expect(variance(adjusted[0])).toBeGreaterThan(0);
  });

  it("rejects missing values and one-sample batches with a clear message", () => {
    expect(() => combat([[1, NaN, 3, 4]], ["a", "a", "b", "b"])).toThrow(/feature 0, sample 1 is not finite/);
    expect(() => combat([[1, 2, 3]], ["a", "a", "b"])).toThrow(/batch 'b' has 1 sample/);
    expect(() => combat([[1, 2, 3, 4]], ["a", "a", "b", "b"], { refBatch: "z" })).toThrow(/reference batch 'z'/);
  });
});
