import type { Command } from "../command";

/** Every `alnm` sub-command, in the order `alnm --help` lists them. Add new commands here. */
export async function loadCommands(): Promise<Command[]> {
  return [];
}
