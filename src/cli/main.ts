/**
 * The `alnm` command line: `main(argv)` runs one sub-command as `npx alnm` does and returns its exit code.
 * The package exports this as `alnm-radiomics/cli`.
 *
 * @example
 * import { main } from "alnm-radiomics/cli";
 * process.exitCode = await main(["extract", "image.nrrd", "mask.nrrd"]);
 *
 * @module cli
 */
import { COMMANDS } from "./commands/index";

const USAGE = "Usage: alnm <command> [options]\n       alnm <command> --help";

/** Dispatches `alnm <command> ...`; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    const width = Math.max(...COMMANDS.map((c) => c.name.length), 8);
    console.log(USAGE + "\n\nCommands:\n" + COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n"));
    return name ? 0 : 1;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    console.error(`alnm: unknown command '${name}'\n${USAGE}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(command.help);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    console.error(`alnm ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

// Run directly (tsx src/cli/main.ts ...), not when imported by bin/alnm.mjs or tests.
if (process.argv[1] && /src[\\/]cli[\\/]main\.ts$/.test(process.argv[1])) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
