import { spawn } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { executedNotebooksDir } from "./outputs";
import { repoPath } from "../util/paths";

/** The project's notebooks in execution order (file names start with the order number); ALNM_NOTEBOOKS overrides the folder. */
export function listNotebooks(): string[] {
  const dir = process.env.ALNM_NOTEBOOKS ?? repoPath("notebooks");
  return readdirSync(dir).filter((f) => /^\d{2}-.*\.ipynb$/.test(f)).sort().map((f) => join(dir, f));
}

export interface NotebookRun {
  notebook: string;
  ok: boolean;
  seconds: number;
  error?: string;
}

/**
 * Executes notebooks in order, each in its own Node process (tslab's executor, no Python needed), writing
 * the executed copies to build/notebooks/. Stops at the first failing notebook, since later notebooks read
 * earlier ones' results; the failure message names the notebook and the cell.
 */
export async function reproduceNotebooks(options: { only?: string[]; log?: (line: string) => void } = {}): Promise<NotebookRun[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const selected = listNotebooks().filter((nb) => !options.only?.length || options.only.some((o) => nb.includes(o)));
  if (selected.length === 0) throw new Error(`no notebook matches ${options.only?.join(", ")}`);
  const outDir = executedNotebooksDir();
  mkdirSync(outDir, { recursive: true });
  const runs: NotebookRun[] = [];
  for (const [i, nb] of selected.entries()) {
    const name = nb.slice(nb.lastIndexOf("/") + 1);
    const started = Date.now();
    const { code, stderr } = await runChild(nb, join(outDir, name));
    const seconds = (Date.now() - started) / 1000;
    const run: NotebookRun = { notebook: name, ok: code === 0, seconds };
    if (code !== 0) run.error = stderr.trim().split("\n").pop() || `exit code ${code}`;
    runs.push(run);
    log(`[${i + 1}/${selected.length}] ${name} ${run.ok ? "ok" : "FAILED"} (${seconds.toFixed(1)} s)${run.error ? `\n  ${run.error}` : ""}`);
    if (!run.ok) break;
  }
  return runs;
}

/** The environment for a notebook process: relative ALNM_* folders made absolute, since the child runs in notebooks/. */
function absoluteEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ["ALNM_OUTPUT", "ALNM_CACHE", "ALNM_NOTEBOOKS", "ALNM_ROOT"]) if (env[key]) env[key] = resolve(env[key]!);
  return env;
}

function runChild(notebook: string, outFile: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [repoPath("src/notebook/run-one.mjs"), notebook, outFile], {
      stdio: ["ignore", "inherit", "pipe"],
      env: absoluteEnv(),
    });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
      process.stderr.write(d);
    });
    child.on("close", (code) => resolvePromise({ code: code ?? 1, stderr }));
  });
}
