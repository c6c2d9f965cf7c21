/**
 * Linear nu-SVR solved to its optimum by a primal-dual interior-point method (Mehrotra's predictor-corrector),
 * for few features and many samples, as CIBERSORT's problem (547 genes x 22 cell types).
 *
 * It solves libsvm's nu-SVR dual (see nu-svr.ts) over x = [a; a*] in [0, C]^2n:
 *   min 1/2 x'Qx + c'x   s.t.  A x = (0, C n nu),  0 <= x <= C,
 * with c = [-y; y], A = [e' -e'; e' e'] and Q = Z Z', Z = [X; -X] (rank <= p). Each Newton step needs
 * (Q + D)^-1 for a positive diagonal D, which the Sherman-Morrison-Woodbury identity reduces to one p x p
 * solve: (D + Z Z')^-1 = D^-1 - D^-1 Z (I + Z'D^-1 Z)^-1 Z'D^-1, so a step costs O(n p^2) instead of O(n^3).
 * The weights are w = X'(a - a*), as libsvm's. w is unique (the primal objective is strictly convex in w)
 * even where the dual solution is not, and the iterations stop when the complementarity gap, the equality
 * residuals and the stationarity residual are at rounding level, so w is the optimum libsvm approaches as its
 * tolerance goes to 0 (test/models/nu-svr-ipm.test.ts compares with libsvm and e1071 at tolerance 1e-10).
 *
 * Why (measured on bench/cibersort.bench.ts's LM22-shaped problem, libsvm-js with quiet: false): libsvm's SMO
 * changes one pair of dual variables per iteration and needed 1.3 to 2.6 million iterations per fit at nu 0.5
 * and 0.75 (about 0.6 us each), on a kernel of rank 22 with nearly noiseless targets. The time is in those
 * iterations, not in kernel evaluations: libsvm's 100 MB cache holds the whole 547 x 547 matrix, and a
 * precomputed kernel (K = X X' once, same doubles, identical output) saved nothing measurable; tolerance 1e-10
 * cost about as much as 0.001; turning shrinking off was 6 to 15x slower; the wasm build runs at about 1.5x
 * the CPU of R's native e1071. This method takes 15 to 30 steps of O(n p^2).
 *
 * @example
 * const { coef } = solveLinearNuSvr([[1, 2], [2, 1], [3, 5], [4, 3]], [3.1, 2.9, 8.2, 7.1], 0.5);
 */
import { solveGeneral, solveSpd } from "../stats/linear-algebra";

export interface LinearNuSvrSolution {
  /** Primal weights w = sum_i (a_i - a*_i) x_i (the polished ones when the active set was confirmed). */
  coef: number[];
  /** True when the active set of the interior point was confirmed by solving the KKT equations (w exact to rounding). */
  exact: boolean;
  /** Interior-point iterations taken. */
  iterations: number;
}

/** Largest number of Newton steps; the method converges in a few dozen on CIBERSORT's problems. */
const MAX_ITERATIONS = 200;
/** Stopping rule: average complementarity below this (relative to 1 + max |y|). */
const STOP = 1e-13;
/** Largest scaled equality or stationarity residual of an iterate that is kept. */
const RESIDUAL_LIMIT = 1e-8;
/** Largest average complementarity of the last kept iterate when rounding stopped the iterations early. */
const ACCEPT = 1e-9;

/**
 * The optimum of libsvm's linear nu-SVR (cost C) on X (n x p rows) and y, by the interior-point method above.
 * Throws if it has not converged within MAX_ITERATIONS steps.
 */
export function solveLinearNuSvr(X: number[][], y: ArrayLike<number>, nu: number, cost = 1): LinearNuSvrSolution {
  const n = X.length;
  const p = n > 0 ? X[0].length : 0;
  if (!(nu > 0 && nu <= 1)) throw new Error(`solveLinearNuSvr: nu must be in (0, 1], got ${nu}`);
  if (n < 2 || y.length !== n) throw new Error(`solveLinearNuSvr: need at least 2 samples and one y per row (X ${n} rows, y ${y.length})`);
  const m = 2 * n;
  const u = cost;
  const total = cost * n * nu;
  // Z row i is sign_i * X[i mod n] with sign +1 for a, -1 for a*; c = [-y; y]; A rows: sign_i, 1.
  const sign = (i: number) => (i < n ? 1 : -1);
  // X row-major in one typed array: the loops below run over it many times per step.
  const Xf = new Float64Array(n * p);
  X.forEach((r, i) => Xf.set(r, i * p));
  const c = new Float64Array(m);
  for (let i = 0; i < m; i++) c[i] = -sign(i) * y[i < n ? i : i - n];

  // Start: a = a* = C nu / 2 meets both equalities; bound multipliers 1.
  const x = new Float64Array(m).fill(total / m);
  const z = new Float64Array(m).fill(1);
  const s = new Float64Array(m).fill(1);
  const lambda = [0, 0];
  const scale = 1 + Math.max(...Array.from(c, Math.abs));

  const zt = (v: Float64Array) => Array.from(zTransposeTimes(Xf, v, n, p));
  const zAll = (w: ArrayLike<number>) => zTimes(Xf, Float64Array.from(w), n, p);

  /** The last iterate whose residuals were finite and small: rounding grows as mu -> 0 and can break the steps. */
  let accepted: { x: Float64Array; w: number[]; mu: number; iterations: number } | undefined;
  for (let iter = 1; iter <= MAX_ITERATIONS; iter++) {
    const w = zt(x);
    // residuals: rd = Qx + c - A'lambda - z + s; rp = Ax - b
    const rd = zAll(w);
    for (let i = 0; i < m; i++) rd[i] += c[i] - (sign(i) * lambda[0] + lambda[1]) - z[i] + s[i];
    let sumSigned = 0, sumAll = 0, gap = 0;
    for (let i = 0; i < m; i++) {
      sumSigned += sign(i) * x[i];
      sumAll += x[i];
      gap += x[i] * z[i] + (u - x[i]) * s[i];
    }
    const rp = [sumSigned, sumAll - total];
    const mu = gap / (2 * m);
    let rdMax = 0;
    for (let i = 0; i < m; i++) rdMax = Math.max(rdMax, Math.abs(rd[i]));
    const residual = Math.max(rdMax / scale, (Math.abs(rp[0]) + Math.abs(rp[1])) / (total + 1));
    if (!Number.isFinite(residual + mu)) break;
    if (residual < RESIDUAL_LIMIT) {
      accepted = { x: x.slice(), w, mu, iterations: iter - 1 };
      if (mu < STOP * scale) break;
    } else if (accepted) {
      break; // the residuals were small and grew again: rounding, not progress
    }

    // Near the optimum the Newton systems can become singular in floating point (e.g. the 2 x 2 Schur complement
    // when every free variable is on one side of the tube): like growing residuals, that is rounding, and the
    // last accepted iterate is the answer.
    try {
      // D and the Woodbury factor G = I + Z' D^-1 Z
      const dInv = new Float64Array(m);
      for (let i = 0; i < m; i++) dInv[i] = 1 / (z[i] / x[i] + s[i] / (u - x[i]));
      const G = woodburyFactor(Xf, dInv, n, p);
      /** (Q + D)^-1 v. */
      const solveM = (v: Float64Array): Float64Array => {
        const t = new Float64Array(m);
        for (let i = 0; i < m; i++) t[i] = dInv[i] * v[i];
        const zh = zAll(solveSpd(G, zt(t), "solveLinearNuSvr"));
        for (let i = 0; i < m; i++) t[i] -= dInv[i] * zh[i];
        return t;
      };
      const a0 = new Float64Array(m), a1 = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        a0[i] = sign(i);
        a1[i] = 1;
      }
      const mA0 = solveM(a0), mA1 = solveM(a1);
      // Schur complement S = A M^-1 A' (2 x 2)
      const dot = (a: Float64Array, b: Float64Array) => {
        let t = 0;
        for (let i = 0; i < m; i++) t += a[i] * b[i];
        return t;
      };
      const S = [[dot(a0, mA0), dot(a0, mA1)], [dot(a1, mA0), dot(a1, mA1)]];
      /** Newton direction for the right-hand side r of (Q + D) dx - A' dlambda = r, A dx = -rp. */
      const direction = (r: Float64Array) => {
        const mr = solveM(r);
        const dl = solveSpd(S, [-rp[0] - dot(a0, mr), -rp[1] - dot(a1, mr)], "solveLinearNuSvr");
        const dx = new Float64Array(m);
        for (let i = 0; i < m; i++) dx[i] = mr[i] + dl[0] * mA0[i] + dl[1] * mA1[i];
        return { dx, dl };
      };
      /** dz, ds from dx for complementarity targets tz = x z + dz x, ts = (u - x) s + ds (u - x) - s dx. */
      const duals = (dx: Float64Array, tz: Float64Array, ts: Float64Array) => {
        const dz = new Float64Array(m), ds = new Float64Array(m);
        for (let i = 0; i < m; i++) {
          dz[i] = (tz[i] - x[i] * z[i] - z[i] * dx[i]) / x[i];
          ds[i] = (ts[i] - (u - x[i]) * s[i] + s[i] * dx[i]) / (u - x[i]);
        }
        return { dz, ds };
      };
      /** Right-hand side r for complementarity targets tz, ts. */
      const rhs = (tz: Float64Array, ts: Float64Array) => {
        const r = new Float64Array(m);
        for (let i = 0; i < m; i++) r[i] = -rd[i] + (tz[i] - x[i] * z[i]) / x[i] - (ts[i] - (u - x[i]) * s[i]) / (u - x[i]);
        return r;
      };
      /** Longest step in [0, 1] keeping x in (0, u) and z, s > 0. */
      const maxStep = (dx: Float64Array, dz: Float64Array, ds: Float64Array) => {
        let alpha = 1;
        for (let i = 0; i < m; i++) {
          if (dx[i] < 0) alpha = Math.min(alpha, -x[i] / dx[i]);
          if (dx[i] > 0) alpha = Math.min(alpha, (u - x[i]) / dx[i]);
          if (dz[i] < 0) alpha = Math.min(alpha, -z[i] / dz[i]);
          if (ds[i] < 0) alpha = Math.min(alpha, -s[i] / ds[i]);
        }
        return alpha;
      };

      // predictor (affine scaling: complementarity targets 0)
      const zero = new Float64Array(m);
      const aff = direction(rhs(zero, zero));
      const affDuals = duals(aff.dx, zero, zero);
      const alphaAff = maxStep(aff.dx, affDuals.dz, affDuals.ds);
      let gapAff = 0;
      for (let i = 0; i < m; i++) {
        gapAff += (x[i] + alphaAff * aff.dx[i]) * (z[i] + alphaAff * affDuals.dz[i]);
        gapAff += (u - x[i] - alphaAff * aff.dx[i]) * (s[i] + alphaAff * affDuals.ds[i]);
      }
      const sigma = Math.pow(gapAff / gap, 3);
      // corrector: targets sigma mu minus the second-order terms of the predictor
      const tz = new Float64Array(m), ts = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        tz[i] = sigma * mu - aff.dx[i] * affDuals.dz[i];
        ts[i] = sigma * mu + aff.dx[i] * affDuals.ds[i];
      }
      const step = direction(rhs(tz, ts));
      const { dz, ds } = duals(step.dx, tz, ts);
      const alpha = Math.min(1, 0.995 * maxStep(step.dx, dz, ds));
      for (let i = 0; i < m; i++) {
        x[i] += alpha * step.dx[i];
        z[i] += alpha * dz[i];
        s[i] += alpha * ds[i];
      }
      lambda[0] += alpha * step.dl[0];
      lambda[1] += alpha * step.dl[1];
    } catch (err) {
      if (accepted) break;
      throw err;
    }
  }
  if (!accepted || accepted.mu > ACCEPT * scale) {
    throw new Error(`solveLinearNuSvr: no convergence in ${MAX_ITERATIONS} interior-point iterations (nu ${nu}, ${n} samples)`);
  }
  const polished = polish(X, y, accepted.x, nu, cost);
  return { coef: polished ?? accepted.w, iterations: accepted.iterations, exact: polished !== undefined };
}

/** Z'v = X'(v_a - v_a*) for v over both copies of the n rows of X (row-major n x p): the copies taken together. */
function zTransposeTimes(Xf: Float64Array, v: Float64Array, n: number, p: number): Float64Array {
  const out = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const f = v[i] - v[n + i];
    if (f === 0) continue;
    const o = i * p;
    for (let j = 0; j < p; j++) out[j] += f * Xf[o + j];
  }
  return out;
}

/** Z w for both copies of every row: x_i'w, and its negative for the second copy. */
function zTimes(Xf: Float64Array, w: Float64Array, n: number, p: number): Float64Array {
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    let d = 0;
    for (let j = 0; j < p; j++) d += Xf[o + j] * w[j];
    out[i] = d;
    out[n + i] = -d;
  }
  return out;
}

/**
 * The Woodbury factor G = I + Z' D^-1 Z (p x p, as rows): the two copies of row i enter with weight
 * dInv[i] + dInv[n + i] (their signs square to 1).
 */
function woodburyFactor(Xf: Float64Array, dInv: Float64Array, n: number, p: number): number[][] {
  const lower = new Float64Array(p * p);
  for (let i = 0; i < n; i++) {
    const di = dInv[i] + dInv[n + i];
    const o = i * p;
    for (let j = 0; j < p; j++) {
      const f = di * Xf[o + j];
      const g = j * p;
      for (let k = 0; k <= j; k++) lower[g + k] += f * Xf[o + k];
    }
  }
  return Array.from({ length: p }, (_, j) => Array.from({ length: p }, (_, k) => (j === k ? 1 : 0) + lower[j >= k ? j * p + k : k * p + j]));
}

/** Relative distance to a bound under which the interior point's variable is taken to be at that bound. */
const AT_BOUND = 1e-7;

/**
 * The exact optimum from the interior point's active set: with the vectors at 0 and at C fixed, the free ones
 * (0 < beta_i < C, on the tube's edge: y_i - x_i'w - b = s_i eps) and b, eps solve the KKT equations
 *   K_FF beta_F + b 1 + eps s_F = y_F - X_F w0,  1'beta_F = -1'beta_0,  s_F'beta_F = C n nu - |beta_0|_1,
 * with w0 = X_0'beta_0 the fixed vectors' part; w = w0 + X_F'beta_F. Returned only if the solution confirms the
 * active set (free beta strictly inside (0, C) with its sign, fixed vectors on the right side of the tube);
 * otherwise undefined and the interior point's w (near-optimal to ~1e-6) is used.
 */
function polish(X: number[][], y: ArrayLike<number>, ab: Float64Array, nu: number, cost: number): number[] | undefined {
  const n = X.length, p = X[0].length;
  const beta: number[] = [];
  const free: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = ab[i] / cost, as = ab[n + i] / cost;
    if (a > AT_BOUND && as > AT_BOUND) return undefined;
    const v = a > AT_BOUND ? a : -as;
    const at = Math.abs(v) < AT_BOUND ? 0 : Math.abs(v) > 1 - AT_BOUND ? Math.sign(v) : NaN;
    if (Number.isNaN(at)) free.push(i);
    beta.push(Number.isNaN(at) ? Math.sign(v) : at * cost);
  }
  const k = free.length;
  const sF = free.map((i) => beta[i]);
  const w0 = new Array<number>(p).fill(0);
  let fixedSum = 0, fixedAbs = 0;
  for (let i = 0; i < n; i++) {
    if (free.includes(i) || beta[i] === 0) continue;
    fixedSum += beta[i];
    fixedAbs += Math.abs(beta[i]);
    for (let j = 0; j < p; j++) w0[j] += beta[i] * X[i][j];
  }
  const dotRows = (a: number[], b: number[]) => a.reduce((t, v, j) => t + v * b[j], 0);
  // unknowns: beta_F (k), b, eps
  const size = k + 2;
  const M = Array.from({ length: size }, () => new Array<number>(size + 1).fill(0));
  free.forEach((i, r) => {
    free.forEach((j, c) => (M[r][c] = dotRows(X[i], X[j])));
    M[r][k] = 1;
    M[r][k + 1] = sF[r];
    M[r][size] = y[i] - dotRows(X[i], w0);
  });
  free.forEach((_, c) => {
    M[k][c] = 1;
    M[k + 1][c] = sF[c];
  });
  M[k][size] = -fixedSum;
  M[k + 1][size] = cost * n * nu - fixedAbs;
  const solution = solveGeneral(M);
  if (!solution) return undefined;
  const betaF = solution.slice(0, k), b = solution[k], eps = solution[k + 1];
  if (betaF.some((v, r) => !(v * sF[r] > 0 && Math.abs(v) < cost))) return undefined;
  const w = w0.slice();
  free.forEach((i, r) => {
    for (let j = 0; j < p; j++) w[j] += betaF[r] * X[i][j];
  });
  // the fixed vectors must be where their bound says: outside the tube at C, inside it at 0 (to rounding)
  const slack = 1e-9 * (1 + Math.abs(eps));
  for (let i = 0; i < n; i++) {
    if (free.includes(i)) continue;
    const r = y[i] - dotRows(X[i], w) - b;
    if (beta[i] === 0 ? Math.abs(r) > eps + slack : beta[i] * r < eps - slack) return undefined;
  }
  return w;
}
