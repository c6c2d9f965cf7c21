/**
 * Null distribution of Spearman's S = sum_i (i - pi_i)^2 over the n! equally likely rank permutations,
 * as R's `cor.test(method = "spearman")` evaluates it (Best & Roberts 1975, Algorithm AS 89, in R's revision):
 *
 * - n <= 9: exact, counting permutations with S >= s;
 * - n > 9: Edgeworth series, with x = (6 (s - 1) / (n (n^2 - 1)) - 1) sqrt(n - 1) and
 *   P(S >= s) = Phi_upper(x) + u(x) exp(-x^2/2) (AS 89 coefficients), clamped to [0, 1].
 *
 * `s` is R's `round(q) + 2 · lowerTail` argument; the upper tail is P(S >= s), the lower tail P(S < s).
 *
 * @example
 * spearmanTail(36 + 0, 10, false); // pRho(36, 10, FALSE): P(S >= 36) for n = 10
 */
import { normalLowerTail, normalUpperTail } from "./distributions";

const EXACT_MAX_N = 9;
const exactCounts = new Map<number, Float64Array>();

/** counts[s] = number of permutations of 1..n with sum (i - pi_i)^2 = s. */
function permutationCounts(n: number): Float64Array {
  const cached = exactCounts.get(n);
  if (cached) return cached;
  const maxS = (n * (n * n - 1)) / 3;
  const counts = new Float64Array(maxS + 1);
  const perm = Array.from({ length: n }, (_, i) => i);
  const used = new Array<boolean>(n).fill(false);
  // Depth-first placement of values; the partial sum is carried so every permutation costs O(1) at its leaf.
  const place = (pos: number, partial: number): void => {
    if (pos === n) {
      counts[partial]++;
      return;
    }
    for (let v = 0; v < n; v++) {
      if (used[v]) continue;
      used[v] = true;
      perm[pos] = v;
      place(pos + 1, partial + (pos - v) * (pos - v));
      used[v] = false;
    }
  };
  place(0, 0);
  exactCounts.set(n, counts);
  return counts;
}

const C = [0.2274, 0.2531, 0.1745, 0.0758, 0.1033, 0.3932, 0.0879, 0.0151, 0.0072, 0.0831, 0.0131, 4.6e-4];

export function spearmanTail(s: number, n: number, lowerTail: boolean): number {
  if (n <= 1) throw new Error(`spearmanTail: need n >= 2, got ${n}`);
  if (s <= 0) return lowerTail ? 0 : 1;
  const maxS = (n * (n * n - 1)) / 3;
  if (s > maxS) return lowerTail ? 1 : 0;
  if (n <= EXACT_MAX_N) {
    const counts = permutationCounts(n);
    let factorial = 1;
    for (let i = 2; i <= n; i++) factorial *= i;
    let atLeast = 0;
    for (let k = Math.ceil(s); k <= maxS; k++) atLeast += counts[k];
    return (lowerTail ? factorial - atLeast : atLeast) / factorial;
  }
  const b = 1 / n;
  const x = ((6 * (s - 1) * b) / (n * n - 1) - 1) * Math.sqrt(n - 1);
  const y = x * x;
  const u =
    x * b *
    (C[0] + b * (C[1] + C[2] * b) +
      y * (-C[3] + b * (C[4] + C[5] * b) -
        y * b * (C[6] + C[7] * b - y * (C[8] - C[9] * b + y * b * (C[10] - C[11] * y)))));
  const correction = u / Math.exp(y / 2);
  const p = lowerTail ? -correction + normalLowerTail(x) : correction + normalUpperTail(x);
  return Math.min(1, Math.max(0, p));
}
