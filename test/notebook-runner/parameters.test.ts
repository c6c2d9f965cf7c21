import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { injectParameters, parseParameter } from "../../src/notebook-runner/reproduce";
import { cellSource } from "../../src/notebook-runner/ipynb";

function notebook(cells: { cell_type: string; source: string; metadata?: object }[]): string {
  const file = join(mkdtempSync(join(tmpdir(), "nb-")), "01-x.ipynb");
  writeFileSync(file, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map((c) => ({ metadata: {}, outputs: [], ...c })) }));
  return file;
}

describe("notebook parameters, papermill's way", () => {
  it("reads -p values as JSON when they parse, else as strings; refuses a malformed assignment", () => {
    expect(parseParameter("TOP_K=10")).toEqual(["TOP_K", 10]);
    expect(parseParameter("BOOTSTRAP=true")).toEqual(["BOOTSTRAP", true]);
    expect(parseParameter("GRID=[0.5,1]")).toEqual(["GRID", [0.5, 1]]);
    expect(parseParameter("STUDY=studies/x.yaml")).toEqual(["STUDY", "studies/x.yaml"]);
    expect(() => parseParameter("=3")).toThrow(/expected NAME=VALUE/);
  });

  it("inserts an injected-parameters cell right after the parameters cell, assigning only declared names", () => {
    const file = notebook([
      { cell_type: "markdown", source: "# title" },
      { cell_type: "code", source: 'let STUDY = "a";\nlet BOOTSTRAP = false;', metadata: { tags: ["parameters"] } },
      { cell_type: "code", source: "run();" },
    ]);
    const { cells, injected } = injectParameters(file, { STUDY: "/abs/b.yaml", BOOTSTRAP: true, OTHER: 1 });
    expect(injected).toBe(true);
    expect(cells.map((c) => c.cell_type)).toEqual(["markdown", "code", "code", "code"]);
    expect(cells[2].metadata.tags).toEqual(["injected-parameters"]);
    expect(cellSource(cells[2])).toBe('// Injected parameters (alnm reproduce)\nSTUDY = "/abs/b.yaml";\nBOOTSTRAP = true;');
    expect(injectParameters(file, {}).injected).toBe(false);
  });

  it("names the notebook that has no parameters cell", () => {
    const file = notebook([{ cell_type: "code", source: "run();" }]);
    expect(() => injectParameters(file, { STUDY: "x" })).toThrow(/01-x\.ipynb: no code cell tagged 'parameters'/);
  });
});
