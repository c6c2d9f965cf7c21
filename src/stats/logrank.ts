/**
 * Log-rank test (R: `survival::survdiff(Surv(time, status) ~ group)`, rho = 0), optionally stratified
 * (R: `survdiff(Surv(time, status) ~ group + strata(s))`).
 *
 * Within a stratum, at each distinct event time t with n_t at risk and d_t events overall, group k has n_kt at risk:
 *   E_k   = sum_t d_t n_kt / n_t
 *   V_jk  = sum_t d_t (n_t - d_t) / (n_t^2 (n_t - 1)) · n_jt (n_t [j = k] - n_kt)
 * Stratified: O, E and V are computed in each stratum s separately (risk sets never mix strata) and summed,
 *   O_k = sum_s O_sk,  E_k = sum_s E_sk,  V = sum_s V_s.
 *   X^2   = (O - E)' V^-1 (O - E) over the groups with E > 0, the first one dropped; df = that count - 1
 *           (groups - 1 when every group has an expected event).
 * Groups are ordered as `levels` (R's factor levels; every group present must be listed) or, without it, sorted.
 *
 * @example
 * logRankTest([6, 7, 10, 15, 19, 25], [1, 0, 1, 1, 0, 1], ["a", "a", "b", "a", "b", "b"]);
 * // { chiSquared, df: 1, pValue, observed: [2, 2], expected: [...], groups: ["a", "b"] }
 * logRankTest(time, status, arm, { levels: ["placebo", "drug"], strata: centre });  // stratified by centre
 */
import { chiSquaredUpperTail } from "./distributions";
import { solveSpd } from "./linear-algebra";
import { groupLevels } from "./kaplan-meier";
import { checkSurvival } from "./survival-input";

export interface LogRankResult<G> {
  chiSquared: number;
  df: number;
  pValue: number;
  observed: number[];
  expected: number[];
  /** Variance-covariance matrix of O - E. */
  variance: number[][];
  /** Group labels in the order of observed / expected. */
  groups: G[];
  n: number[];
  /** Per-stratum O, E, V when `strata` was given (strata sorted); the top-level values are their sums. */
  strata?: LogRankStratum[];
}

export interface LogRankOptions<G> {
  /** Order of the groups (R factor levels); groups present but not listed are an Error. Default: sorted labels. */
  levels?: G[];
  /** Stratum of each observation (R `strata(s)`): risk sets are formed within strata, O, E and V summed over them. */
  strata?: ArrayLike<string | number>;
}

/** One stratum's share of a stratified test (groups in the order of the result's `groups`). */
export interface LogRankStratum {
  stratum: string | number;
  n: number[];
  observed: number[];
  expected: number[];
  variance: number[][];
}

/** O, E and V (and group sizes) over the observations `idx`, which form one set of risk sets. */
function accumulate(time: ArrayLike<number>, status: ArrayLike<number>, gi: number[], G: number, idx: number[]) {
  const order = [...idx].sort((a, b) => time[a] - time[b]);
  const atRisk = new Array<number>(G).fill(0);
  for (const i of idx) atRisk[gi[i]]++;
  const n = [...atRisk];
  const observed = new Array<number>(G).fill(0);
  const expected = new Array<number>(G).fill(0);
  const variance = Array.from({ length: G }, () => new Array<number>(G).fill(0));
  let k = 0;
  while (k < order.length) {
    const t = time[order[k]];
    const deaths = new Array<number>(G).fill(0);
    const leaving = new Array<number>(G).fill(0);
    while (k < order.length && time[order[k]] === t) {
      const g = gi[order[k]];
      leaving[g]++;
      if (status[order[k]] === 1) deaths[g]++;
      k++;
    }
    const d = deaths.reduce((a, v) => a + v, 0);
    const nt = atRisk.reduce((a, v) => a + v, 0);
    if (d > 0) {
      for (let j = 0; j < G; j++) {
        observed[j] += deaths[j];
        expected[j] += (d * atRisk[j]) / nt;
      }
      if (nt > 1) {
        const factor = (d * (nt - d)) / (nt * nt * (nt - 1));
        for (let j = 0; j < G; j++) {
          for (let l = 0; l < G; l++) variance[j][l] += factor * atRisk[j] * ((j === l ? nt : 0) - atRisk[l]);
        }
      }
    }
    for (let j = 0; j < G; j++) atRisk[j] -= leaving[j];
  }
  return { n, observed, expected, variance };
}

export function logRankTest<G extends string | number>(
  time: ArrayLike<number>,
  status: ArrayLike<number>,
  group: ArrayLike<G>,
  options: LogRankOptions<G> = {},
): LogRankResult<G> {
  checkSurvival("logRankTest", time, status);
  if (group.length !== time.length) throw new Error(`logRankTest: ${group.length} group labels but ${time.length} times`);
  const groups = groupLevels("logRankTest", group, options.levels);
  const index = new Map<G, number>(groups.map((g, i) => [g, i]));
  const gi = Array.from(group, (g) => index.get(g)!);
  const G = groups.length;
  if (G < 2) throw new Error(`logRankTest: need at least 2 groups, got ${G}`);
  const all = Array.from({ length: time.length }, (_, i) => i);

  let total: ReturnType<typeof accumulate>;
  let byStratum: LogRankStratum[] | undefined;
  const strata = options.strata;
  if (strata === undefined) {
    total = accumulate(time, status, gi, G, all);
  } else {
    if (strata.length !== time.length) throw new Error(`logRankTest: ${strata.length} strata labels but ${time.length} times`);
    const members = new Map<string | number, number[]>();
    for (let i = 0; i < strata.length; i++) {
      const s = strata[i];
      if ((typeof s !== "string" && typeof s !== "number") || Number.isNaN(s)) {
        throw new Error(`logRankTest: stratum ${String(s)} at index ${i} is not a label`);
      }
      const list = members.get(s);
      if (list) list.push(i);
      else members.set(s, [i]);
    }
    const labels = [...members.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    byStratum = labels.map((stratum) => ({ stratum, ...accumulate(time, status, gi, G, members.get(stratum)!) }));
    total = {
      n: new Array<number>(G).fill(0),
      observed: new Array<number>(G).fill(0),
      expected: new Array<number>(G).fill(0),
      variance: Array.from({ length: G }, () => new Array<number>(G).fill(0)),
    };
    for (const part of byStratum) {
      for (let j = 0; j < G; j++) {
        total.n[j] += part.n[j];
        total.observed[j] += part.observed[j];
        total.expected[j] += part.expected[j];
        for (let l = 0; l < G; l++) total.variance[j][l] += part.variance[j][l];
      }
    }
  }
  const { n, observed, expected, variance } = total;
  if (observed.every((o) => o === 0)) throw new Error("logRankTest: no events (all observations censored); the test is undefined");
  const used = groups.map((_, j) => j).filter((j) => expected[j] > 0);
  const df = used.length - 1;
  let chiSquared = 0;
  if (df >= 1) {
    const keep = used.slice(1);
    const diff = keep.map((j) => observed[j] - expected[j]);
    const v = keep.map((j) => keep.map((l) => variance[j][l]));
    const solved = solveSpd(v, diff, "logRankTest variance");
    chiSquared = solved.reduce((a, s, i) => a + s * diff[i], 0);
  }
  const result: LogRankResult<G> = { chiSquared, df, pValue: df >= 1 ? chiSquaredUpperTail(chiSquared, df) : NaN, observed, expected, variance, groups, n };
  if (byStratum) result.strata = byStratum;
  return result;
}
