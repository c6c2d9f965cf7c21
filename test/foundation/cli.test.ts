import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { COMMANDS } from "../../src/cli/commands/index";
import { parseArgs } from "../../src/cli/command";

describe("alnm CLI", () => {
  it("gives --help for every command", async () => {
    expect(COMMANDS.map((c) => c.name)).toEqual(expect.arrayContaining(["reproduce", "figures"]));
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect(command.help.startsWith(`Usage: alnm ${entry.name} `)).toBe(true);
      expect(await main([entry.name, "--help"])).toBe(0);
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
