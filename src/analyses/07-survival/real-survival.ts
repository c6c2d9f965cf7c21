/**
 * Survival records of a study (its survival section: time, event and event value), patients split into
 * groups by a score and a cut-off, and a side-by-side check of our survival analysis against R's own output
 * on the same grouping when the study declares it (`survival.reference`, e.g. data/r/out/ for Rotterdam).
 */
import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { survivalByGroup, type GroupSurvival } from "./survival";
import type { Study } from "../../study/open";

function readCsv(path: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path, "utf8"), { header: true, skipEmptyLines: true });
  if (parsed.errors.length) throw new Error(`${path}: ${parsed.errors[0].message} (row ${parsed.errors[0].row})`);
  return parsed.data;
}

export interface SurvivalRecord {
  id: string;
  time: number;
  status: number;
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
 * Survival records of a study's patients, keyed by patient id: time and event (1 when the event column
 * equals `survival.eventValue`, 0 when it is 0). Patients with a missing time or event are left out, as R's
 * Surv() drops them; any other event code is an error naming the patient.
 */
export function survivalRecords(study: Study): Map<string, SurvivalRecord> {
  const s = study.config.survival;
  if (!s) throw new Error(`study ${study.config.file}: declares no survival section`);
  const out = new Map<string, SurvivalRecord>();
  for (const p of study.patients.objects() as Record<string, unknown>[]) {
    const id = String(p.patient_id);
    const time = p[s.time];
    const event = p[s.event];
    if (time === null || event === null || time === undefined || event === undefined) continue;
    const status = String(event) === s.eventValue ? 1 : String(event) === "0" ? 0 : NaN;
    if (Number.isNaN(status)) throw new Error(`study ${study.config.file}: patient ${id} has ${s.event} = ${String(event)}; events must be ${s.eventValue} (event) or 0 (censored)`);
    if (typeof time !== "number" || !(time >= 0)) throw new Error(`study ${study.config.file}: patient ${id} has ${s.time} = ${String(time)}; times must be numbers >= 0`);
    out.set(id, { id, time, status });
  }
  return out;
}

/**
 * Our survival analysis on R's own grouping of the study's validation patients (R's scores, in the study's
 * patient order, and R's cut-off, from the files `survival.reference` names) placed beside R's output: rows
 * of quantity, ours, R, relative difference. Lets a reviewer see the agreement in the notebook itself.
 */
export function studyAgainstR(study: Study): { quantity: string; ours: number; R: number; relDiff: number }[] {
  const ref = study.config.survival?.reference;
  if (!ref || !study.config.cohorts) throw new Error(`study ${study.config.file}: declares no survival.reference or no cohorts`);
  const records = survivalRecords(study);
  const validation = new Set(study.config.cohorts.validation);
  const patients = (study.patients.objects() as { patient_id: string; cohort: string }[]).filter((p) => validation.has(p.cohort));
  const scores = readCsv(ref.scores).filter((r) => r.cohort === "external").map((r) => Number(r.glm));
  if (scores.length !== patients.length) throw new Error(`${ref.scores}: ${scores.length} validation scores for ${patients.length} patients`);
  const cut = JSON.parse(readFileSync(ref.cutoff, "utf8")).glm_cutoff as number;
  const R = JSON.parse(readFileSync(ref.survival, "utf8"));
  const rec = patients.map((p) => records.get(p.patient_id)!);
  const a = survivalByGroup(
    rec.map((r) => r.time),
    rec.map((r) => r.status),
    scores.map((s) => (s >= cut ? "high" : "low")),
    { levels: ["low", "high"], times: study.config.survival!.times },
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
