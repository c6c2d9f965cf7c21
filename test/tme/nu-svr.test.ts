import { describe, expect, it } from "vitest";
import { loadLibsvm } from "../../src/models/libsvm";
import { LinearNuSVR } from "../../src/models/nu-svr";
import { createRng } from "../../src/util/random";

describe("LinearNuSVR", () => {
  it("recovers a noiseless linear function and predicts w'x + b", async () => {
    const libsvm = await loadLibsvm();
    const rng = createRng(3);
    const X = Array.from({ length: 80 }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const y = X.map((x) => 0.8 * x[0] - 0.3 * x[1] + 0 * x[2] + 0.25);
    const svr = new LinearNuSVR(libsvm, { nu: 0.5, cost: 10 }).fit(X, y);
    expect(svr.coef[0]).toBeCloseTo(0.8, 3);
    expect(svr.coef[1]).toBeCloseTo(-0.3, 3);
    expect(svr.coef[2]).toBeCloseTo(0, 3);
    expect(svr.intercept).toBeCloseTo(0.25, 3);
    const x = [1, 2, 3];
    expect(svr.predict([x])[0]).toBe(svr.intercept + svr.coef[0] * 1 + svr.coef[1] * 2 + svr.coef[2] * 3);
    expect(svr.supportIndices.length).toBe(svr.dualCoef.length);
  });

  it("rejects bad input with clear messages", async () => {
    const libsvm = await loadLibsvm();
    expect(() => new LinearNuSVR(libsvm, { nu: 0 })).toThrow(/nu must be in \(0, 1\]/);
    expect(() => new LinearNuSVR(libsvm, { nu: 0.5 }).fit([[1], [NaN]], [1, 2])).toThrow(/X\[1\]\[0\] = NaN/);
    expect(() => new LinearNuSVR(libsvm, { nu: 0.5 }).fit([[1], [2]], [1])).toThrow(/2 rows but y has 1/);
    expect(() => new LinearNuSVR(libsvm, { nu: 0.5 }).predict([[1]])).toThrow(/call fit first/);
  });
});
