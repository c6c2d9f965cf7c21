import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ComBatHarmoniser, combat, prevalenceConfounding } from "../../src/signatures/combat";
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

describe("ComBatHarmoniser (fitted on training batches only)", () => {
  const batches = [...new Set(fixture.batch)].sort();
  const unseen = batches.find((b) => b !== "B")!;
  const train = fixture.batch.flatMap((b, j) => (b !== unseen ? [j] : []));
  const test = fixture.batch.flatMap((b, j) => (b === unseen ? [j] : []));
  const pick = (cols: number[]) => fixture.data.map((row) => cols.map((j) => row[j]));

  it("a batch unseen in the fit is harmonised on its own exactly as sva's reference ComBat on all batches does", () => {
    const h = new ComBatHarmoniser("B").fit(pick(train), train.map((j) => fixture.batch[j]));
    const later = h.transform(pick(test), test.map((j) => fixture.batch[j]));
    const all = fixture.combat_ref_B;
    later.forEach((row, g) => row.forEach((x, k) => expect(Math.abs(x - all[g][test[k]])).toBeLessThan(1e-9)));
    // Training batches too: the fit's own batches are transformed as the joint run transforms them.
    const trainAdj = h.transform(pick(train), train.map((j) => fixture.batch[j]));
    trainAdj.forEach((row, g) => row.forEach((x, k) => expect(Math.abs(x - all[g][train[k]])).toBeLessThan(1e-9)));
    expect(() => new ComBatHarmoniser("Z").fit(pick(train), train.map((j) => fixture.batch[j]))).toThrow(/reference batch 'Z'/);
  });
});

describe("prevalenceConfounding", () => {
  it("a batch shifted only by its higher prevalence: the expected shift explains the observed offset", () => {
    // One feature = 2 x label + noise-free jitter; batch R prevalence 0.25, batch S prevalence 0.75, no batch effect.
    const labels = [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0];
    const batch = [...Array(8).fill("R"), ...Array(8).fill("S")];
    const jitter = [0.1, -0.1, 0.2, -0.2, -0.1, 0.1, -0.2, 0.2, 0.1, -0.1, 0.2, -0.2, -0.1, 0.1, -0.2, 0.2];
    const data = [labels.map((y, j) => 2 * y + jitter[j])];
    const [r] = prevalenceConfounding(data, batch, labels, "R");
    expect(r.batch).toBe("S");
    expect(r.prevalence).toBe(0.75);
    expect(r.referencePrevalence).toBe(0.25);
    const ref = data[0].slice(0, 8);
    const sd = Math.sqrt(variance(ref));
    const d = (mean([ref[0], ref[4]]) - mean([ref[1], ref[2], ref[3], ref[5], ref[6], ref[7]])) / sd;
    expect(r.prevalenceShiftSd).toBeCloseTo(0.5 * d, 12);
    expect(r.observedOffsetSd).toBeCloseTo(Math.abs(mean(data[0].slice(8)) - mean(ref)) / sd, 12);
    expect(r.prevalenceShiftSd / r.observedOffsetSd).toBeGreaterThan(0.9);
  });
});
