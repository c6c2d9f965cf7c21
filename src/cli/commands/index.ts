import type { Command } from "../command";
import { figures } from "./figures";
import { predict } from "./predict";
import { reproduce } from "./reproduce";

/** Every `alnm` sub-command, in the order `alnm --help` lists them. Add new commands here. */
export async function loadCommands(): Promise<Command[]> {
  return [reproduce, figures, predict];
}
