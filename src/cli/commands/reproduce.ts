import type { Command } from "../command";
import { parseArgs } from "../command";

export const reproduce: Command = {
  help: `Usage: alnm reproduce [--study <file>] [-p NAME=VALUE]... [--only <name>]... [--jobs N]

Executes notebooks/NN-*.ipynb, each in its own Node process with tslab's TypeScript executor (no Python or
Jupyter needed), on one study file (default: ALNM_STUDY, else studies/paper-synthetic.yaml). A notebook starts
once the notebooks it reads from (its metadata.alnm.after; by default every earlier one) have finished, up to
--jobs at a time, so a light notebook (06's CIBERSORT, 05) fills the core a heavy one leaves idle.
As papermill does, the given values are assigned in a cell tagged 'injected-parameters' right after each
notebook's 'parameters' cell, so the executed copy shows what ran. A notebook that needs a study section the
file lacks (06 needs 'microenvironment') is skipped with that reason. Writes:
  build/notebooks/*.ipynb    executed notebooks with their outputs
  results/<notebook>/*.json  every number the notebooks report
  figures/<notebook>/*.{svg,png,json}  figures (SVG/PNG through headless Chromium; JSON = plotly spec)
A failing cell stops the run with the notebook, cell number and error message, and a non-zero exit.

Options:
  --study <file>    the study file (studies/TEMPLATE.md); relative to the current folder
  -p NAME=VALUE     set a notebook parameter (JSON value, else a string), e.g. -p VALIDATION_BOOTSTRAP=200 (repeatable);
                    a notebook without that parameter ignores it
  --only <name>     run only notebooks whose file name contains <name> (repeatable)
  --jobs N          notebooks run at once (default 2; 1 runs them one after another in file order). Each notebook
                    also uses the study's 'workers' threads; the results do not depend on N

Environment:
  ALNM_OUTPUT=<dir>     write results/, figures/ and build/ under <dir> instead of the repository
  ALNM_FIGURES=off      skip SVG/PNG export (plotly JSON specs are still written)
  ALNM_CHROMIUM=<path>  Chromium executable (default /usr/bin/chromium)

Examples:
  npx alnm reproduce --only 03
  npx alnm reproduce --study studies/my-cohort.yaml --only 01 --only 02 --only 03 --only 04 --only 07
  npx alnm reproduce -p VALIDATION_BOOTSTRAP=200 -p VALIDATION_CV_REPEATS=5 --only 03 --only 04`,
  async run(argv) {
    const { options } = parseArgs(argv);
    const started = Date.now();
    // Loaded here, not at start-up: every other command would pay for the study-file validator otherwise.
    const { parseParameter, reproduceNotebooks } = await import("../../notebook-runner/reproduce");
    const parameters = Object.fromEntries((options.get("p") ?? []).map(parseParameter));
    const jobs = Number(options.get("jobs")?.at(-1) ?? 2);
    if (!(Number.isInteger(jobs) && jobs >= 1)) throw new Error(`--jobs must be a positive integer (got ${options.get("jobs")?.at(-1)})`);
    const runs = await reproduceNotebooks({ only: options.get("only"), study: options.get("study")?.at(-1), parameters, jobs });
    const failed = runs.find((r) => !r.ok);
    const skipped = runs.filter((r) => r.skipped).length;
    console.log(`${failed ? "FAILED" : "done"}: ${runs.filter((r) => r.ok && !r.skipped).length} notebook(s)${skipped ? `, ${skipped} skipped` : ""} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return failed ? 1 : 0;
  },
};
