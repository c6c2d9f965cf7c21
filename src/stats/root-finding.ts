/**
 * Brent's root finder (inverse quadratic interpolation safeguarded by bisection; Brent 1973, "zeroin"),
 * with the stopping rule R's `uniroot` uses: stop when half the bracket is within
 * 2 · eps · |b| + tol / 2, tol defaulting to eps^0.25 as in R. Following R's step rules makes results agree
 * with R's to far better than the tolerance.
 *
 * @example
 * brentRoot((x) => x * x - 2, 0, 2, { tol: 1e-12 }); // 1.41421356237...
 */
export function brentRoot(
  f: (x: number) => number,
  lower: number,
  upper: number,
  options: { tol?: number; maxIter?: number } = {},
): number {
  const tol = options.tol ?? Math.pow(Number.EPSILON, 0.25);
  const maxIter = options.maxIter ?? 1000;
  let a = lower, b = upper;
  let fa = f(a), fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (fa * fb > 0) throw new Error(`brentRoot: f(${lower}) = ${fa} and f(${upper}) = ${fb} have the same sign`);
  let c = a, fc = fa;
  for (let iter = 0; iter <= maxIter; iter++) {
    const previousStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b; b = c; c = a;
      fa = fb; fb = fc; fc = fa;
    }
    const tolAct = 2 * Number.EPSILON * Math.abs(b) + tol / 2;
    let step = (c - b) / 2;
    if (Math.abs(step) <= tolAct || fb === 0) return b;
    if (Math.abs(previousStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      const cb = c - b;
      let p: number, q: number;
      if (a === c) {
        const t1 = fb / fa;
        p = cb * t1;
        q = 1 - t1;
      } else {
        const qa = fa / fc, t1 = fb / fc, t2 = fb / fa;
        p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1));
        q = (qa - 1) * (t1 - 1) * (t2 - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((previousStep * q) / 2)) step = p / q;
    }
    if (Math.abs(step) < tolAct) step = step > 0 ? tolAct : -tolAct;
    a = b; fa = fb;
    b += step;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a; fc = fa;
    }
  }
  throw new Error(`brentRoot: no convergence in ${maxIter} iterations`);
}
