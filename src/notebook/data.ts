import { relative } from "node:path";
import type { LoadedManifest } from "../manifest/types";
import { cohortLabel, studyCohorts, type Study } from "../study/open";
import { repoRoot } from "../util/paths";

/** A path as the notebooks show it: relative to the repository when inside it, else absolute. */
function shownPath(file: string): string {
  const rel = relative(repoRoot(), file);
  return rel.startsWith("..") ? file : rel;
}

/** The sentence naming a manifest and, for synthetic data, what its numbers mean. */
export function manifestStatement(manifest: LoadedManifest): string {
  const lines = [`**Data:** manifest \`${manifest.name}\` (\`${shownPath(manifest.file)}\`), ${manifest.cases.length} imaging cases. ${manifest.description}`];
  if (manifest.generator) {
    lines.push(
      `**Synthetic data** (generator ${manifest.generator.name} v${manifest.generator.version}, seed ${manifest.generator.seed}): the numbers below show that the pipeline works and recovers a planted signal; they are **not** the paper's results.`,
    );
  }
  return lines.join("\n\n");
}

/**
 * The paragraph every notebook shows first: which study file it ran on, its patients per cohort and
 * outcome, who was left out and why, and the manifest statement.
 *
 * @example
 * const study = openStudy(STUDY);
 * markdown(studyStatement(study));
 */
export function studyStatement(study: Study): string {
  const c = study.config;
  const patients = study.patients.objects() as { cohort: string; outcome: number }[];
  const counts = studyCohorts(study).map((cohort) => {
    const rows = patients.filter((r) => r.cohort === cohort);
    const positives = rows.filter((r) => r.outcome === 1).length;
    return c.outcome ? `${cohortLabel(study, cohort)} ${rows.length} (${positives} ${c.outcome.levels[1]})` : `${rows.length} patients`;
  });
  const reasons = new Map<string, number>();
  for (const e of study.excluded) {
    const reason = e.reason.replace(/ \(.*\)$/, "");
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  const lines = [
    `**Study:** \`${c.name}\` (\`${shownPath(c.file)}\`)${c.title !== c.name ? `, ${c.title}` : ""}. Patients: ${counts.join("; ")}.` +
      (study.excluded.length ? ` Left out: ${[...reasons].map(([r, n]) => `${n} (${r})`).join(", ")}.` : ""),
    manifestStatement(study.manifest),
  ];
  return lines.join("\n\n");
}

/** The sentence shown in place of a section whose optional data the study does not declare. */
export function skippedSection(what: string, why: string): string {
  return `*${what}: skipped, ${why}.*`;
}
