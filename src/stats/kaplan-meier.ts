/**
 * Kaplan-Meier estimator as R's `survival::survfit(Surv(time, status) ~ 1)` (conf.type "log", 95 %).
 *
 * At each distinct time t_j (event or censoring) with n_j at risk and d_j events:
 *   S(t_j)   = prod_{i <= j} (1 - d_i / n_i)
 *   se_j     = sqrt( sum_{i <= j} d_i / (n_i (n_i - d_i)) )      (Greenwood; standard error of log S, survfit's `std.err`)
 *   CI       = [S exp(-z se), min(1, S exp(z se))], z = qnorm(0.975); NaN where S = 0 (R: NA)
 * Median (and its CI): the first time the curve (the lower / upper CI curve) is <= 0.5; if it equals 0.5
 * (within sqrt(eps)) the midpoint with the next time it drops, as survival's print/summary table; NaN if never.
 *
 * @example
 * const km = kaplanMeier([5, 8, 8, 12, 20], [1, 1, 0, 1, 0]);
 * km.table[0];  // { time: 5, nRisk: 5, nEvent: 1, nCensor: 0, surv: 0.8, stdErr: 0.2236..., lower: ..., upper: 1 }
 * km.median;    // 12
 */
import { normalQuantile } from "./distributions";
import { checkSurvival } from "./survival-input";

export interface KmRow {
  time: number;
  nRisk: number;
  nEvent: number;
  nCensor: number;
  surv: number;
  /** Greenwood standard error of log S (R survfit `std.err`). */
  stdErr: number;
  lower: number;
  upper: number;
}

export interface KaplanMeier {
  table: KmRow[];
  n: number;
  events: number;
  median: number;
  medianLower: number;
  medianUpper: number;
}

export interface KmAtTime {
  time: number;
  nRisk: number;
  /** Events since the previous requested time (R summary.survfit `n.event`). */
  nEvent: number;
  surv: number;
  /** Standard error of S itself (R summary.survfit `std.err`). */
  stdErr: number;
  lower: number;
  upper: number;
}

/** survival's median rule: first time y < 0.5 + tol; the midpoint to the next drop when y is 0.5 there. */
function firstBelowHalf(y: number[], x: number[]): number {
  const tol = Math.sqrt(Number.EPSILON);
  const keep = y.map((v, i) => i).filter((i) => !Number.isNaN(y[i]) && y[i] < 0.5 + tol);
  if (keep.length === 0) return NaN;
  const first = keep[0];
  if (Math.abs(y[first] - 0.5) < tol) {
    const next = keep.find((i) => y[i] < y[first]);
    if (next !== undefined) return (x[first] + x[next]) / 2;
  }
  return x[first];
}

export function kaplanMeier(time: ArrayLike<number>, status: ArrayLike<number>, level = 0.95): KaplanMeier {
  checkSurvival("kaplanMeier", time, status);
  const order = Array.from({ length: time.length }, (_, i) => i).sort((a, b) => time[a] - time[b]);
  const z = normalQuantile(1 - (1 - level) / 2);
  const table: KmRow[] = [];
  let atRisk = time.length, surv = 1, greenwood = 0, events = 0;
  let k = 0;
  while (k < order.length) {
    const t = time[order[k]];
    let d = 0, c = 0;
    while (k < order.length && time[order[k]] === t) {
      status[order[k]] === 1 ? d++ : c++;
      k++;
    }
    surv *= 1 - d / atRisk;
    greenwood += d / (atRisk * (atRisk - d));
    const stdErr = Math.sqrt(greenwood);
    const lower = surv === 0 ? NaN : Math.exp(Math.log(surv) - z * stdErr);
    const upper = surv === 0 ? NaN : Math.min(1, Math.exp(Math.log(surv) + z * stdErr));
    table.push({ time: t, nRisk: atRisk, nEvent: d, nCensor: c, surv, stdErr, lower, upper });
    atRisk -= d + c;
    events += d;
  }
  const times = table.map((r) => r.time);
  return {
    table,
    n: time.length,
    events,
    median: firstBelowHalf(table.map((r) => r.surv), times),
    medianLower: firstBelowHalf(table.map((r) => r.lower), times),
    medianUpper: firstBelowHalf(table.map((r) => r.upper), times),
  };
}

/**
 * The curve read at chosen times (R: `summary(fit, times, extend = TRUE)`): S and CI of the last step at or
 * before t (1 before the first time), the number still at risk at t, events since the previous requested time,
 * and the standard error on the survival scale (S · se of log S).
 */
export function kaplanMeierAt(km: KaplanMeier, times: number[]): KmAtTime[] {
  let previous = -Infinity;
  return times.map((t, idx) => {
    if (idx > 0 && t < times[idx - 1]) throw new Error(`kaplanMeierAt: times must be increasing (${times[idx - 1]} then ${t})`);
    let last = -1;
    let nEvent = 0;
    for (let j = 0; j < km.table.length; j++) {
      const row = km.table[j];
      if (row.time <= t) last = j;
      if (row.time > previous && row.time <= t) nEvent += row.nEvent;
    }
    const next = km.table.find((r) => r.time >= t);
    previous = t;
    const nRisk = next ? next.nRisk : 0;
    if (last < 0) return { time: t, nRisk, nEvent, surv: 1, stdErr: 0, lower: 1, upper: 1 };
    const row = km.table[last];
    return { time: t, nRisk, nEvent, surv: row.surv, stdErr: row.surv * row.stdErr, lower: row.lower, upper: row.upper };
  });
}

/**
 * The order of the groups in per-group survival results. With `levels` (R: the factor's levels, e.g.
 * `factor(g, levels = c("low", "high"))`) that order is used as given; every group occurring in `group` must be
 * listed (an Error names the ones that are not) and no level twice. Without `levels`: the distinct labels sorted
 * with `<` (numbers numerically, strings by UTF-16 code unit, which can differ from R's locale collation), as
 * before `levels` existed.
 */
export function groupLevels<G extends string | number>(name: string, group: ArrayLike<G>, levels?: readonly G[]): G[] {
  const present = [...new Set(Array.from(group))];
  if (levels === undefined) return present.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const listed = new Set<G>();
  for (const l of levels) {
    if (listed.has(l)) throw new Error(`${name}: level ${JSON.stringify(l)} is listed twice in levels`);
    listed.add(l);
  }
  const missing = present.filter((g) => !listed.has(g));
  if (missing.length > 0) {
    throw new Error(
      `${name}: group${missing.length > 1 ? "s" : ""} ${missing.map((g) => JSON.stringify(g)).join(", ")} not among the levels [${levels.map((l) => JSON.stringify(l)).join(", ")}]`,
    );
  }
  return [...levels];
}

/**
 * Kaplan-Meier per group (R: `survfit(Surv(time, status) ~ group)`), in the order of `levels` when given
 * (R's factor levels; see {@link groupLevels}), else the labels sorted.
 */
export function kaplanMeierByGroup<G extends string | number>(
  time: ArrayLike<number>,
  status: ArrayLike<number>,
  group: ArrayLike<G>,
  options: { levels?: G[]; level?: number } = {},
): { group: G; km: KaplanMeier }[] {
  if (group.length !== time.length) throw new Error(`kaplanMeierByGroup: ${group.length} group labels but ${time.length} times`);
  const levels = groupLevels("kaplanMeierByGroup", group, options.levels);
  return levels.map((g) => {
    const idx: number[] = [];
    for (let i = 0; i < group.length; i++) if (group[i] === g) idx.push(i);
    if (idx.length === 0) throw new Error(`kaplanMeierByGroup: group ${String(g)} has no observations`);
    return { group: g, km: kaplanMeier(idx.map((i) => time[i]), idx.map((i) => status[i]), options.level) };
  });
}
