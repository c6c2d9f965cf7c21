/**
 * nu-support vector regression with a linear kernel (Schölkopf et al. 2000), trained by libsvm (libsvm-js,
 * the same solver R's e1071 wraps). Used by CIBERSORT (src/tme/cibersort.ts).
 *
 * libsvm solves the dual  min_a,a* 1/2 (a - a*)' K (a - a*) - y'(a - a*)
 *   s.t. e'(a - a*) = 0,  e'(a + a*) <= C n nu,  0 <= a, a* <= C,
 * and predicts f(x) = sum_i (a_i - a*_i) x_i'x - rho. With a linear kernel the primal weights are
 *   w = sum_i (a_i - a*_i) x_i,
 * which this module rebuilds from the support vectors' indices and dual coefficients that libsvm's
 * `serializeModel()` prints at 16 significant digits (about 1e-16 relative); the support vectors themselves are taken from the
 * training matrix in full precision. The intercept -rho (printed at only 6 digits) is read instead as the
 * prediction at x = 0. Training is deterministic (no probability model, so no random state).
 *
 * @example
 * const libsvm = await loadLibsvm();  // src/models/libsvm.ts
 * const svr = new LinearNuSVR(libsvm, { nu: 0.5 }).fit([[1, 2], [2, 1], [3, 5], [4, 3]], [3.1, 2.9, 8.2, 7.1]);
 * svr.coef;       // primal weights w (one per column)
 * svr.intercept;  // b = -rho
 * svr.predict([[2, 2]]);
 */
import type { Libsvm, LibsvmSvm } from "./libsvm";

export interface NuSvrOptions {
  /** nu in (0, 1]: upper bound on the fraction of errors, lower bound on the fraction of support vectors. */
  nu: number;
  /** C, the regularisation cost (libsvm and e1071 default 1). */
  cost?: number;
  /** Stopping tolerance of the solver (libsvm default 0.001). */
  tolerance?: number;
  /** libsvm's shrinking heuristic (default true, as e1071). */
  shrinking?: boolean;
}

/** Linear-kernel nu-SVR; `fit` on training data, then `coef`, `intercept`, `predict`. */
export class LinearNuSVR {
  readonly options: Required<NuSvrOptions>;
  /** Primal weights w = sum_i (a_i - a*_i) x_i, one per feature (column). */
  coef: number[] = [];
  /** b in f(x) = w'x + b (libsvm's -rho). */
  intercept = NaN;
  /** Row indices (0-based) of the support vectors in the training matrix. */
  supportIndices: number[] = [];
  /** Dual coefficients a_i - a*_i of the support vectors, in the order of `supportIndices`. */
  dualCoef: number[] = [];

  constructor(private readonly libsvm: Libsvm, options: NuSvrOptions) {
    const { nu, cost = 1, tolerance = 0.001, shrinking = true } = options;
    if (!(nu > 0 && nu <= 1)) throw new Error(`LinearNuSVR: nu must be in (0, 1], got ${nu}`);
    if (!(cost > 0)) throw new Error(`LinearNuSVR: cost must be > 0, got ${cost}`);
    if (!(tolerance > 0)) throw new Error(`LinearNuSVR: tolerance must be > 0, got ${tolerance}`);
    this.options = { nu, cost, tolerance, shrinking };
  }

  /** Trains on X (n samples x p features) and targets y (length n). */
  fit(X: number[][], y: ArrayLike<number>): this {
    const n = X.length;
    if (n < 2) throw new Error(`LinearNuSVR.fit: need at least 2 samples, got ${n}`);
    if (y.length !== n) throw new Error(`LinearNuSVR.fit: X has ${n} rows but y has ${y.length} values`);
    const p = X[0].length;
    for (let i = 0; i < n; i++) {
      if (X[i].length !== p) throw new Error(`LinearNuSVR.fit: row ${i} of X has ${X[i].length} columns, expected ${p}`);
      for (let j = 0; j < p; j++) {
        if (!Number.isFinite(X[i][j])) throw new Error(`LinearNuSVR.fit: X[${i}][${j}] = ${X[i][j]} is not finite`);
      }
      if (!Number.isFinite(y[i])) throw new Error(`LinearNuSVR.fit: y[${i}] = ${y[i]} is not finite`);
    }
    const SVM = this.libsvm.SVM;
    // libsvm-js's predictOne (not in the shared LibsvmSvm interface) gives f(0) = -rho at full precision
    const model = new SVM({
      type: SVM.SVM_TYPES.NU_SVR,
      kernel: SVM.KERNEL_TYPES.LINEAR,
      nu: this.options.nu,
      cost: this.options.cost,
      tolerance: this.options.tolerance,
      shrinking: this.options.shrinking,
      quiet: true,
    }) as LibsvmSvm & { predictOne(sample: number[]): number };
    try {
      model.train(X, Array.from(y));
      this.supportIndices = model.getSVIndices();
      this.dualCoef = parseDualCoefficients(model.serializeModel(), this.supportIndices.length);
      this.intercept = model.predictOne(new Array<number>(p).fill(0));
    } finally {
      model.free();
    }
    const w = new Array<number>(p).fill(0);
    this.supportIndices.forEach((row, k) => {
      const a = this.dualCoef[k];
      const x = X[row];
      for (let j = 0; j < p; j++) w[j] += a * x[j];
    });
    this.coef = w;
    return this;
  }

  /** f(x) = w'x + b for each row of X. */
  predict(X: number[][]): number[] {
    if (this.coef.length === 0) throw new Error("LinearNuSVR.predict: call fit first");
    return X.map((row, i) => {
      if (row.length !== this.coef.length) {
        throw new Error(`LinearNuSVR.predict: row ${i} has ${row.length} columns, expected ${this.coef.length}`);
      }
      let s = this.intercept;
      for (let j = 0; j < row.length; j++) s += this.coef[j] * row[j];
      return s;
    });
  }
}

/** The first number of each line after "SV" in libsvm's model text: the dual coefficient of that vector. */
function parseDualCoefficients(modelText: string, expected: number): number[] {
  const lines = modelText.split("\n");
  const start = lines.indexOf("SV");
  if (start < 0) throw new Error("LinearNuSVR: libsvm model text has no SV section");
  const coefs: number[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "") continue;
    coefs.push(Number(line.split(" ")[0]));
  }
  if (coefs.length !== expected || coefs.some((c) => !Number.isFinite(c))) {
    throw new Error(`LinearNuSVR: expected ${expected} dual coefficients in libsvm's model, parsed ${coefs.length}`);
  }
  return coefs;
}
