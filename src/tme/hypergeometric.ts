/**
 * Hypergeometric probabilities accurate in the far tails, as R's dhyper/phyper, for over-representation
 * p-values down to ~1e-300 (1 - cdf would lose every digit below ~1e-16).
 *
 * Density (Loader 2000, "Fast and accurate computation of binomial probabilities"):
 *   dhyper(x; r white, b black, n drawn) = dbinom(x; r, p) · dbinom(n - x; b, p) / dbinom(n; r + b, p),
 *   p = n / (r + b), each binomial term computed from Stirling's-series errors and the deviance
 *   bd0(x, np) = x log(x / np) + np - x, avoiding the cancellation of log-factorials.
 * Tail: the smaller tail is summed as dhyper(x) · (1 + sum_j prod ratios) with the ratio
 *   P(X = x - 1) / P(X = x) = x (b - n + x) / ((n + 1 - x)(r + 1 - x)),
 * and the other tail is 1 minus it (R's pdhyper).
 *
 * @example
 * hypergeometricUpperTail(5, 40, 960, 50); // P(X >= 5) = R's phyper(4, 40, 960, 50, lower.tail = FALSE)
 */

const LN_SQRT_2PI = 0.918938533204672741780329736406; // log(sqrt(2 pi))
const LN_2PI = 1.837877066409345483560659472811;

/** log(n!) - log(sqrt(2 pi n) (n / e)^n) for integer n >= 0. */
function stirlingError(n: number): number {
  if (n === 0) return 0;
  if (n <= 15) {
    let fact = 1;
    for (let i = 2; i <= n; i++) fact *= i; // exact: 15! < 2^53
    return Math.log(fact) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
  }
  const S0 = 1 / 12, S1 = 1 / 360, S2 = 1 / 1260, S3 = 1 / 1680, S4 = 1 / 1188;
  const nn = n * n;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/** Deviance term x log(x / np) + np - x, by a series when x is close to np. */
function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
    return s;
  }
  return x * Math.log(x / np) + np - x;
}

/** Binomial density of x successes in n trials, success probability p (q = 1 - p given separately). */
function binomialDensity(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 1 : 0;
  if (q === 0) return x === n ? 1 : 0;
  if (x === 0) {
    if (n === 0) return 1;
    return Math.exp(p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q));
  }
  if (x === n) return Math.exp(q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p));
  if (x < 0 || x > n) return 0;
  const lc = stirlingError(n) - stirlingError(x) - stirlingError(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return Math.exp(lc - 0.5 * lf);
}

function checkCounts(x: number, r: number, b: number, n: number, what: string): void {
  for (const [name, v] of [["x", x], ["white", r], ["black", b], ["drawn", n]] as [string, number][]) {
    if (!Number.isInteger(v)) throw new Error(`${what}: ${name} must be an integer, got ${v}`);
  }
  if (r < 0 || b < 0 || n < 0 || n > r + b) throw new Error(`${what}: invalid urn (white ${r}, black ${b}, drawn ${n})`);
}

/** P(X = x) drawing n balls without replacement from r white and b black (R: dhyper(x, r, b, n)). */
export function hypergeometricDensity(x: number, r: number, b: number, n: number): number {
  checkCounts(x, r, b, n, "hypergeometricDensity");
  if (x < 0 || x > r || n - x < 0 || n - x > b) return 0;
  if (n === 0) return x === 0 ? 1 : 0;
  const p = n / (r + b);
  const q = (r + b - n) / (r + b);
  return (binomialDensity(x, r, p, q) * binomialDensity(n - x, b, p, q)) / binomialDensity(n, r + b, p, q);
}

/** P(X <= x) / P(X = x) = 1 + sum over j < x of P(X = j) / P(X = x). */
function lowerTailRatioSum(x: number, r: number, b: number, n: number): number {
  let sum = 0;
  let term = 1;
  let j = x;
  while (j > 0 && term >= Number.EPSILON * sum) {
    term *= (j * (b - n + j)) / (n + 1 - j) / (r + 1 - j);
    sum += term;
    j--;
  }
  return 1 + sum;
}

/**
 * P(X >= k) for X hypergeometric with `white` successes among `white + black`, `drawn` draws
 * (R: phyper(k - 1, white, black, drawn, lower.tail = FALSE)).
 */
export function hypergeometricUpperTail(k: number, white: number, black: number, drawn: number): number {
  checkCounts(k, white, black, drawn, "hypergeometricUpperTail");
  let x = k - 1;
  let r = white, b = black;
  let lower = false;
  // sum whichever tail holds fewer terms and is the smaller probability
  if (x * (r + b) > drawn * r) {
    [r, b] = [b, r];
    x = drawn - x - 1;
    lower = true;
  }
  if (x < 0) return lower ? 0 : 1;
  if (x >= r || x >= drawn) return lower ? 1 : 0;
  const tail = hypergeometricDensity(x, r, b, drawn) * lowerTailRatioSum(x, r, b, drawn);
  return lower ? tail : 0.5 - tail + 0.5;
}
