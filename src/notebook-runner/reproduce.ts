import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { executedNotebooksDir, htmlDir } from "../notebook/outputs";
import { exportHtml, htmlExportAvailable } from "./html";
import { cellSource, readNotebook, serialiseNotebook, type Cell } from "./ipynb";
import { readStudyConfig, studyFilePath, type StudyConfig } from "../study/config";
import { writeFileAtomic } from "../util/atomic";
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
  /** Why the notebook did not run (the study lacks a section it requires). */
  skipped?: string;
}

/**
 * A notebook parameter assignment from `-p NAME=VALUE`: the value is read as JSON when it parses (numbers,
 * true/false, arrays, quoted strings), else taken as a string.
 */
export function parseParameter(text: string): [string, unknown] {
  const eq = text.indexOf("=");
  const name = eq > 0 ? text.slice(0, eq).trim() : "";
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`-p ${text}: expected NAME=VALUE with NAME a parameter of the notebooks`);
  const raw = text.slice(eq + 1);
  try {
    return [name, JSON.parse(raw)];
  } catch {
    return [name, raw];
  }
}

/**
 * papermill's convention: after the cell tagged `parameters`, a cell tagged `injected-parameters` assigns the
 * values given on the command line, so the executed copy shows which values ran. A name the parameters cell
 * does not declare is an error naming the notebook (a typo must not pass silently).
 */
export function injectParameters(file: string, values: Record<string, unknown>): { cells: Cell[]; injected: boolean } {
  const nb = readNotebook(file);
  if (Object.keys(values).length === 0) return { cells: nb.cells, injected: false };
  const k = nb.cells.findIndex((c) => c.cell_type === "code" && ((c.metadata.tags as string[] | undefined) ?? []).includes("parameters"));
  if (k < 0) throw new Error(`${file}: no code cell tagged 'parameters' to inject ${Object.keys(values).join(", ")} after`);
  const declared = new Set([...cellSource(nb.cells[k]).matchAll(/^\s*let\s+([A-Za-z_][A-Za-z0-9_]*)/gm)].map((m) => m[1]));
  const source = ["// Injected parameters (alnm reproduce)"];
  for (const [name, value] of Object.entries(values)) {
    if (!declared.has(name)) continue;
    source.push(`${name} = ${JSON.stringify(value)};`);
  }
  const cell: Cell = { cell_type: "code", id: "injected-parameters", metadata: { tags: ["injected-parameters"] }, source: source.join("\n"), outputs: [], execution_count: null };
  return { cells: [...nb.cells.slice(0, k + 1), cell, ...nb.cells.slice(k + 1)], injected: true };
}

/** The study sections a notebook declares it needs (`metadata.alnm.requires`) that the study file lacks. */
function missingSections(file: string, config: StudyConfig): string[] {
  const requires = ((readNotebook(file).metadata.alnm as { requires?: string[] } | undefined)?.requires ?? []) as (keyof StudyConfig)[];
  return requires.filter((key) => config[key] === null || config[key] === undefined);
}

/** Base name of a notebook file (`03-radiomic-signature` for notebooks/03-radiomic-signature.ipynb). */
const notebookId = (file: string) => file.slice(file.lastIndexOf("/") + 1).replace(/\.ipynb$/, "");

/**
 * The notebooks each selected notebook waits for: those named in its `metadata.alnm.after` (the notebooks whose
 * results or caches it reads), or, when it declares none, every notebook before it (plain top-to-bottom order).
 * Notebooks outside the selection (`--only`) are taken as already run.
 */
export function notebookDependencies(selected: string[]): Map<string, string[]> {
  const ids = selected.map(notebookId);
  const deps = new Map<string, string[]>();
  selected.forEach((file, i) => {
    const after = (readNotebook(file).metadata.alnm as { after?: unknown } | undefined)?.after;
    if (after !== undefined && !(Array.isArray(after) && after.every((a) => typeof a === "string"))) {
      throw new Error(`${file}: metadata.alnm.after must be a list of notebook names (e.g. ["02-feature-extraction"])`);
    }
    const wanted = after === undefined ? ids.slice(0, i) : (after as string[]);
    for (const w of wanted) {
      const k = ids.indexOf(w);
      if (k >= i) throw new Error(`${file}: metadata.alnm.after names ${w}, which is not an earlier notebook`);
    }
    deps.set(ids[i], wanted.filter((w) => ids.includes(w)));
  });
  return deps;
}

/**
 * Executes notebooks, each in its own Node process (tslab's executor, no Python needed), writing the executed
 * copies to build/notebooks/. Up to `jobs` notebooks run at once, each as soon as the notebooks it reads from
 * (notebookDependencies) have finished, so a light notebook fills a core a heavy one leaves idle; with jobs 1 they
 * run one after another in order. After a failure no further notebook starts (later notebooks read earlier ones'
 * results); the failure message names the notebook and the cell.
 */
export async function reproduceNotebooks(
  options: { only?: string[]; study?: string; parameters?: Record<string, unknown>; jobs?: number; log?: (line: string) => void } = {},
): Promise<NotebookRun[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const jobs = options.jobs ?? 2;
  if (!(Number.isInteger(jobs) && jobs >= 1)) throw new Error(`reproduce: jobs must be a positive integer, got ${jobs}`);
  const selected = listNotebooks().filter((nb) => !options.only?.length || options.only.some((o) => nb.includes(o)));
  if (selected.length === 0) throw new Error(`no notebook matches ${options.only?.join(", ")}`);
  // The study is checked once, before any notebook starts: a broken study file fails in a second, naming every problem.
  const studyFile = options.study ? resolve(options.study) : studyFilePath(null);
  const config = readStudyConfig(studyFile);
  const values: Record<string, unknown> = { ...(options.study ? { STUDY: studyFile } : {}), ...options.parameters };
  const deps = notebookDependencies(selected);
  const outDir = executedNotebooksDir();
  mkdirSync(outDir, { recursive: true });
  const runs = new Map<string, NotebookRun>();
  const report = (run: NotebookRun) => {
    runs.set(notebookId(run.notebook), run);
    const status = run.skipped ? `skipped: ${run.skipped}` : `${run.ok ? "ok" : "FAILED"} (${run.seconds.toFixed(1)} s)${run.error ? `\n  ${run.error}` : ""}`;
    log(`[${runs.size}/${selected.length}] ${run.notebook} ${status}`);
  };

  /** Runs one notebook (or records why it is skipped). */
  const execute = async (nb: string): Promise<NotebookRun> => {
    const name = nb.slice(nb.lastIndexOf("/") + 1);
    const missing = missingSections(nb, config);
    if (missing.length) {
      const reason = `the study file ${studyFile} has no ${missing.join(", ")} section`;
      const skipped = readNotebook(nb);
      skipped.cells = [{ cell_type: "markdown", id: "skipped", metadata: {}, source: `*Not run: ${reason}.*` }, ...skipped.cells];
      writeFileAtomic(join(outDir, name), serialiseNotebook(skipped));
      return { notebook: name, ok: true, seconds: 0, skipped: reason };
    }
    const started = Date.now();
    const { cells, injected } = injectParameters(nb, values);
    let source = nb;
    if (injected) {
      // The executor runs a notebook file from the notebooks folder (imports are relative to it): the copy
      // with the injected cell is written beside the original under a dot-name and removed afterwards.
      source = join(nb, "..", `.injected-${name}`);
      const copy = readNotebook(nb);
      copy.cells = cells;
      writeFileAtomic(source, serialiseNotebook(copy));
    }
    const { code, stderr } = await runChild(source, join(outDir, name), studyFile).finally(() => {
      if (injected) rmSync(source, { force: true });
    });
    const run: NotebookRun = { notebook: name, ok: code === 0, seconds: (Date.now() - started) / 1000 };
    if (code !== 0) run.error = stderr.trim().split("\n").pop() || `exit code ${code}`;
    return run;
  };

  const waiting = [...selected];
  const running = new Map<string, Promise<void>>();
  let failed = false;
  const ready = (nb: string) => deps.get(notebookId(nb))!.every((d) => runs.get(d)?.ok);
  for (;;) {
    while (!failed && running.size < jobs) {
      const k = waiting.findIndex(ready);
      if (k < 0) break;
      const [nb] = waiting.splice(k, 1);
      running.set(nb, execute(nb).then((run) => {
        report(run);
        if (!run.ok) failed = true;
        running.delete(nb);
      }));
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  // A static HTML copy of every executed notebook (reviewers open these more often than they re-run them).
  // A static HTML copy of every executed notebook (reviewers open these more often than they re-run them).
  const finished = selected.flatMap((nb) => runs.get(notebookId(nb)) ?? []);
  if (!failed && finished.length === selected.length) {
    const executed = listNotebooks().map((nb) => join(outDir, nb.slice(nb.lastIndexOf("/") + 1))).filter((f) => existsSync(f));
    if (htmlExportAvailable()) {
      const written = exportHtml(executed, htmlDir());
      log(`static HTML: ${written.length - 1} notebook(s) and index.html in ${htmlDir()}`);
    } else log("static HTML: skipped, nbconvert is not installed (bash scripts/ensure-system.sh --jupyter installs it)");
  }
  return finished;
}

/** The environment for a notebook process: relative ALNM_* folders made absolute, since the child runs in notebooks/. */
function absoluteEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ["ALNM_OUTPUT", "ALNM_CACHE", "ALNM_NOTEBOOKS", "ALNM_ROOT"]) if (env[key]) env[key] = resolve(env[key]!);
  return env;
}

function runChild(notebook: string, outFile: string, studyFile: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [repoPath("src/notebook-runner/run-one.mjs"), notebook, outFile], {
      stdio: ["ignore", "inherit", "pipe"],
      env: { ...absoluteEnv(), ALNM_STUDY: studyFile },
    });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
      process.stderr.write(d);
    });
    child.on("close", (code) => resolvePromise({ code: code ?? 1, stderr }));
  });
}
