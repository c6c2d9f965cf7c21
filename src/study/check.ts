/**
 * `alnm study check`: everything about a study file in one pass, before hours of extraction: the schema
 * (every violation), the manifest and clinical table (the loaders' messages), the columns the study names,
 * patients per cohort and outcome, who is left out and why, and which patients lack a sequence x region case.
 *
 * @example
 * const report = checkStudy("studies/my-cohort.yaml");
 * report.problems;                 // [] when the study can run
 * console.log(formatStudyCheck(report));
 */
import { readStudyConfig, studyFilePath } from "./config";
import { openStudy, studyCohorts, type Study } from "./open";

export interface StudyCheck {
  file: string;
  problems: string[];
  /** Patients per cohort: total and per outcome class. */
  cohorts: { cohort: string; patients: number; positive: number; negative: number; complete?: number }[];
  excluded: Record<string, number>;
  /** Study patients missing a baseline case, with the sequence/region groups they lack. */
  incomplete: { patient: string; missing: string[] }[];
  sequences: string[];
  regions: string[];
}

export function checkStudy(file: string): StudyCheck {
  const path = studyFilePath(file);
  const report: StudyCheck = { file: path, problems: [], cohorts: [], excluded: {}, incomplete: [], sequences: [], regions: [] };
  let study: Study;
  try {
    readStudyConfig(path);
    study = openStudy(path);
  } catch (err) {
    report.problems.push(...(err as Error).message.split("\n").map((l) => l.trim()).filter(Boolean));
    return report;
  }
  report.sequences = study.sequences.map((s) => s.name);
  report.regions = study.regions.map((r) => r.name);
  const rows = study.patients.objects() as { patient_id: string; cohort: string; outcome: number }[];
  for (const cohort of studyCohorts(study)) {
    const r = rows.filter((p) => p.cohort === cohort);
    report.cohorts.push({ cohort, patients: r.length, positive: r.filter((p) => p.outcome === 1).length, negative: r.filter((p) => p.outcome === 0).length });
    if (study.config.outcome && r.length === 0) report.problems.push(`cohort '${cohort}': no patient (is '${cohort}' spelt as in column '${study.config.cohorts!.column}'?)`);
  }
  const training = report.cohorts[0];
  if (study.config.outcome && training && (training.positive < 2 || training.negative < 2)) {
    report.problems.push(`training cohort '${training.cohort}': ${training.positive} positive and ${training.negative} negative patients; a signature needs at least 2 of each`);
  }
  for (const e of study.excluded) {
    const reason = e.reason.replace(/ \(.*\)$/, "");
    report.excluded[reason] = (report.excluded[reason] ?? 0) + 1;
  }
  if (study.config.kind === "signature" && study.manifest.cases.length) {
    const groups = study.regions.flatMap((r) => study.sequences.map((s) => `${r.name}/${s.name}`));
    const have = new Map<string, Set<string>>();
    for (const c of study.manifest.cases) {
      if (c.timepoint !== undefined && c.timepoint !== "pre" && c.timepoint !== study.config.nac?.pre) continue;
      if (!have.has(c.patientId)) have.set(c.patientId, new Set());
      have.get(c.patientId)!.add(`${c.region}/${c.sequence}`);
    }
    for (const p of rows) {
      const missing = groups.filter((g) => !have.get(p.patient_id)?.has(g));
      if (missing.length) report.incomplete.push({ patient: p.patient_id, missing });
    }
    const incomplete = new Set(report.incomplete.map((p) => p.patient));
    for (const c of report.cohorts) c.complete = rows.filter((p) => p.cohort === c.cohort && !incomplete.has(p.patient_id)).length;
  }
  return report;
}

export function formatStudyCheck(r: StudyCheck): string {
  const lines = [`study ${r.file}`];
  if (r.cohorts.length) {
    lines.push("patients per cohort (positive / negative):");
    for (const c of r.cohorts) lines.push(`  ${c.cohort}: ${c.patients} (${c.positive} / ${c.negative})${c.complete !== undefined ? `, ${c.complete} with every sequence x region case` : ""}`);
  }
  if (Object.keys(r.excluded).length) lines.push(`left out: ${Object.entries(r.excluded).map(([k, n]) => `${n} (${k})`).join(", ")}`);
  if (r.sequences.length) lines.push(`sequences: ${r.sequences.join(", ")}; regions: ${r.regions.join(", ")}`);
  if (r.incomplete.length) {
    lines.push(`${r.incomplete.length} patient(s) lack a baseline sequence x region case (the signatures use complete cases only):`);
    for (const p of r.incomplete.slice(0, 20)) lines.push(`  ${p.patient}: no ${p.missing.join(", ")}`);
    if (r.incomplete.length > 20) lines.push(`  ... and ${r.incomplete.length - 20} more (all of them with --json)`);
  }
  lines.push(r.problems.length ? `${r.problems.length} problem(s):\n  ${r.problems.join("\n  ")}` : "no problems found");
  return lines.join("\n");
}
