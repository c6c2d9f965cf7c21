/**
 * Multiple-testing adjustments of p-values with the semantics of R's `p.adjust`: NaN entries stay NaN and do not
 * count in n (R's NA handling, n = number of non-missing p-values), results never exceed 1, tied p-values get equal
 * adjusted values. Throughout, p_(1) <= … <= p_(n) are the non-missing p-values sorted increasingly.
 */

/** The `p.adjust` methods available through {@link pAdjust} (R's "none" and its alias "fdr" are not). */
export const P_ADJUST_METHODS = ["holm", "hochberg", "hommel", "bonferroni", "BH", "BY"] as const;
export type PAdjustMethod = (typeof P_ADJUST_METHODS)[number];

/** Adjusts the increasingly sorted non-missing p-values; returns the adjusted values in the same order. */
type SortedAdjuster = (sorted: number[]) => number[];

/** Bonferroni: q_(i) = min(1, n · p_(i)). */
const bonferroni: SortedAdjuster = (sorted) => sorted.map((v) => Math.min(1, sorted.length * v));

/** Holm (step-down): q_(i) = min(1, max_{j <= i} (n + 1 − j) · p_(j)). */
const holm: SortedAdjuster = (sorted) => {
  const n = sorted.length;
  let running = 0;
  return sorted.map((v, k) => {
    running = Math.max(running, (n - k) * v);
    return Math.min(1, running);
  });
};

/** Step-up adjustment q_(i) = min(1, min_{j >= i} w(j, n) · p_(j)), with j the 1-based rank. */
function stepUp(sorted: number[], weight: (j: number, n: number) => number): number[] {
  const n = sorted.length;
  const out = new Array<number>(n);
  let running = Infinity;
  for (let k = n - 1; k >= 0; k--) {
    running = Math.min(running, weight(k + 1, n) * sorted[k]);
    out[k] = Math.min(1, running);
  }
  return out;
}

/** Hochberg (step-up): q_(i) = min(1, min_{j >= i} (n + 1 − j) · p_(j)). */
const hochberg: SortedAdjuster = (sorted) => stepUp(sorted, (j, n) => n + 1 - j);

/** Benjamini-Hochberg: q_(i) = min(1, min_{j >= i} n / j · p_(j)). */
const bh: SortedAdjuster = (sorted) => stepUp(sorted, (j, n) => n / j);

/** Benjamini-Yekutieli: q_(i) = min(1, min_{j >= i} c(n) · n / j · p_(j)), with c(n) = Σ_{k=1..n} 1/k. */
const by: SortedAdjuster = (sorted) => {
  let c = 0;
  for (let k = 1; k <= sorted.length; k++) c += 1 / k;
  return stepUp(sorted, (j, n) => (c * n) / j);
};

/**
 * Hommel (closed testing with Simes tests): q_(i) = max_{m=1..n} S_m(i), where S_m(i) is the Simes p-value of the
 * worst set of m hypotheses containing H_(i) — H_(i) with the m − 1 largest p-values, or the m largest if H_(i) is
 * among them:
 *   S_m(i) = min( m · p_(min(i, n−m+1)), min_{k=2..m} m · p_(n−m+k) / k ).
 * S_1(i) = p_(i) and every S_m(i) <= p_(n), so q_(i) lies in [p_(i), p_(n)]. For n = 2 this equals Hochberg.
 */
const hommel: SortedAdjuster = (sorted) => {
  const n = sorted.length;
  const out = sorted.slice();
  for (let m = 2; m <= n; m++) {
    let largest = Infinity;
    for (let k = 2; k <= m; k++) largest = Math.min(largest, (m * sorted[n - m + k - 1]) / k);
    for (let i = 0; i < n; i++) out[i] = Math.max(out[i], Math.min(m * sorted[Math.min(i, n - m)], largest));
  }
  return out;
};

const ADJUSTERS: Record<PAdjustMethod, SortedAdjuster> = { holm, hochberg, hommel, bonferroni, BH: bh, BY: by };

/**
 * Sorts the non-missing p-values, adjusts them and puts the results back at their positions (NaN elsewhere).
 * Throws, naming `caller`, for a value outside [0, 1].
 */
function adjustObserved(p: ArrayLike<number>, adjust: SortedAdjuster, caller: string): number[] {
  const idx: number[] = [];
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (Number.isNaN(v)) continue;
    if (!(v >= 0 && v <= 1)) throw new Error(`${caller}: p[${i}] = ${v} is not a probability`);
    idx.push(i);
  }
  idx.sort((a, b) => p[a] - p[b] || a - b);
  const adjusted = adjust(idx.map((i) => p[i]));
  const out = new Array<number>(p.length).fill(NaN);
  idx.forEach((i, k) => (out[i] = adjusted[k]));
  return out;
}

/**
 * Benjamini-Hochberg false-discovery-rate adjustment (R: `p.adjust(p, "BH")`).
 *
 * With the m non-missing p-values sorted decreasingly, p_(i) (rank i in increasing order) becomes
 *   q_(i) = min(1, min_{j >= i} m / j · p_(j)).
 * NaN entries stay NaN and do not count in m, as R treats NA.
 *
 * @example
 * benjaminiHochberg([0.01, 0.04, 0.03, NaN]); // [0.03, 0.04, 0.04, NaN]
 */
export function benjaminiHochberg(p: ArrayLike<number>): number[] {
  return adjustObserved(p, bh, "benjaminiHochberg");
}

/**
 * R's `p.adjust(p, method)` for the methods in {@link P_ADJUST_METHODS}; see each method's formula above, with n the
 * number of non-missing p-values. NaN entries stay NaN. The method is checked at run time, so a name read from a file
 * may be passed after a cast; an unknown name or a p-value outside [0, 1] throws.
 *
 * @example
 * pAdjust([0.01, 0.04, 0.03, NaN], "holm");       // [0.03, 0.06, 0.06, NaN]
 * pAdjust([0.01, 0.04, 0.03, NaN], "bonferroni"); // [0.03, 0.12, 0.09, NaN]
 */
export function pAdjust(p: ArrayLike<number>, method: PAdjustMethod): number[] {
  if (!(P_ADJUST_METHODS as readonly string[]).includes(method)) {
    throw new Error(`pAdjust: unknown method "${method}"; allowed: ${P_ADJUST_METHODS.join(", ")}`);
  }
  return adjustObserved(p, ADJUSTERS[method], "pAdjust");
}
