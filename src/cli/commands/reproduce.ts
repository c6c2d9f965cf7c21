import type { Command } from "../command";
import { parseArgs } from "../command";
import { reproduceNotebooks } from "../../notebook/reproduce";

export const reproduce: Command = {
  name: "reproduce",
  summary: "Run every notebook in order, headless; write executed notebooks, results and figures",
  help: `Usage: alnm reproduce [--only <name>]...

Executes notebooks/NN-*.ipynb in order, each in its own Node process with tslab's TypeScript executor
(no Python or Jupyter needed), on the data each notebook's parameters cell names (the embedded default
unless changed). Writes:
  build/notebooks/*.ipynb    executed notebooks with their outputs
  results/<notebook>/*.json  every number the notebooks report
  figures/<notebook>/*.{svg,png,json}  figures (SVG/PNG through headless Chromium; JSON = plotly spec)
A failing cell stops the run with the notebook, cell number and error message, and a non-zero exit.

Options:
  --only <name>   run only notebooks whose file name contains <name> (repeatable)

Environment:
  ALNM_OUTPUT=<dir>     write results/, figures/ and build/ under <dir> instead of the repository
  ALNM_FIGURES=off      skip SVG/PNG export (plotly JSON specs are still written)
  ALNM_CHROMIUM=<path>  Chromium executable (default /usr/bin/chromium)

Example:
  npx alnm reproduce --only 03`,
  async run(argv) {
    const { options } = parseArgs(argv);
    const started = Date.now();
    const runs = await reproduceNotebooks({ only: options.get("only") });
    const failed = runs.find((r) => !r.ok);
    console.log(`${failed ? "FAILED" : "done"}: ${runs.filter((r) => r.ok).length} notebook(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return failed ? 1 : 0;
  },
};
