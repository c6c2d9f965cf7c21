/**
 * Log-rank test (R: `survival::survdiff(Surv(time, status) ~ group)`, rho = 0).
 *
 * At each distinct event time t with n_t at risk and d_t events overall, group k has n_kt at risk:
 *   E_k   = sum_t d_t n_kt / n_t
 *   V_jk  = sum_t d_t (n_t - d_t) / (n_t^2 (n_t - 1)) · n_jt (n_t [j = k] - n_kt)
 *   X^2   = (O - E)' V^-1 (O - E) over the groups with E > 0, the first one dropped; df = that count - 1.
 *
 * @example
 * logRankTest([6, 7, 10, 15, 19, 25], [1, 0, 1, 1, 0, 1], ["a", "a", "b", "a", "b", "b"]);
 * // { chiSquared, df: 1, pValue, observed: [2, 2], expected: [...], groups: ["a", "b"] }
 */
import { chiSquaredUpperTail } from "./distributions";
import { solveSpd } from "./linear-algebra";
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
}

export function logRankTest<G extends string | number>(
  time: ArrayLike<number>,
  status: ArrayLike<number>,
  group: ArrayLike<G>,
  options: { levels?: G[] } = {},
): LogRankResult<G> {
  checkSurvival("logRankTest", time, status);
  if (group.length !== time.length) throw new Error(`logRankTest: ${group.length} group labels but ${time.length} times`);
  const groups = options.levels ?? [...new Set(Array.from(group))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map<G, number>(groups.map((g, i) => [g, i]));
  const gi = Array.from(group, (g, i) => {
    const k = index.get(g);
    if (k === undefined) throw new Error(`logRankTest: group ${String(g)} at index ${i} is not among the levels`);
    return k;
  });
  const G = groups.length;
  if (G < 2) throw new Error(`logRankTest: need at least 2 groups, got ${G}`);
  const order = Array.from({ length: time.length }, (_, i) => i).sort((a, b) => time[a] - time[b]);
  const atRisk = new Array<number>(G).fill(0);
  gi.forEach((k) => atRisk[k]++);
  const n = [...atRisk];
  const observed = new Array<number>(G).fill(0);
  const expected = new Array<number>(G).fill(0);
  const variance = groups.map(() => new Array<number>(G).fill(0));
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
  return { chiSquared, df, pValue: df >= 1 ? chiSquaredUpperTail(chiSquared, df) : NaN, observed, expected, variance, groups, n };
}
