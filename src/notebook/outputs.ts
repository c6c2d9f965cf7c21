import { isAbsolute, join, resolve } from "node:path";
import { repoRoot } from "../util/paths";

/**
 * Root under which a run writes `results/`, `figures/` and `build/notebooks/`: the repository unless
 * ALNM_OUTPUT points elsewhere (tests and the determinism check run whole pipelines into temporary folders).
 */
export function outputRoot(): string {
  // A relative ALNM_OUTPUT is taken from the repository, whatever folder the process (a kernel) runs in.
  const out = process.env.ALNM_OUTPUT;
  return out ? (isAbsolute(out) ? out : resolve(repoRoot(), out)) : repoRoot();
}

export function resultsDir(notebook: string): string {
  return join(outputRoot(), "results", notebook);
}

export function figuresDir(notebook: string): string {
  return join(outputRoot(), "figures", notebook);
}

export function executedNotebooksDir(): string {
  return join(outputRoot(), "build", "notebooks");
}

/** Static HTML copies of the executed notebooks, with an index page. */
export function htmlDir(): string {
  return join(outputRoot(), "build", "html");
}

/** Run-dependent timings, outside results/ (the determinism check leaves this folder out). */
export function timingsDir(notebook: string): string {
  return join(outputRoot(), "build", "timings", notebook);
}
