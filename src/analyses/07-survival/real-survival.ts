/**
 * Survival data of the real cohorts shipped in data/r/ (R survival package, LGPL): rotterdam recurrence-free
 * time (days) and gbsg recurrence-free time by hormonal therapy, plus a side-by-side check of our survival
 * analysis against R's own output on the same grouping (data/r/out/, made by data/r/reference.R).
 */
import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { survivalByGroup, type GroupSurvival } from "./survival";

function readCsv(path: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path, "utf8"), { header: true, skipEmptyLines: true });
  if (parsed.errors.length) throw new Error(`${path}: ${parsed.errors[0].message} (row ${parsed.errors[0].row})`);
  return parsed.data;
}

function numberAt(row: Record<string, string>, column: string, path: string, id: string): number {
  const v = Number(row[column]);
  if (row[column] === undefined || row[column] === "" || !Number.isFinite(v)) throw new Error(`${path}: patient ${id} has no numeric '${column}'`);
  return v;
}

export interface SurvivalRecord {
  id: string;
  time: number;
  status: number;
}

/** Rotterdam recurrence-free survival keyed like the clinical loader's ids (`rotterdam-<pid>`). */
export function rotterdamRecurrence(path: string): Map<string, SurvivalRecord & { year: number }> {
  const out = new Map<string, SurvivalRecord & { year: number }>();
  for (const r of readCsv(path)) {
    const id = `rotterdam-${r.pid}`;
    out.set(id, { id, time: numberAt(r, "rtime", path, id), status: numberAt(r, "recur", path, id), year: numberAt(r, "year", path, id) });
  }
  return out;
}

/** gbsg recurrence-free survival with hormonal therapy as the group ("no" / "yes"). */
export function gbsgByHormonalTherapy(path: string): { time: number[]; status: number[]; group: string[] } {
  const rows = readCsv(path);
  return {
    time: rows.map((r) => numberAt(r, "rfstime", path, `gbsg-${r.pid}`)),
    status: rows.map((r) => numberAt(r, "status", path, `gbsg-${r.pid}`)),
    group: rows.map((r) => (numberAt(r, "hormon", path, `gbsg-${r.pid}`) === 1 ? "yes" : "no")),
  };
}

/** Survival of patients `ids` split at `cutoff` of their scores into "low" (< cutoff) and "high" groups. */
export function survivalByScoreGroup(
  records: Map<string, SurvivalRecord>,
  ids: string[],
  scores: number[],
  cutoff: number,
  times: number[] = [],
): GroupSurvival & { ids: string[] } {
  const keep = ids.map((id, i) => i).filter((i) => Number.isFinite(scores[i]) && records.has(ids[i]));
  const rec = keep.map((i) => records.get(ids[i])!);
  const analysis = survivalByGroup(
    rec.map((r) => r.time),
    rec.map((r) => r.status),
    keep.map((i) => (scores[i] >= cutoff ? "high" : "low")),
    { levels: ["low", "high"], times },
  );
  return { ...analysis, ids: keep.map((i) => ids[i]) };
}

/**
 * Our survival analysis on R's own grouping of the rotterdam validation years (R's GLM scores and
 * cutpointr cut-off, data/r/out/), placed beside R's published output: rows of quantity, ours, R, relative
 * difference. Lets a reviewer see the agreement in the notebook itself.
 */
export function rotterdamAgainstR(rotterdamCsv: string, scoresCsv: string, cutpointJson: string, rSurvivalJson: string): { quantity: string; ours: number; R: number; relDiff: number }[] {
  const validation = readCsv(rotterdamCsv).filter((r) => Number(r.year) >= 1990);
  const scores = readCsv(scoresCsv).filter((r) => r.cohort === "external").map((r) => Number(r.glm));
  if (scores.length !== validation.length) throw new Error(`${scoresCsv}: ${scores.length} validation scores for ${validation.length} patients`);
  const cut = JSON.parse(readFileSync(cutpointJson, "utf8")).glm_cutoff as number;
  const R = JSON.parse(readFileSync(rSurvivalJson, "utf8"));
  const times = [365, 730, 1095, 1826];
  const a = survivalByGroup(
    validation.map((r) => Number(r.rtime)),
    validation.map((r) => Number(r.recur)),
    scores.map((s) => (s >= cut ? "high" : "low")),
    { levels: ["low", "high"], times },
  );
  const rows: [string, number, number][] = [];
  a.atTimes.flatMap((g) => g.rows.map((row) => ({ g: g.group, row }))).forEach(({ g, row }, k) => {
    rows.push([`S(${row.time} d), ${g}`, row.surv, R.km_surv[k]], [`lower 95% CI, ${g}, ${row.time} d`, row.lower, R.km_lower[k]], [`upper 95% CI, ${g}, ${row.time} d`, row.upper, R.km_upper[k]]);
  });
  rows.push(
    ["log-rank chi-squared", a.logRank.chiSquared, R.logrank.chisq],
    ["Cox HR (Efron)", a.cox.efron.hazardRatio[0], R.cox_efron.hr],
    ["Cox HR lower (Efron)", a.cox.efron.lower[0], R.cox_efron.lo],
    ["Cox HR upper (Efron)", a.cox.efron.upper[0], R.cox_efron.hi],
    ["Cox HR (Breslow)", a.cox.breslow.hazardRatio[0], R.cox_breslow.hr],
  );
  return rows.map(([quantity, ours, r]) => ({ quantity, ours, R: r, relDiff: Math.abs(ours - r) / Math.abs(r) }));
}

/**
 * Survival records from a manifest's validated clinical table (e.g. `dfs_months`, `dfs_event`); patients with
 * a missing time or event are left out, as R's Surv() drops them.
 */
export function survivalRecordsFromTable(table: { ids: string[]; path: string; columns: Record<string, (number | string | null)[]> }, timeColumn: string, eventColumn: string): Map<string, SurvivalRecord> {
  for (const c of [timeColumn, eventColumn]) if (!table.columns[c]) throw new Error(`${table.path}: no column '${c}'`);
  const out = new Map<string, SurvivalRecord>();
  table.ids.forEach((id, i) => {
    const time = table.columns[timeColumn][i];
    const status = table.columns[eventColumn][i];
    if (typeof time !== "number" || typeof status !== "number") return;
    if (status !== 0 && status !== 1) throw new Error(`${table.path}: patient ${id} has ${eventColumn} = ${status}; events must be 0 or 1`);
    out.set(id, { id, time, status });
  });
  return out;
}
