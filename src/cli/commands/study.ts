import type { Command } from "../command";
import { parseArgs } from "../command";

export const studyCommand: Command = {
  help: `Usage: alnm study check <study.yaml> [--json]

Reads the study file (studies/TEMPLATE.md) and everything it points at, and prints in one pass:
  - every schema problem, each with its path in the file (unknown keys, wrong types, missing keys);
  - the manifest's and clinical table's problems (files, checksums, values outside the declared schema);
  - patients per cohort and outcome, and who is left out and why;
  - the patients missing a baseline sequence x region case.
Exit code 0 when the study can run, 1 when a problem was found.

Example:
  npx alnm study check studies/paper-synthetic.yaml`,
  async run(argv) {
    const { positional, options } = parseArgs(argv);
    if (positional[0] !== "check" || !positional[1]) {
      console.error("usage: alnm study check <study.yaml> [--json]");
      return 2;
    }
    // Loaded here, not at start-up: the schema validator and the table library are needed by this command only.
    const { checkStudy, formatStudyCheck } = await import("../../study/check");
    const report = checkStudy(positional[1]);
    console.log(options.has("json") ? JSON.stringify(report, null, 2) : formatStudyCheck(report));
    return report.problems.length ? 1 : 0;
  },
};
