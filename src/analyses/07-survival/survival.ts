/**
 * Survival by risk group as the paper reports it (section 4.3, appendix p 6): Kaplan-Meier curves per group
 * with survival at chosen times, log-rank test, and Cox hazard ratio of each group against the first
 * (R: `survfit`, `survdiff`, `coxph(Surv(time, status) ~ group)` with the first level as reference).
 *
 * @example
 * const a = survivalByGroup(time, status, score.map((s) => (s >= cut ? "high" : "low")), { levels: ["low", "high"], times: [365, 730] });
 * a.cox.efron.hazardRatio; // high vs low
 */
import { coxPh, kaplanMeierAt, kaplanMeierByGroup, logRankTest, type CoxResult, type KaplanMeier, type KmAtTime } from "../../stats/index";
import type { KmCurveInput } from "../../plots/km";

export interface CoxSummary {
  /** Hazard ratio of each non-reference level against the first level. */
  contrast: string[];
  coef: number[];
  hazardRatio: number[];
  lower: number[];
  upper: number[];
  waldP: number[];
  lrP: number;
  scoreP: number;
}

export interface GroupSurvival {
  levels: string[];
  n: number[];
  events: number[];
  /** Median survival per group (NaN when the curve never falls to 0.5), as survfit's table. */
  median: number[];
  /** Survival read at the requested times, per group (R: summary(fit, times)). */
  atTimes: { group: string; rows: KmAtTime[] }[];
  logRank: { chiSquared: number; df: number; pValue: number; observed: number[]; expected: number[] };
  cox: { efron: CoxSummary; breslow: CoxSummary };
  /** Full curves, for plotting. */
  curves: { group: string; km: KaplanMeier; censorTimes: number[] }[];
}

export function survivalByGroup(
  time: number[],
  status: number[],
  group: string[],
  options: { levels?: string[]; times?: number[] } = {},
): GroupSurvival {
  const levels = options.levels ?? [...new Set(group)].sort();
  const byGroup = kaplanMeierByGroup(time, status, group, { levels });
  const lr = logRankTest(time, status, group, { levels });
  // Treatment coding against the first level, as R's default contrasts for a factor.
  const design = group.map((g) => levels.slice(1).map((l) => (g === l ? 1 : 0)));
  const summarise = (fit: CoxResult): CoxSummary => ({
    contrast: levels.slice(1).map((l) => `${l} vs ${levels[0]}`),
    coef: fit.coef,
    hazardRatio: fit.hazardRatio,
    lower: fit.lower,
    upper: fit.upper,
    waldP: fit.waldP,
    lrP: fit.lrP,
    scoreP: fit.scoreP,
  });
  return {
    levels,
    n: byGroup.map((g) => g.km.n),
    events: byGroup.map((g) => g.km.events),
    median: byGroup.map((g) => g.km.median),
    atTimes: byGroup.map((g) => ({ group: String(g.group), rows: kaplanMeierAt(g.km, options.times ?? []) })),
    logRank: { chiSquared: lr.chiSquared, df: lr.df, pValue: lr.pValue, observed: lr.observed, expected: lr.expected },
    cox: { efron: summarise(coxPh(time, status, design, { ties: "efron" })), breslow: summarise(coxPh(time, status, design, { ties: "breslow" })) },
    curves: byGroup.map((g) => ({
      group: String(g.group),
      km: g.km,
      censorTimes: time.filter((t, i) => group[i] === g.group && status[i] === 0),
    })),
  };
}

/** The curves of a survival analysis in the form `kaplanMeierPlot` draws, with numbers at risk at `riskTimes`. */
export function survivalCurvesForPlot(analysis: GroupSurvival, riskTimes: number[], timeScale = 1, labels: Record<string, string> = {}): KmCurveInput[] {
  return analysis.curves.map((c) => ({
    label: labels[c.group] ?? c.group,
    time: c.km.table.map((r) => r.time / timeScale),
    surv: c.km.table.map((r) => r.surv),
    lower: c.km.table.map((r) => r.lower),
    upper: c.km.table.map((r) => r.upper),
    censorTimes: c.censorTimes.map((t) => t / timeScale),
    atRisk: kaplanMeierAt(c.km, riskTimes.map((t) => t * timeScale)).map((r) => r.nRisk),
  }));
}
