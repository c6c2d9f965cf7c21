import { relative } from "node:path";
import { ensureSyntheticCohort } from "../cohort/generate";
import { loadManifest } from "../manifest/load";
import type { LoadedManifest } from "../manifest/types";
import { repoPath, repoRoot } from "../util/paths";

/**
 * The data a notebook runs on, from its parameters cell: "synthetic" (the embedded default, generated on
 * first use and cached) or the path of a manifest (relative to the repository), e.g. a user's own cohort
 * described as data-manifests/TEMPLATE.md explains. Checksums are verified on load.
 *
 * @example
 * const manifest = openStudyManifest("synthetic");
 * markdown(manifestStatement(manifest));
 */
export function openStudyManifest(spec: string, options: { seed?: number } = {}): LoadedManifest {
  // Generation messages name the cache folder and a duration: they go to the terminal, not into the executed
  // notebook, which must be byte-identical across runs (and whether or not the cache was warm).
  if (spec === "synthetic") return ensureSyntheticCohort({ seed: options.seed, log: (m) => process.stderr.write(`${m}\n`) });
  return loadManifest(repoPath(spec));
}

/** The sentence every notebook shows at the top: which manifest it ran on and, for synthetic data, what that means. */
export function manifestStatement(manifest: LoadedManifest): string {
  const file = relative(repoRoot(), manifest.file);
  const lines = [`**Data:** manifest \`${manifest.name}\` (\`${file.startsWith("..") ? manifest.file : file}\`), ${manifest.cases.length} imaging cases. ${manifest.description}`];
  if (manifest.generator) {
    lines.push(
      `**Synthetic data** (generator ${manifest.generator.name} v${manifest.generator.version}, seed ${manifest.generator.seed}): the numbers below show that the pipeline works and recovers a planted signal; they are **not** the paper's results.`,
    );
  }
  return lines.join("\n\n");
}
