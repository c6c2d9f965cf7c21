import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { notebookDependencies, reproduceNotebooks } from "../../src/notebook-runner/reproduce";

/** A folder of notebooks, each one code cell; `after` goes to metadata.alnm.after when given. */
function notebooks(specs: { name: string; source: string; after?: unknown }[]): string {
  const dir = mkdtempSync(join(tmpdir(), "alnm-schedule-"));
  for (const s of specs) {
    const metadata = s.after === undefined ? {} : { alnm: { after: s.after } };
    writeFileSync(join(dir, `${s.name}.ipynb`), JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata, cells: [{ cell_type: "code", metadata: {}, outputs: [], source: s.source }] }));
  }
  return dir;
}

const saved = { notebooks: process.env.ALNM_NOTEBOOKS, output: process.env.ALNM_OUTPUT };
afterEach(() => {
  for (const [key, value] of [["ALNM_NOTEBOOKS", saved.notebooks], ["ALNM_OUTPUT", saved.output]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe("which notebooks a notebook waits for", () => {
  it("every earlier one by default, only those it names with metadata.alnm.after", () => {
    const dir = notebooks([
      { name: "01-a", source: "1" },
      { name: "02-b", source: "1", after: [] },
      { name: "03-c", source: "1" },
      { name: "04-d", source: "1", after: ["01-a", "99-elsewhere"] },
    ]);
    const files = ["01-a", "02-b", "03-c", "04-d"].map((n) => join(dir, `${n}.ipynb`));
    expect(Object.fromEntries(notebookDependencies(files))).toEqual({ "01-a": [], "02-b": [], "03-c": ["01-a", "02-b"], "04-d": ["01-a"] });
    // with --only, notebooks outside the selection count as run
    expect(Object.fromEntries(notebookDependencies(files.slice(2)))).toEqual({ "03-c": [], "04-d": [] });
  });

  it("refuses a later notebook or a malformed list, naming the notebook", () => {
    const dir = notebooks([
      { name: "01-a", source: "1", after: ["02-b"] },
      { name: "02-b", source: "1", after: "01-a" },
    ]);
    expect(() => notebookDependencies([join(dir, "01-a.ipynb"), join(dir, "02-b.ipynb")])).toThrow(/01-a\.ipynb: metadata\.alnm\.after names 02-b, which is not an earlier notebook/);
    expect(() => notebookDependencies([join(dir, "02-b.ipynb")])).toThrow(/02-b\.ipynb: metadata\.alnm\.after must be a list/);
  });
});

describe("alnm reproduce runs independent notebooks at once", () => {
  // Each notebook records when it started and ended (ms since the epoch) in a file of the output folder.
  const record = (name: string, ms: number) =>
    `const fs = require("fs"); const t0 = Date.now(); await new Promise((r) => setTimeout(r, ${ms})); fs.writeFileSync(process.env.ALNM_OUTPUT + "/${name}.json", JSON.stringify([t0, Date.now()]));`;

  it("two at a time, each after the notebooks it names; nothing after a failure depends on it", async () => {
    const dir = notebooks([
      { name: "01-a", source: record("01-a", 2000), after: [] },
      // 02 outlasts 01, so 03 (ready when 01 ends) takes the free slot before 04 does
      { name: "02-b", source: record("02-b", 5000), after: [] },
      { name: "03-c", source: record("03-c", 10), after: ["01-a"] },
      { name: "04-fails", source: 'throw new Error("planted failure");', after: [] },
      { name: "05-e", source: record("05-e", 10), after: ["04-fails"] },
    ]);
    const out = mkdtempSync(join(tmpdir(), "alnm-schedule-out-"));
    process.env.ALNM_NOTEBOOKS = dir;
    process.env.ALNM_OUTPUT = out;
    const lines: string[] = [];
    const runs = await reproduceNotebooks({ jobs: 2, log: (l) => lines.push(l) });
    const span = (name: string) => JSON.parse(readFileSync(join(out, `${name}.json`), "utf8")) as [number, number];
    const [a, b, c] = ["01-a", "02-b", "03-c"].map(span);
    expect(Math.max(a[0], b[0])).toBeLessThan(Math.min(a[1], b[1])); // 01 and 02 overlapped
    expect(c[0]).toBeGreaterThanOrEqual(a[1]); // 03 waited for 01
    expect(runs.find((r) => r.notebook === "04-fails.ipynb")?.ok).toBe(false);
    expect(existsSync(join(out, "05-e.json"))).toBe(false);
    expect(runs.map((r) => r.notebook)).not.toContain("05-e.ipynb");
    expect(lines.join("\n")).toMatch(/04-fails\.ipynb FAILED/);
  }, 120_000);
});
