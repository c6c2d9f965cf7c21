import { describe, expect, it } from "vitest";
import { loadLibsvm } from "../../src/models/libsvm";
import { LinearNuSVR } from "../../src/models/nu-svr";
import { solveLinearNuSvr } from "../../src/models/nu-svr-ipm";
import { solveGeneral } from "../../src/stats/linear-algebra";
import { createRng } from "../../src/util/random";

/**
 * The nu-SVR primal objective (C = 1) at weights w: 1/2|w|^2 + min over b, eps >= 0 of n nu eps + sum max(0, |r_i - b| - eps),
 * r = y - Xw. The inner problem is piecewise linear, so its minimum is at a vertex b = (r_i + r_j) / 2, eps = |r_i - r_j| / 2.
 */
function primalObjective(X: number[][], y: number[], w: number[], nu: number): number {
  const n = X.length;
  const r = X.map((x, i) => y[i] - x.reduce((a, v, j) => a + v * w[j], 0));
  let inner = Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const b = (r[i] + r[j]) / 2, eps = Math.abs(r[i] - r[j]) / 2;
      let t = n * nu * eps;
      for (const ri of r) t += Math.max(0, Math.abs(ri - b) - eps);
      inner = Math.min(inner, t);
    }
  }
  return 0.5 * w.reduce((a, v) => a + v * v, 0) + inner;
}

describe("solveLinearNuSvr (interior point)", () => {
  const rng = createRng(5);
  // 200 samples, 6 features of which two pairs are nearly collinear, as a signature matrix's related cell types
  const X = Array.from({ length: 200 }, () => {
    const a = rng.normal(), b = rng.normal(), c = rng.normal();
    return [a, a + 0.05 * rng.normal(), b, b + 0.05 * rng.normal(), c, rng.normal()];
  });
  const y = X.map((x) => 0.5 * x[0] + 0.2 * x[2] + 0.3 * x[4] + 0.1 * rng.normal());

  it("reaches the optimum: its primal objective meets the lower bound from libsvm's dual solution (weak duality)", async () => {
    const libsvm = await loadLibsvm();
    for (const nu of [0.25, 0.5, 0.75]) {
      const exact = solveLinearNuSvr(X, y, nu);
      expect(exact.exact).toBe(true);
      const svr = new LinearNuSVR(libsvm, { nu, tolerance: 1e-10 }).fit(X, y);
      // libsvm's dual point is feasible, so -(1/2|w|^2 - y'beta) at it is a lower bound of the optimum
      const lowerBound = -(0.5 * svr.coef.reduce((a, v) => a + v * v, 0) - svr.supportIndices.reduce((a, i, k) => a + y[i] * svr.dualCoef[k], 0));
      const exactPrimal = primalObjective(X, y, exact.coef, nu);
      expect(exactPrimal - lowerBound).toBeLessThan(1e-9 * lowerBound);
      expect(exactPrimal).toBeLessThanOrEqual(primalObjective(X, y, svr.coef, nu));
      // and libsvm (single-precision kernel cache) is near it: within 1e-5 in w on this collinear problem
      exact.coef.forEach((w, j) => expect(Math.abs(w - svr.coef[j])).toBeLessThan(1e-5));
    }
  });

  it("ends at the last accepted iterate when the Newton system turns singular near the optimum", async () => {
    // A marker-gene signature (120 genes x 6 cell types) and a noisy mixture of it, standardised as CIBERSORT does:
    // at nu 0.5 every free variable ends on one side of the tube, the 2 x 2 Schur complement becomes singular in
    // floating point at mu ~ 1e-12, and the solver used to throw there instead of returning its converged iterate.
    const r = createRng(7);
    const sig = Array.from({ length: 120 }, (_, i) => Array.from({ length: 6 }, (_, j) => 2 ** (3 + 1.5 * r.normal()) * (i % 6 === j ? 16 : 1)));
    const mixes = Array.from({ length: 30 }, () => {
      const f = Array.from({ length: 6 }, () => -Math.log(1 - r.next()));
      const total = f.reduce((a, b) => a + b, 0);
      return f.map((v) => v / total);
    });
    const noisy = sig.map((row) => mixes.map((f) => f.reduce((a, v, j) => a + v * row[j], 0) * 2 ** (0.3 * r.normal())));
    const standardise = (v: number[]) => {
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
      return v.map((x) => (x - m) / sd);
    };
    const all = standardise(sig.flat());
    const Xs = sig.map((_, i) => all.slice(6 * i, 6 * i + 6));
    const libsvm = await loadLibsvm();
    let worst = 0;
    for (let k = 0; k < mixes.length; k++) {
      const yk = standardise(noisy.map((row) => row[k]));
      const exact = solveLinearNuSvr(Xs, yk, 0.5);
      const svr = new LinearNuSVR(libsvm, { nu: 0.5, tolerance: 1e-10 }).fit(Xs, yk);
      exact.coef.forEach((w, j) => (worst = Math.max(worst, Math.abs(w - svr.coef[j]))));
    }
    expect(worst).toBeLessThan(1e-5);
  });

  it("rejects nu outside (0, 1] and mismatched inputs", () => {
    expect(() => solveLinearNuSvr([[1], [2]], [1, 2], 0)).toThrow(/nu must be in \(0, 1\], got 0/);
    expect(() => solveLinearNuSvr([[1], [2]], [1], 0.5)).toThrow(/X 2 rows, y 1/);
  });
});

describe("solveGeneral", () => {
  it("solves a non-symmetric system that needs a row exchange, and refuses a singular one", () => {
    // x = (1, 2, 3): A x = b with A[0][0] = 0
    const x = solveGeneral([[0, 2, 1, 7], [1, 1, 1, 6], [2, -1, 3, 9]])!;
    [1, 2, 3].forEach((v, i) => expect(x[i]).toBeCloseTo(v, 14));
    expect(solveGeneral([[1, 2, 3], [2, 4, 6]])).toBeUndefined();
  });
});
