/** The implementation of one `alnm` sub-command (its name and summary are in commands/index.ts). `run` returns the process exit code. */
export interface Command {
  /** Full text for `alnm <name> --help`: usage, options, examples. */
  help: string;
  run(argv: string[]): Promise<number>;
}

/** Parses `--key value`, `--key=value`, `-p value` (short `-p` only) and bare flags; repeated keys collect into arrays. */
export function parseArgs(argv: string[]): { positional: string[]; options: Map<string, string[]> } {
  const positional: string[] = [];
  const options = new Map<string, string[]>();
  const add = (key: string, value: string) => options.set(key, [...(options.get(key) ?? []), value]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-p" && i + 1 < argv.length) {
      add("p", argv[++i]);
      continue;
    }
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    if (eq > 0) add(arg.slice(2, eq), arg.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) add(arg.slice(2), argv[++i]);
    else add(arg.slice(2), "true");
  }
  return { positional, options };
}
