import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoPath } from "../../src/util/paths";

/** A scratch notebooks folder (with the src symlink real notebooks use) and an output root. */
function scratch(cells: { type: "code" | "markdown"; source: string }[]): { notebooks: string; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "alnm-nb-"));
  const notebooks = join(dir, "notebooks");
  spawnSync("mkdir", ["-p", notebooks]);
  symlinkSync(repoPath("src"), join(notebooks, "src"));
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript (tslab)", language: "typescript" } },
    cells: cells.map((c, i) => ({ cell_type: c.type, id: `c${i}`, metadata: {}, source: c.source, ...(c.type === "code" ? { outputs: [], execution_count: null } : {}) })),
  };
  writeFileSync(join(notebooks, "01-scratch.ipynb"), JSON.stringify(nb));
  return { notebooks, output: join(dir, "out") };
}

function reproduce(env: { notebooks: string; output: string }) {
  return spawnSync(process.execPath, [repoPath("bin/alnm.mjs"), "reproduce"], {
    cwd: repoPath(),
    env: { ...process.env, ALNM_NOTEBOOKS: env.notebooks, ALNM_OUTPUT: env.output, ALNM_FIGURES: "off" },
    encoding: "utf8",
  });
}

describe("alnm reproduce", () => {
  it("fails on a failing cell, naming the notebook, the cell and the error", () => {
    const env = scratch([
      { type: "markdown", source: "# scratch" },
      { type: "code", source: "const x = 1;" },
      { type: "code", source: 'if (x === 1) throw new Error("deliberate failure 42");' },
      { type: "code", source: "console.log('never reached');" },
    ]);
    const r = reproduce(env);
    expect(r.status).toBe(1);
    const text = r.stdout + r.stderr;
    expect(text).toMatch(/notebooks\/01-scratch\.ipynb cell 3: Error: deliberate failure 42/);
    const executed = JSON.parse(readFileSync(join(env.output, "build/notebooks/01-scratch.ipynb"), "utf8"));
    expect(executed.cells[2].outputs.some((o: { output_type: string }) => o.output_type === "error")).toBe(true);
    expect(executed.cells[3].outputs).toEqual([]);
  });

  it("fails on a type error, as the tslab kernel does", () => {
    const env = scratch([{ type: "code", source: "const n: number = 'text';" }]);
    const r = reproduce(env);
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/01-scratch\.ipynb cell 1: .*not assignable to type 'number'/);
  });

  it("fails on a folder import exactly as the Jupyter kernel does (no other loader helps)", () => {
    const env = scratch([{ type: "code", source: 'import { answer } from "./uses-folder";\nconsole.log(answer);' }]);
    spawnSync("mkdir", ["-p", join(env.notebooks, "lib")]);
    writeFileSync(join(env.notebooks, "lib", "index.ts"), "export const value = 41;\n");
    writeFileSync(join(env.notebooks, "uses-folder.ts"), 'import { value } from "./lib";\nexport const answer = value + 1;\n');
    const r = reproduce(env);
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/01-scratch\.ipynb cell 1: .*Cannot find module '\.\/lib'/);
  });

  it("takes a relative ALNM_OUTPUT from where the command runs, not from the notebooks folder", () => {
    const env = scratch([{ type: "code", source: 'import { openNotebook } from "./src/notebook/session";\nopenNotebook("01-scratch").result("here", { ok: true });' }]);
    const relative = join("build", "tmp", `relative-output-${process.pid}`);
    const r = spawnSync(process.execPath, [repoPath("bin/alnm.mjs"), "reproduce"], {
      cwd: repoPath(),
      env: { ...process.env, ALNM_NOTEBOOKS: env.notebooks, ALNM_OUTPUT: relative, ALNM_FIGURES: "off" },
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    expect(existsSync(repoPath(relative, "results/01-scratch/here.json"))).toBe(true);
    rmSync(repoPath(relative), { recursive: true, force: true });
  });

  it("runs src code from a cell and writes executed notebook and results", () => {
    const env = scratch([
      { type: "code", source: 'import { openNotebook } from "./src/notebook/session";\nconst nb = openNotebook("01-scratch");' },
      { type: "code", source: 'nb.result("answer", { value: 6 * 7 });\nconsole.log("hello from cell");' },
    ]);
    const r = reproduce(env);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(env.output, "results/01-scratch/answer.json"), "utf8"))).toEqual({ value: 42 });
    const executed = JSON.parse(readFileSync(join(env.output, "build/notebooks/01-scratch.ipynb"), "utf8"));
    expect(executed.cells[1].outputs[0]).toMatchObject({ output_type: "stream", name: "stdout", text: "hello from cell\n" });
    expect(existsSync(join(env.output, "figures"))).toBe(false);
  });
});
