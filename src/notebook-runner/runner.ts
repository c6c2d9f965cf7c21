import { createRequire } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { format } from "node:util";
import { cellSource, readNotebook, serialiseNotebook, type Output } from "./ipynb";
import { writeFileAtomic } from "../util/atomic";
import { repoRoot } from "../util/paths";

/** A failing notebook cell: names the notebook, the cell (1-based, counting every cell) and the error. */
export class NotebookCellError extends Error {
  constructor(readonly notebook: string, readonly cell: number, readonly detail: string) {
    super(`${notebook} cell ${cell}: ${detail}`);
  }
}

/**
 * Executes a notebook's code cells in order with tslab's own TypeScript converter and executor (the code
 * the tslab Jupyter kernel runs), with the notebook's folder as working directory, exactly as the kernel
 * would. Rich outputs arrive through the same display hook the kernel uses. Writes the executed notebook
 * (outputs included, also when a cell fails) to `outFile`. Call once per process: cells share globals.
 */
export async function executeNotebook(file: string, outFile: string): Promise<void> {
  const path = resolve(file);
  const nb = readNotebook(path);
  const name = join(basename(dirname(path)), basename(path));
  const require = createRequire(join(repoRoot(), "package.json"));
  const { createConverter } = require("tslab/dist/converter");
  const { createExecutor } = require("tslab/dist/executor");
  const jupyter = require("tslab/dist/jupyter");

  process.chdir(dirname(path));
  const converter = createConverter({ isJS: false, isBrowser: false });
  const convs = { node: converter, browser: converter, close: () => converter.close() };
  let outputs: Output[] = [];
  const stream = (streamName: "stdout" | "stderr", text: string) => {
    const last = outputs[outputs.length - 1];
    if (last && last.output_type === "stream" && last.name === streamName) last.text += text;
    else outputs.push({ output_type: "stream", name: streamName, text });
  };
  const cellConsole = {
    log: (...args: unknown[]) => stream("stdout", format(...args) + "\n"),
    // tslab reports diagnostics with a format string ("%s%d:%d - %s", ...); errors with their stack.
    error: (...args: unknown[]) => stream("stderr", format(...args.map((a) => (a instanceof Error ? a.stack ?? a.message : a))) + "\n"),
  };
  const executor = createExecutor(process.cwd(), convs, cellConsole);
  jupyter.lastWriteDisplayData = (msg: { data: Record<string, unknown>; metadata: Record<string, unknown> }) =>
    outputs.push({ output_type: "display_data", data: msg.data, metadata: msg.metadata ?? {} });

  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  let count = 0;
  try {
    for (let i = 0; i < nb.cells.length; i++) {
      const cell = nb.cells[i];
      cell.id = cell.id ?? `cell-${i + 1}`;
      if (cell.cell_type !== "code") continue;
      outputs = [];
      console.log = console.info = cellConsole.log;
      console.warn = console.error = cellConsole.error;
      let ok: boolean;
      try {
        ok = await executor.execute(cellSource(cell));
      } finally {
        Object.assign(console, saved);
      }
      cell.execution_count = ++count;
      cell.outputs = outputs;
      if (!ok) {
        const stderr = outputs.filter((o) => o.output_type === "stream" && o.name === "stderr").map((o) => (o as { text: string }).text).join("");
        const detail = firstErrorLine(stderr) || "the cell failed without an error message";
        outputs.push({ output_type: "error", ename: "CellError", evalue: detail, traceback: stderr.split("\n") });
        writeFileAtomic(outFile, serialiseNotebook(nb));
        throw new NotebookCellError(name, i + 1, detail);
      }
    }
  } finally {
    executor.close();
    convs.close();
  }
  writeFileAtomic(outFile, serialiseNotebook(nb));
}

/** The most telling line of a cell's stderr: the first Error line, or a type-check diagnostic. */
function firstErrorLine(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /^([A-Za-z]*Error|AssertionError)\b|^\d+:\d+ - /.test(l)) ?? lines[0] ?? "";
}
