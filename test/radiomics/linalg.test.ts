/** Eigenvalue routines of src/radiomics/linalg.ts against each other and known spectra. */
import { describe, expect, it } from "vitest";
import { deflatedLargestEigenvalue, symmetricEigenvalues } from "../../src/radiomics/linalg";
import type { SparseRows } from "../../src/radiomics/kernels/texture";
import { createRng } from "../../src/util/random";

/** A dense row-major rows x columns matrix in compressed sparse rows (non-zero entries only). */
function sparseRows(dense: ArrayLike<number>, rows: number, columns: number): SparseRows {
  const rowStart = [0];
  const col: number[] = [];
  const values: number[] = [];
  for (let a = 0; a < rows; a++) {
    for (let c = 0; c < columns; c++) {
      if (dense[a * columns + c] === 0) continue;
      col.push(c);
      values.push(dense[a * columns + c]);
    }
    rowStart.push(col.length);
  }
  return { rows, columns, rowStart: Int32Array.from(rowStart), col: Int32Array.from(col), values: Float64Array.from(values) };
}

/** S = M M^T with M(i, k) = p(i, k) / sqrt(p_x(i) p_y(k)) for a random sparse joint distribution p (as GLCM MCC). */
function correspondenceMatrix(n: number, seed: number): { S: Float64Array; M: SparseRows; u: Float64Array } {
  const rng = createRng(seed);
  const p = new Float64Array(n * n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      // Mostly near the diagonal, as gray levels of neighbouring voxels are.
      if (Math.abs(i - k) <= 3 || rng.next() < 0.05) p[i * n + k] = rng.next();
      total += p[i * n + k];
    }
  }
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) {
    p[i * n + k] /= total;
    px[i] += p[i * n + k];
    py[k] += p[i * n + k];
  }
  const M = p.map((v, j) => v / Math.sqrt(px[Math.floor(j / n)] * py[j % n]));
  const S = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) for (let k = 0; k < n; k++) S[a * n + b] += M[a * n + k] * M[b * n + k];
  return { S, M: sparseRows(M, n, n), u: px.map(Math.sqrt) };
}

describe("symmetric eigenvalues", () => {
  it("dense: a 2 x 2 example and a diagonal matrix", () => {
    const [a, b] = symmetricEigenvalues(Float64Array.of(2, 1, 1, 2), 2);
    expect(a).toBeCloseTo(1, 15);
    expect(b).toBeCloseTo(3, 15);
    expect(Array.from(symmetricEigenvalues(Float64Array.of(3, 0, 0, 0, 1, 0, 0, 0, 2), 3))).toEqual([1, 2, 3]);
  });

  it("Lanczos off the top eigenvector gives the dense second largest eigenvalue (GLCM-like matrices)", () => {
    for (const [n, seed] of [[45, 1], [80, 2], [150, 3]]) {
      const { S, M, u } = correspondenceMatrix(n, seed);
      const dense = symmetricEigenvalues(S.slice(), n);
      expect(dense[n - 1]).toBeCloseTo(1, 12);
      const lanczos = deflatedLargestEigenvalue(M, u);
      expect(Math.abs(lanczos - dense[n - 2])).toBeLessThan(1e-13);
    }
  });

  it("Lanczos: known spectrum, and an operator of rank one beside u (exhausted Krylov space)", () => {
    // M = diag(sqrt(lambda)): M M^T = diag(lambda).
    const lam = [1, 0.5, 0.25, 0.125];
    expect(deflatedLargestEigenvalue(sparseRows([1, 0, 0, 0, 0, Math.SQRT1_2, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, Math.sqrt(lam[3])], 4, 4), Float64Array.of(1, 0, 0, 0))).toBeCloseTo(0.5, 15);
    // M = [e1, sqrt(0.7) v] (3 x 2): M M^T = e1 e1^T + 0.7 v v^T, rank one beside u = e1.
    const v = [0, 0.6, 0.8];
    const M = sparseRows([1, 0, 0, Math.sqrt(0.7) * v[1], 0, Math.sqrt(0.7) * v[2]], 3, 2);
    expect(deflatedLargestEigenvalue(M, Float64Array.of(1, 0, 0))).toBeCloseTo(0.7, 14);
  });
});
