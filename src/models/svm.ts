/**
 * C-classification support vector machine with an RBF kernel and Platt probabilities, as R's e1071::svm
 * fits it (same libsvm solver via libsvm-js, e1071's defaults: cost 1, gamma 1/p, scale = TRUE), for
 * labels 0/1.
 *
 * The fitted model is kept as plain numbers (scaled support vectors, coefficients, rho, Platt's A and B),
 * and predictions are computed from them, so a model saved with toJSON() predicts identically with no libsvm.
 */
import { checkBinaryLabels, checkMatrix, type Matrix } from "./matrix";
import { loadLibsvm } from "./libsvm";

export interface SvmOptions {
  /** C, the cost of constraint violation. Default 1. */
  cost?: number;
  /** RBF kernel width: K(u, v) = exp(-gamma · |u - v|²). Default 1 / (number of columns). */
  gamma?: number;
  /** Standardise each column with the training mean and sd (n - 1), as e1071's scale = TRUE. Default true. */
  scale?: boolean;
  /** Fit Platt's sigmoid (5-fold cross-validated decision values) for predictProbability. Default true. */
  probability?: boolean;
  /** Seed of libsvm's random 5-fold split for Platt scaling. Default 1. */
  seed?: number;
}

/** A fitted SvmClassifier as JSON (all it needs to predict). */
export interface SvmModelJson {
  kind: "SvmClassifier";
  cost: number;
  gamma: number;
  /** libsvm's label order: a positive libsvm decision value favours labels[0]. */
  labels: [number, number];
  /** Column centres and sds applied before the kernel, or null when the data were not scaled. */
  center: number[] | null;
  scale: number[] | null;
  /** Support vectors (in the scaled space) and their coefficients y_i·alpha_i, in libsvm's model order. */
  supportVectors: number[][];
  coefficients: number[];
  rho: number;
  /** Platt's sigmoid P(labels[0]) = 1 / (1 + exp(A·f + B)); null without probability. */
  probA: number | null;
  probB: number | null;
}

/** libsvm's bounds on Platt probabilities (min_prob = 1e-7), which e1071 reports. */
const MIN_PROB = 1e-7;

/**
 * RBF C-SVM for labels 0/1.
 *
 * - `decisionValues(X)`: f(x) = s · (Σ_i coef_i · exp(-gamma · |z(x) - sv_i|²) - rho), z = scaled x,
 *   s = +1 if libsvm's first label is 1 else -1, so larger values always mean class 1
 *   (e1071's decision.values times -1 when its column is "0/1").
 * - `predictProbability(X)`: P(class 1) from Platt's sigmoid on libsvm's decision value g,
 *   clip(1 / (1 + exp(A·g + B)), 1e-7, 1 - 1e-7) for libsvm's first label (as libsvm and e1071).
 *
 * @example
 * const svm = await new SvmClassifier({ seed: 1 }).fit(Xtrain, yTrain);
 * const p = svm.predictProbability(Xtest);
 * const saved = JSON.stringify(svm.toJSON());
 * SvmClassifier.fromJSON(JSON.parse(saved)).predictProbability(Xtest); // identical to p
 */
export class SvmClassifier {
  readonly cost: number;
  readonly gammaOption: number | undefined;
  readonly scaleOption: boolean;
  readonly probability: boolean;
  readonly seed: number;
  /** Set when scale = true could not be applied (a constant column), as e1071 warns and fits unscaled. */
  warning: string | null = null;
  private model: SvmModelJson | null = null;
  /** Support vectors packed row by row for prediction (built on first use). */
  private flatSupportVectors: Float64Array | null = null;

  constructor(options: SvmOptions = {}) {
    const { cost = 1, gamma, scale = true, probability = true, seed = 1 } = options;
    if (!(cost > 0) || !Number.isFinite(cost)) throw new Error(`SvmClassifier: cost must be a positive number, got ${cost}`);
    if (gamma !== undefined && (!(gamma > 0) || !Number.isFinite(gamma))) throw new Error(`SvmClassifier: gamma must be a positive number, got ${gamma}`);
    if (!Number.isFinite(seed)) throw new Error(`SvmClassifier: seed must be a finite number, got ${seed}`);
    this.cost = cost;
    this.gammaOption = gamma;
    this.scaleOption = scale;
    this.probability = probability;
    this.seed = seed;
  }

  /** Trains on rows X (n x p) and labels y in {0, 1}. */
  async fit(X: Matrix, y: ArrayLike<number>): Promise<this> {
    const what = "SvmClassifier.fit";
    const { n, p } = checkMatrix(X, what);
    const labels = checkBinaryLabels(y, n, what);
    if (this.probability && n < 5) throw new Error(`${what}: Platt probabilities use 5-fold cross-validation and need at least 5 rows, got ${n}`);
    const gamma = this.gammaOption ?? 1 / p;

    let center: number[] | null = null, sd: number[] | null = null;
    this.warning = null;
    if (this.scaleOption) {
      const stats = columnMeanSd(X, n, p);
      const constant = stats.sd.map((s, j) => (s > 0 ? -1 : j)).filter((j) => j >= 0);
      if (constant.length) {
        this.warning = `column(s) ${constant.join(", ")} constant: cannot scale data, fitted unscaled (as e1071)`;
      } else {
        center = stats.mean;
        sd = stats.sd;
      }
    }
    const Z = X.map((row) => standardise(row, center, sd));

    const libsvm = await loadLibsvm();
    const { SVM } = libsvm;
    const svm = new SVM({
      type: SVM.SVM_TYPES.C_SVC,
      kernel: SVM.KERNEL_TYPES.RBF,
      cost: this.cost,
      gamma,
      probabilityEstimates: this.probability,
      quiet: true,
    });
    try {
      libsvm.seedRand(this.seed);
      svm.train(Z, Array.from(labels));
      const fitted = libsvm.readBinaryModel(svm);
      this.flatSupportVectors = null;
      this.model = {
        kind: "SvmClassifier",
        cost: this.cost,
        gamma,
        labels: fitted.labels,
        center,
        scale: sd,
        supportVectors: fitted.svIndices.map((i) => Array.from(Z[i])),
        coefficients: fitted.coefficients,
        rho: fitted.rho,
        probA: this.probability ? fitted.probA : null,
        probB: this.probability ? fitted.probB : null,
      };
    } finally {
      svm.free();
    }
    return this;
  }

  /** Decision values oriented so that larger means class 1 (see the class comment). */
  decisionValues(X: Matrix): number[] {
    const m = this.fitted("decisionValues");
    const sign = m.labels[0] === 1 ? 1 : -1;
    return this.libsvmDecisionValues(X, "decisionValues").map((g) => sign * g);
  }

  /** P(class 1) for each row of X from Platt's sigmoid, clipped to [1e-7, 1 - 1e-7]. */
  predictProbability(X: Matrix): number[] {
    const m = this.fitted("predictProbability");
    if (m.probA === null || m.probB === null) throw new Error("SvmClassifier.predictProbability: the model was fitted with probability = false");
    const A = m.probA, B = m.probB;
    return this.libsvmDecisionValues(X, "predictProbability").map((g) => {
      const pFirst = Math.min(Math.max(plattSigmoid(g, A, B), MIN_PROB), 1 - MIN_PROB);
      return m.labels[0] === 1 ? pFirst : 1 - pFirst;
    });
  }

  /** Predicted class (0/1) by the sign of the decision value, as libsvm. */
  predict(X: Matrix): number[] {
    const m = this.fitted("predict");
    return this.libsvmDecisionValues(X, "predict").map((g) => (g > 0 ? m.labels[0] : m.labels[1]));
  }

  /** The fitted model as JSON-safe numbers. */
  toJSON(): SvmModelJson {
    const m = this.fitted("toJSON");
    return { ...m, labels: [...m.labels], center: m.center && [...m.center], scale: m.scale && [...m.scale], supportVectors: m.supportVectors.map((v) => Array.from(v)), coefficients: [...m.coefficients] };
  }

  /** A classifier that predicts from a saved model (e.g. one exported from e1071), without libsvm. */
  static fromJSON(json: SvmModelJson): SvmClassifier {
    const what = "SvmClassifier.fromJSON";
    if (!json || json.kind !== "SvmClassifier") throw new Error(`${what}: not an SvmClassifier model (kind ${json && json.kind})`);
    const p = json.supportVectors[0]?.length;
    if (!p) throw new Error(`${what}: the model has no support vectors`);
    if (json.coefficients.length !== json.supportVectors.length) {
      throw new Error(`${what}: ${json.coefficients.length} coefficients for ${json.supportVectors.length} support vectors`);
    }
    if ((json.center === null) !== (json.scale === null) || (json.center && (json.center.length !== p || json.scale!.length !== p))) {
      throw new Error(`${what}: center and scale must both be null or both have ${p} entries`);
    }
    checkMatrix(json.supportVectors, `${what} (support vectors)`, p);
    const svm = new SvmClassifier({ cost: json.cost, gamma: json.gamma, scale: json.center !== null, probability: json.probA !== null });
    svm.model = json;
    return svm;
  }

  private fitted(method: string): SvmModelJson {
    if (!this.model) throw new Error(`SvmClassifier.${method}: call fit() first`);
    return this.model;
  }

  /** libsvm's decision value g(x) = Σ_i coef_i K(z, sv_i) - rho (positive favours labels[0]). */
  private libsvmDecisionValues(X: Matrix, method: string): number[] {
    const m = this.fitted(method);
    const nSv = m.supportVectors.length;
    const p = m.supportVectors[0].length;
    const { n } = checkMatrix(X, `SvmClassifier.${method}`, p);
    if (!this.flatSupportVectors) {
      const flat = new Float64Array(nSv * p);
      m.supportVectors.forEach((sv, k) => flat.set(sv, k * p));
      this.flatSupportVectors = flat;
    }
    const svs = this.flatSupportVectors;
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const z = standardise(X[i], m.center, m.scale);
      let sum = 0;
      for (let k = 0; k < nSv; k++) {
        // Σ_j (z_j - sv_j)² in column order, as libsvm's k_function, so results agree to rounding.
        let d2 = 0;
        for (let j = 0, o = k * p; j < p; j++, o++) {
          const d = z[j] - svs[o];
          d2 += d * d;
        }
        sum += m.coefficients[k] * Math.exp(-m.gamma * d2);
      }
      out[i] = sum - m.rho;
    }
    return out;
  }
}

/** Platt's sigmoid 1 / (1 + exp(A·f + B)) in libsvm's overflow-safe form. */
function plattSigmoid(f: number, A: number, B: number): number {
  const fApB = f * A + B;
  return fApB >= 0 ? Math.exp(-fApB) / (1 + Math.exp(-fApB)) : 1 / (1 + Math.exp(fApB));
}

/** Column means and sample sds (n - 1), as R's scale(). */
function columnMeanSd(X: Matrix, n: number, p: number): { mean: number[]; sd: number[] } {
  const mean = new Array<number>(p).fill(0);
  const sd = new Array<number>(p).fill(0);
  for (const row of X) for (let j = 0; j < p; j++) mean[j] += row[j];
  for (let j = 0; j < p; j++) mean[j] /= n;
  for (const row of X) {
    for (let j = 0; j < p; j++) {
      const d = row[j] - mean[j];
      sd[j] += d * d;
    }
  }
  for (let j = 0; j < p; j++) sd[j] = n > 1 ? Math.sqrt(sd[j] / (n - 1)) : 0;
  return { mean, sd };
}

function standardise(row: ArrayLike<number>, center: number[] | null, scale: number[] | null): Float64Array {
  const out = new Float64Array(row.length);
  for (let j = 0; j < row.length; j++) out[j] = center && scale ? (row[j] - center[j]) / scale[j] : row[j];
  return out;
}
