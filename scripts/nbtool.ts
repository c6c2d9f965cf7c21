/**
 * Edit notebooks as text. `to-text` prints a notebook in "percent" format (`// %%` starts a code cell,
 * `// %% [markdown]` a Markdown cell whose lines are prefixed with `// `, `// %% [parameters]` the code cell
 * tagged `parameters`); `from-text` writes a clean notebook (no outputs) from such a file.
 *
 *   npx tsx scripts/nbtool.ts to-text notebooks/03-signatures.ipynb > /tmp/03.ts
 *   npx tsx scripts/nbtool.ts from-text /tmp/03.ts notebooks/03-signatures.ipynb
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cellSource, readNotebook, serialiseNotebook, type Cell, type Notebook } from "../src/notebook-runner/ipynb";

const TSLAB_METADATA = {
  kernelspec: { display_name: "TypeScript (tslab)", language: "typescript", name: "tslab" },
  language_info: { codemirror_mode: { mode: "typescript", name: "javascript", typescript: true }, file_extension: ".ts", mimetype: "text/typescript", name: "typescript", version: "5.0" },
};

function toText(nb: Notebook): string {
  return nb.cells
    .map((c) => {
      const src = cellSource(c);
      if (c.cell_type === "markdown") return "// %% [markdown]\n" + src.split("\n").map((l) => (l ? `// ${l}` : "//")).join("\n");
      const tags = (c.metadata.tags as string[] | undefined) ?? [];
      return (tags.includes("parameters") ? "// %% [parameters]\n" : "// %%\n") + src;
    })
    .join("\n\n") + "\n";
}

function fromText(text: string): Notebook {
  const chunks = text.split(/^\/\/ %%/m).slice(1);
  const cells: Cell[] = chunks.map((chunk, i) => {
    const newline = chunk.indexOf("\n");
    const header = chunk.slice(0, newline).trim();
    const body = chunk.slice(newline + 1).replace(/\s+$/, "");
    const id = `cell-${i + 1}`;
    if (header === "[markdown]") {
      const md = body.split("\n").map((l) => l.replace(/^\/\/ ?/, "")).join("\n");
      return { cell_type: "markdown", id, metadata: {}, source: splitLines(md) };
    }
    const metadata = header === "[parameters]" ? { tags: ["parameters"] } : {};
    return { cell_type: "code", id, metadata, source: splitLines(body), outputs: [], execution_count: null };
  });
  return { nbformat: 4, nbformat_minor: 5, metadata: TSLAB_METADATA, cells };
}

function splitLines(s: string): string[] {
  const lines = s.split("\n");
  return lines.map((l, i) => (i < lines.length - 1 ? l + "\n" : l));
}

const [cmd, a, b] = process.argv.slice(2);
if (cmd === "to-text" && a) process.stdout.write(toText(readNotebook(a)));
else if (cmd === "from-text" && a && b) {
  const nb = fromText(readFileSync(a, "utf8"));
  // Keep the project's own notebook metadata (e.g. alnm.requires) of the notebook being rewritten.
  if (existsSync(b)) {
    const alnm = readNotebook(b).metadata.alnm;
    if (alnm) nb.metadata = { ...nb.metadata, alnm };
  }
  writeFileSync(b, serialiseNotebook(nb));
}
else {
  console.error("usage: nbtool to-text <nb.ipynb> | from-text <text.ts> <nb.ipynb>");
  process.exitCode = 2;
}
