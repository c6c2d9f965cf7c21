import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auc, benjaminiHochberg, delongCi, kaplanMeier, mannWhitneyU, rocCurve } from "../../src/stats/index";

const labelled = fc
  .array(fc.record({ score: fc.integer({ min: 0, max: 20 }), label: fc.integer({ min: 0, max: 1 }) }), { minLength: 4, maxLength: 40 })
  .filter((rows) => rows.some((r) => r.label === 1) && rows.some((r) => r.label === 0));

describe("identities that hold for any input", () => {
  it("AUC (direction '<') is the Mann-Whitney U of cases over controls divided by m n, and lies in the DeLong CI", () => {
    fc.assert(
      fc.property(labelled, (rows) => {
        const s = rows.map((r) => r.score), y = rows.map((r) => r.label);
        const cases = rows.filter((r) => r.label === 1).map((r) => r.score);
        const controls = rows.filter((r) => r.label === 0).map((r) => r.score);
        const a = auc(s, y, { direction: "<" });
        const u = mannWhitneyU(cases, controls, { exact: false }).statistic;
        expect(a).toBeCloseTo(u / (cases.length * controls.length), 12);
        const ci = delongCi(s, y, 0.95, { direction: "<" });
        if (!Number.isNaN(ci.variance)) expect(ci.lower <= a && a <= ci.upper).toBe(true);
        // The trapezoid area under the pROC curve is the same AUC.
        const pts = rocCurve(s, y, { direction: "<" });
        let area = 0;
        for (let i = 1; i < pts.length; i++) {
          area += ((pts[i].specificity - pts[i - 1].specificity) * (pts[i].sensitivity + pts[i - 1].sensitivity)) / 2;
        }
        expect(area).toBeCloseTo(a, 12);
      }),
      { numRuns: 150, seed: 1 },
    );
  });

  it("BH-adjusted p-values are >= the raw ones, <= 1, and keep their order", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 50 }), (p) => {
        const q = benjaminiHochberg(p);
        p.forEach((v, i) => expect(q[i] >= v && q[i] <= 1).toBe(true));
        const order = p.map((_, i) => i).sort((a, b) => p[a] - p[b]);
        for (let k = 1; k < order.length; k++) expect(q[order[k]] >= q[order[k - 1]]).toBe(true);
      }),
      { numRuns: 150, seed: 2 },
    );
  });

  it("the Kaplan-Meier curve never increases and its CI brackets it", () => {
    const survival = fc.array(fc.record({ t: fc.integer({ min: 0, max: 30 }), e: fc.integer({ min: 0, max: 1 }) }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(survival, (rows) => {
        const km = kaplanMeier(rows.map((r) => r.t), rows.map((r) => r.e));
        km.table.forEach((row, i) => {
          if (i > 0) expect(row.surv).toBeLessThanOrEqual(km.table[i - 1].surv);
          if (row.surv > 0) expect(row.lower <= row.surv && row.surv <= row.upper).toBe(true);
        });
      }),
      { numRuns: 150, seed: 3 },
    );
  });
});
