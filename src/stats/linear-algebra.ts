/**
 * Small dense symmetric positive-definite solves for the survival models (p x p with p = number of
 * covariates or groups - 1), by Cholesky decomposition A = L L'.
 *
 * @example
 * solveSpd([[4, 2], [2, 3]], [2, 1]); // [0.5, 0]
 */
function cholesky(a: number[][], what: string): number[][] {
  const n = a.length;
  const l = a.map(() => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let diag = a[j][j];
    for (let k = 0; k < j; k++) diag -= l[j][k] * l[j][k];
    if (!(diag > 0)) throw new Error(`${what}: matrix is singular or not positive definite (pivot ${j} = ${diag})`);
    l[j][j] = Math.sqrt(diag);
    for (let i = j + 1; i < n; i++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      l[i][j] = s / l[j][j];
    }
  }
  return l;
}

function solveWithFactor(l: number[][], b: number[]): number[] {
  const n = l.length;
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i][k] * y[k];
    y[i] = s / l[i][i];
  }
  const x = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k][i] * x[k];
    x[i] = s / l[i][i];
  }
  return x;
}

/** x with A x = b. */
export function solveSpd(a: number[][], b: number[], what = "solveSpd"): number[] {
  return solveWithFactor(cholesky(a, what), b);
}

/** A^-1. */
export function invertSpd(a: number[][], what = "invertSpd"): number[][] {
  const l = cholesky(a, what);
  const n = a.length;
  const columns = Array.from({ length: n }, (_, j) => solveWithFactor(l, Array.from({ length: n }, (_, i) => (i === j ? 1 : 0))));
  return columns.map((_, i) => columns.map((col) => col[i]));
}

/**
 * x with A x = b for a square, not necessarily symmetric A, by Gaussian elimination with partial pivoting on the
 * augmented matrix M = [A | b] (overwritten); undefined when a pivot is below 1e-12 of A's largest entry.
 */
export function solveGeneral(M: number[][]): number[] | undefined {
  const n = M.length;
  let largest = 0;
  for (const row of M) for (let j = 0; j < n; j++) largest = Math.max(largest, Math.abs(row[j]));
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(M[r][col]) > Math.abs(M[pivot][col])) pivot = r;
    if (!(Math.abs(M[pivot][col]) > 1e-12 * largest)) return undefined;
    [M[col], M[pivot]] = [M[pivot], M[col]];
    for (let r = col + 1; r < n; r++) {
      const f = M[r][col] / M[col][col];
      if (f === 0) continue;
      for (let c = col; c <= n; c++) M[r][c] -= f * M[col][c];
    }
  }
  const x = new Array<number>(n);
  for (let r = n - 1; r >= 0; r--) {
    let t = M[r][n];
    for (let c = r + 1; c < n; c++) t -= M[r][c] * x[c];
    x[r] = t / M[r][r];
  }
  return x;
}
