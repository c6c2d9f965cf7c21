import type { GroupSurvival } from "./survival";

/** P value as journals print it: three decimals, "< 0.001" below that. */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return "P = NA";
  return p < 0.001 ? "P < 0.001" : `P = ${p.toFixed(3)}`;
}

/**
 * One row per group for a notebook table: patients, events, median survival, survival at each requested
 * time, and (on the non-reference rows) the Cox HR with 95% CI and the log-rank P.
 */
export function survivalSummaryRows(a: GroupSurvival): Record<string, unknown>[] {
  return a.levels.map((level, k) => {
    const row: Record<string, unknown> = { group: level, patients: a.n[k], events: a.events[k], median: a.median[k] };
    for (const r of a.atTimes[k].rows) row[`S(${r.time})`] = `${r.surv.toFixed(3)} (${r.lower.toFixed(3)}-${r.upper.toFixed(3)})`;
    row["HR (95% CI)"] = k === 0 ? "reference" : `${a.cox.efron.hazardRatio[k - 1].toFixed(2)} (${a.cox.efron.lower[k - 1].toFixed(2)}-${a.cox.efron.upper[k - 1].toFixed(2)})`;
    row["log-rank"] = k === 0 ? "" : formatP(a.logRank.pValue);
    return row;
  });
}
