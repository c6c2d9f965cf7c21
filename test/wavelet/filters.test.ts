import { describe, expect, it } from "vitest";
import { SCALING_FILTERS } from "../../src/radiomics/wavelet/coefficients";
import { waveletFilters, waveletNames } from "../../src/radiomics/wavelet";

/** Vanishing moments of the wavelet (high-pass) filter each family is defined by. */
function vanishingMoments(name: string): number {
  if (name === "haar") return 1;
  const n = Number(name.replace(/^[a-z]+/, ""));
  return name.startsWith("coif") ? 2 * n : n;
}

/**
 * sum_n g[n] ((n - c) / s)^p for the high-pass filter g, relative to sum |g[n]| |(n - c) / s|^p (centred and scaled
 * positions keep the sums well conditioned up to order 37).
 */
function relativeMoment(g: Float64Array, p: number): number {
  const c = (g.length - 1) / 2;
  const s = Math.max(c, 1);
  let sum = 0, scale = 0;
  for (let n = 0; n < g.length; n++) {
    const t = ((n - c) / s) ** p;
    sum += g[n] * t;
    scale += Math.abs(g[n] * t);
  }
  return Math.abs(sum) / scale;
}

// PyWavelets' db and coif tables hold these identities to 1e-15; its sym tables only to about 1e-11.
const IDENTITY_TOL = 5e-11;

describe("wavelet filter coefficients satisfy their defining equations", () => {
  it("covers haar, db1-38, sym2-20, coif1-17", () => {
    const names = waveletNames();
    expect(names.length).toBe(1 + 38 + 19 + 17);
    expect(names.filter((n) => n.startsWith("coif")).map((n) => SCALING_FILTERS[n].length)).toEqual(
      Array.from({ length: 17 }, (_, i) => 6 * (i + 1)),
    );
  });

  for (const name of waveletNames()) {
    it(`${name}: sum h = sqrt 2, orthonormal to even shifts, ${vanishingMoments(name)} vanishing wavelet moments`, () => {
      const { lo, hi } = waveletFilters(name);
      const F = lo.length;
      expect(F % 2).toBe(0);
      expect(Math.abs(lo.reduce((s, v) => s + v, 0) - Math.SQRT2)).toBeLessThan(IDENTITY_TOL);
      for (let k = 0; k < F / 2; k++) {
        let dot = 0;
        for (let n = 0; n + 2 * k < F; n++) dot += lo[n] * lo[n + 2 * k];
        expect(Math.abs(dot - (k === 0 ? 1 : 0))).toBeLessThan(IDENTITY_TOL);
      }
      // Low- and high-pass are orthogonal at every even shift (a quadrature-mirror pair).
      for (let k = -(F / 2 - 1); k < F / 2; k++) {
        let dot = 0;
        for (let n = 0; n < F; n++) if (n + 2 * k >= 0 && n + 2 * k < F) dot += lo[n] * hi[n + 2 * k];
        expect(Math.abs(dot)).toBeLessThan(IDENTITY_TOL);
      }
      for (let p = 0; p < vanishingMoments(name); p++) expect(relativeMoment(hi, p)).toBeLessThan(IDENTITY_TOL);
      // ... and not one more: the family's order is exactly this.
      expect(relativeMoment(hi, vanishingMoments(name))).toBeGreaterThan(1e-13);
    });
  }

  it("closed forms: haar = (1, 1)/sqrt 2, db2 = (1+sqrt3, 3+sqrt3, 3-sqrt3, 1-sqrt3)/(4 sqrt 2)", () => {
    const r3 = Math.sqrt(3);
    const db2 = [1 + r3, 3 + r3, 3 - r3, 1 - r3].map((v) => v / (4 * Math.SQRT2));
    SCALING_FILTERS.db2.forEach((v, i) => expect(v).toBeCloseTo(db2[i], 15));
    SCALING_FILTERS.haar.forEach((v) => expect(v).toBeCloseTo(Math.SQRT1_2, 15));
    const { lo, hi } = waveletFilters("db2");
    expect(Array.from(lo)).toEqual([...SCALING_FILTERS.db2].reverse());
    expect(Array.from(hi)).toEqual(SCALING_FILTERS.db2.map((v, n) => (n % 2 === 0 ? -v : v)));
  });
});
