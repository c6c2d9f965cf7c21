import { describe, expect, it } from "vitest";
import { axisWeights, bsplineKernel, evaluateLattice, fitLattice, refineLattice, type ControlLattice } from "../../src/radiomics/preprocess/bspline-lattice";
import { fft } from "../../src/radiomics/preprocess/fft";
import { createRng } from "../../src/util/random";

function randomLattice(size: [number, number, number], seed: number): ControlLattice {
  const rng = createRng(seed);
  return { data: Float64Array.from({ length: size[0] * size[1] * size[2] }, () => rng.normal()), size };
}

describe("B-spline lattice", () => {
  it("cubic weights of every voxel sum to 1 (partition of unity) and match the kernel", () => {
    const w = axisWeights(23, 7, 3);
    for (let i = 0; i < 23; i++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += w.weights[i * 4 + k];
      expect(s).toBeCloseTo(1, 14);
    }
    expect(bsplineKernel(3, 0)).toBeCloseTo(2 / 3, 15);
    expect(bsplineKernel(3, 1)).toBeCloseTo(1 / 6, 15);
    expect(bsplineKernel(3, 2)).toBe(0);
  });

  it("refinement (twice the knot spans) leaves the represented field unchanged", () => {
    const phi = randomLattice([5, 4, 6], 3);
    const grid: [number, number, number] = [17, 13, 11];
    const before = evaluateLattice(phi, grid, 3);
    const refined = refineLattice(phi, 3);
    expect(refined.size).toEqual([7, 5, 9]);
    const after = evaluateLattice(refined, grid, 3);
    for (let i = 0; i < before.length; i++) expect(Math.abs(after[i] - before[i])).toBeLessThan(1e-12);
  });

  it("fitting ignores voxels outside the selection and is linear in the values", () => {
    const grid: [number, number, number] = [12, 10, 8];
    const n = grid[0] * grid[1] * grid[2];
    const rng = createRng(9);
    const values = Float64Array.from({ length: n }, () => rng.normal());
    const included = new Uint8Array(n).fill(1);
    for (let i = 0; i < n; i += 3) included[i] = 0;
    const changed = values.map((v, i) => (included[i] ? v : 1e6));
    const a = fitLattice(values, included, grid, [5, 4, 4], 3);
    const b = fitLattice(changed, included, grid, [5, 4, 4], 3);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    const doubled = fitLattice(values.map((v) => 2 * v), included, grid, [5, 4, 4], 3);
    for (let i = 0; i < a.data.length; i++) expect(doubled.data[i]).toBeCloseTo(2 * a.data[i], 12);
  });
});

describe("fft", () => {
  it("inverse(forward(x)) = n x and matches a direct DFT", () => {
    const rng = createRng(5);
    const n = 16;
    const re = Float64Array.from({ length: n }, () => rng.normal());
    const im = Float64Array.from({ length: n }, () => rng.normal());
    const r0 = re.slice();
    const i0 = im.slice();
    fft(re, im, false);
    for (let k = 0; k < n; k++) {
      let sr = 0, si = 0;
      for (let j = 0; j < n; j++) {
        const a = (-2 * Math.PI * k * j) / n;
        sr += r0[j] * Math.cos(a) - i0[j] * Math.sin(a);
        si += r0[j] * Math.sin(a) + i0[j] * Math.cos(a);
      }
      expect(re[k]).toBeCloseTo(sr, 10);
      expect(im[k]).toBeCloseTo(si, 10);
    }
    fft(re, im, true);
    for (let j = 0; j < n; j++) {
      expect(re[j] / n).toBeCloseTo(r0[j], 12);
      expect(im[j] / n).toBeCloseTo(i0[j], 12);
    }
    expect(() => fft(new Float64Array(6), new Float64Array(6), false)).toThrow(/power of two/);
  });
});
