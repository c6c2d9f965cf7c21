import { describe, expect, it } from "vitest";
import { differentialExpression } from "../../src/tme/deg";
import { NamedMatrix } from "../../src/tme/matrix";
import { optimalCutpoint, welchTTest } from "../../src/stats";
import { createRng } from "../../src/util/random";

/** 200 genes x 60 patients; genes 0-9 are 1.5 log2 units higher in patients with score above 0.5. */
function simulate() {
  const rng = createRng(12);
  const patients = Array.from({ length: 60 }, (_, j) => `P${j}`);
  const scores = new Map(patients.map((p) => [p, rng.next()] as [string, number]));
  const labels = new Map(patients.map((p) => [p, (scores.get(p)! + 0.3 * rng.normal() > 0.5 ? 1 : 0) as 0 | 1]));
  const genes = Array.from({ length: 200 }, (_, i) => `gene${i}`);
  const values = genes.map((_, i) => patients.map((p) => 6 + rng.normal() + (i < 10 && scores.get(p)! > 0.5 ? 1.5 : 0)));
  return { expr: { rows: genes, columns: patients, values } as NamedMatrix, scores, labels };
}

describe("differentialExpression", () => {
  const { expr, scores, labels } = simulate();

  it("splits at cutpointr's optimal cut-off and finds the planted genes", () => {
    const res = differentialExpression(expr, scores, labels);
    const ids = expr.columns;
    expect(res.cutoff).toBe(optimalCutpoint(ids.map((p) => scores.get(p)!), ids.map((p) => labels.get(p)!)).cutoff);
    expect(res.high.every((p) => scores.get(p)! >= res.cutoff)).toBe(true);
    expect(res.high.length + res.low.length).toBe(60);
    const hits = res.genes.filter((g) => g.fdr < 0.05).map((g) => g.gene);
    expect(hits.filter((g) => Number(g.slice(4)) < 10).length).toBeGreaterThanOrEqual(8);
    expect(hits.filter((g) => Number(g.slice(4)) >= 10).length).toBeLessThanOrEqual(2);
    const g0 = res.genes[0];
    const direct = welchTTest(res.high.map((p) => expr.values[0][ids.indexOf(p)]), res.low.map((p) => expr.values[0][ids.indexOf(p)]));
    expect(g0.t).toBe(direct.statistic);
    expect(g0.log2FC).toBeCloseTo(g0.meanHigh - g0.meanLow, 14);
  });

  it("uses a given cut-off, linear-scale fold changes, and NaN for constant genes", () => {
    const constant: NamedMatrix = { rows: [...expr.rows, "flat"], columns: expr.columns, values: [...expr.values, expr.columns.map(() => 3)] };
    const linear = { ...constant, values: constant.values.map((r) => r.map((v) => 2 ** v)) };
    const res = differentialExpression(linear, scores, undefined, { cutoff: 0.5, logScale: false });
    expect(res.cutoff).toBe(0.5);
    const flat = res.genes[res.genes.length - 1];
    expect(flat.log2FC).toBe(0);
    expect(flat.p).toBeNaN();
    expect(flat.fdr).toBeNaN();
    expect(res.genes[0].log2FC).toBeCloseTo(Math.log2(res.genes[0].meanHigh / res.genes[0].meanLow), 14);
    expect(() => differentialExpression(expr, scores)).toThrow(/give labels/);
    expect(() => differentialExpression(expr, scores, undefined, { cutoff: 0.999 })).toThrow(/leaves 0 high/);
  });
});
