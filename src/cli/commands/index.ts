import type { Command } from "../command";
import { extract } from "./extract";
import { extractCohortCommand } from "./extract-cohort";
import { figures } from "./figures";
import { generateCohort } from "./generate-cohort";
import { manifestCommand } from "./manifest";
import { mergeCommand } from "./merge";
import { n4Command } from "./n4";
import { cibersortCommand } from "./cibersort";
import { predict } from "./predict";
import { reproduce } from "./reproduce";
import { scanIdentifiers } from "./scan-identifiers";
import { studyCommand } from "./study";

/** Every `alnm` sub-command, in the order `alnm --help` lists them. Add new commands here. */
export async function loadCommands(): Promise<Command[]> {
  return [reproduce, studyCommand, figures, predict, manifestCommand, extract, extractCohortCommand, mergeCommand, generateCohort, n4Command, cibersortCommand, scanIdentifiers];
}
