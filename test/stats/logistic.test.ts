import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { logisticRegression, recalibration } from "../../src/stats/logistic";

// R 4.2 reference values made by test/fixtures/stats/logistic.R (glm with epsilon 1e-14, rms::val.prob).
const R = JSON.parse(readFileSync("test/fixtures/stats/logistic.json", "utf8"));

describe("logistic recalibration", () => {
  it("equals glm's coefficients and standard errors and rms::val.prob's Intercept and Slope", () => {
    const r = recalibration(R.p, R.y);
    expect(r.n).toBe(R.p.length);
    const close = (a: number, b: number, tol: number) => expect(Math.abs(a - b) / Math.abs(b)).toBeLessThan(tol);
    close(r.intercept.estimate, R.intercept[0], 1e-9);
    close(r.intercept.se, R.intercept[1], 1e-9);
    close(r.slope.estimate, R.slope[0], 1e-9);
    close(r.slope.se, R.slope[1], 1e-9);
    close(r.calibrationInTheLarge.estimate, R.large[0], 1e-9);
    close(r.calibrationInTheLarge.se, R.large[1], 1e-9);
    // val.prob's own fit (lrm.fit) stops earlier than glm at 1e-14; they agree to about 1e-10.
    close(r.intercept.estimate, R.valprob.Intercept, 1e-8);
    close(r.slope.estimate, R.valprob.Slope, 1e-8);
    expect(r.slope.lower).toBeCloseTo(R.slope[0] - 1.959963984540054 * R.slope[1], 10);
  });

  it("refuses separated data and non-binary outcomes, naming the problem", () => {
    expect(() => logisticRegression([[1], [2], [3], [4]], [0, 0, 1, 1])).toThrow(/separation/);
    expect(() => logisticRegression([[1], [2]], [0, 2])).toThrow(/outcome 1 is 2/);
  });
});
