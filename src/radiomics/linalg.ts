import { GramLanczos, type SparseRows } from "./kernels/texture";
import { createRng } from "../util/random";

/**
 * Eigenvalues of a real symmetric n x n matrix (row-major; the input is overwritten), ascending.
 * Householder reduction to tridiagonal form, then the implicit QL algorithm with Wilkinson-type shifts.
 *
 * @example
 * symmetricEigenvalues(Float64Array.of(2, 1, 1, 2), 2); // [1, 3]
 */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  // Householder tridiagonalisation (eigenvalues only).
  for (let i = n - 1; i > 0; i--) {
    const l = i - 1;
    let h = 0;
    if (l > 0) {
      let scale = 0;
      for (let k = 0; k <= l; k++) scale += Math.abs(a[i * n + k]);
      if (scale === 0) {
        e[i] = a[i * n + l];
      } else {
        for (let k = 0; k <= l; k++) {
          a[i * n + k] /= scale;
          h += a[i * n + k] * a[i * n + k];
        }
        let f = a[i * n + l];
        let g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        a[i * n + l] = f - g;
        f = 0;
        for (let j = 0; j <= l; j++) {
          g = 0;
          for (let k = 0; k <= j; k++) g += a[j * n + k] * a[i * n + k];
          for (let k = j + 1; k <= l; k++) g += a[k * n + j] * a[i * n + k];
          e[j] = g / h;
          f += e[j] * a[i * n + j];
        }
        const hh = f / (h + h);
        for (let j = 0; j <= l; j++) {
          f = a[i * n + j];
          g = e[j] - hh * f;
          e[j] = g;
          for (let k = 0; k <= j; k++) a[j * n + k] -= f * e[k] + g * a[i * n + k];
        }
      }
    } else {
      e[i] = a[i * n + l];
    }
  }
  for (let i = 0; i < n; i++) d[i] = a[i * n + i];
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  if (n > 0) e[n - 1] = 0;
  tridiagonalQL(d, e, n, null);
  return d.sort();
}

/**
 * Implicit QL with Wilkinson-type shifts on the symmetric tridiagonal matrix with diagonal d and sub-diagonal
 * e (e[i] couples i and i + 1; e[n - 1] = 0), in place: d becomes the eigenvalues (unsorted), e is destroyed.
 * When `z` is given (a row of the eigenvector matrix, initially a row of the identity), the rotations are applied
 * to it, so that z[i] ends as that row's component of the eigenvector of d[i].
 */
function tridiagonalQL(d: Float64Array, e: Float64Array, n: number, z: Float64Array | null): void {
  for (let l = 0; l < n; l++) {
    let iter = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * dd) break;
      }
      if (m !== l) {
        if (iter++ === 60) throw new Error("symmetricEigenvalues: no convergence");
        let g = (d[l + 1] - d[l]) / (2 * e[l]);
        let r = Math.hypot(g, 1);
        g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
        let s = 1;
        let c = 1;
        let p = 0;
        let i: number;
        for (i = m - 1; i >= l; i--) {
          const f = s * e[i];
          const b = c * e[i];
          r = Math.hypot(f, g);
          e[i + 1] = r;
          if (r === 0) {
            d[i + 1] -= p;
            e[m] = 0;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
          if (z) {
            const zi = z[i + 1];
            z[i + 1] = s * z[i] + c * zi;
            z[i] = c * z[i] - s * zi;
          }
        }
        if (r === 0 && i >= l) continue;
        d[l] -= p;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
}

/** Lanczos steps between two convergence checks (each costs a small tridiagonal eigen-decomposition). */
const CHECK_EVERY = 4;

/**
 * Largest eigenvalue of S = M M^T (M given in compressed sparse rows, n = M.rows) on the orthogonal complement
 * of a unit vector u (for instance the second largest of S when u is the eigenvector of the largest), by the
 * Lanczos method with full reorthogonalisation (against u and every Lanczos vector) from a fixed pseudo-random
 * start. The error of the largest Ritz value theta is bounded by its residual ||S y - theta y|| = beta_j |z_j|
 * (some eigenvalue lies within it, and within its square over the spectral gap); iterations stop when that
 * bound, checked every few steps, is at most `tol`, or when the Krylov space fills the complement (n - 1
 * steps: then the result is that of a dense method). Cost: one product by M and one by M^T and O(j n) per
 * step j, in WebAssembly (kernels/texture.ts); the tridiagonal problems stay here.
 *
 * @example
 * // M = diag(1, 0.5, 0.25): S = diag(1, 0.25, 0.0625); with u = e1 the answer is 0.25
 * deflatedLargestEigenvalue({ rows: 3, columns: 3, rowStart: Int32Array.of(0, 1, 2, 3), col: Int32Array.of(0, 1, 2),
 *   values: Float64Array.of(1, 0.5, 0.25) }, Float64Array.of(1, 0, 0));
 */
export function deflatedLargestEigenvalue(M: SparseRows, u: Float64Array, tol = 1e-13): number {
  const n = M.rows;
  const dim = n - 1;
  if (dim < 1) return NaN;
  const lanczos = new GramLanczos(M, u, dim);
  const alpha = new Float64Array(dim);
  const beta = new Float64Array(dim);
  const d = new Float64Array(dim);
  const e = new Float64Array(dim);
  const z = new Float64Array(dim);
  const rng = createRng(20240611);
  const start = new Float64Array(n);
  for (let k = 0; k < n; k++) start[k] = rng.next() - 0.5;
  lanczos.start(start);
  for (let j = 0; ; j++) {
    // Three-term recurrence, then reorthogonalisation removes what rounding left.
    const step = lanczos.step(j, j > 0 ? beta[j - 1] : 0);
    alpha[j] = step.alpha;
    beta[j] = Math.sqrt(step.residual2);
    const last = j + 1 === dim;
    if (!last && (j + 1) % CHECK_EVERY !== 0 && beta[j] > tol) {
      lanczos.setRow(j + 1, beta[j]);
      continue;
    }
    // Ritz values of the (j + 1) x (j + 1) tridiagonal T and the last components of their eigenvectors.
    d.set(alpha.subarray(0, j + 1));
    e.set(beta.subarray(0, j));
    e[j] = 0;
    z.fill(0);
    z[j] = 1;
    tridiagonalQL(d, e, j + 1, z);
    let top = 0;
    for (let i = 1; i <= j; i++) if (d[i] > d[top]) top = i;
    if (beta[j] * Math.abs(z[top]) <= tol || last) return d[top];
    lanczos.setRow(j + 1, beta[j]);
  }
}
