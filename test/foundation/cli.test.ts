import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { loadCommands } from "../../src/cli/commands/index";
import { parseArgs } from "../../src/cli/command";

describe("alnm CLI", () => {
  it("gives --help for every command", async () => {
    const commands = await loadCommands();
    expect(commands.map((c) => c.name)).toEqual(expect.arrayContaining(["reproduce", "figures"]));
    for (const c of commands) {
      expect(c.help).toMatch(/^Usage: alnm /);
      expect(await main([c.name, "--help"])).toBe(0);
    }
    expect(await main(["--help"])).toBe(0);
    expect(await main(["no-such-command"])).toBe(2);
  });

  it("parses repeated options, key=value and flags", () => {
    const { positional, options } = parseArgs(["img.nrrd", "--setting", "binWidth=25", "--setting=label=2", "--resume", "mask.nrrd"]);
    expect(positional).toEqual(["img.nrrd"]);
    expect(options.get("setting")).toEqual(["binWidth=25", "label=2"]);
    expect(options.get("resume")).toEqual(["mask.nrrd"]);
  });
});
