/**
 * A static HTML copy of the executed notebooks (nbconvert's HTML exporter, figures embedded as PNG data), plus
 * an index page linking them, in `build/html/`: a folder a reviewer can zip and open anywhere,
 * without Jupyter or the project.
 *
 * @example
 * exportHtml(["build/notebooks/01-cohorts.ipynb"], "build/html");   // build/html/01-cohorts.html, index.html
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { cellSource, readNotebook } from "./ipynb";
import { writeFileAtomic } from "../util/atomic";

/** Debian's Python, which has nbconvert (scripts/ensure-system.sh --jupyter installs it). */
const PYTHON = "/usr/bin/python3";

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Whether nbconvert can run here. */
export function htmlExportAvailable(): boolean {
  return existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import nbconvert"], { stdio: "ignore" }).status === 0;
}

/** Title of a notebook: its first Markdown heading, without the leading #s. */
function title(file: string): string {
  const md = readNotebook(file).cells.find((c) => c.cell_type === "markdown");
  const heading = md ? cellSource(md).split("\n").find((l) => l.startsWith("#")) : undefined;
  return heading ? heading.replace(/^#+\s*/, "") : basename(file, ".ipynb");
}

/** Converts the executed notebooks to HTML in `outDir` and writes `index.html`; throws with nbconvert's message on failure. */
export function exportHtml(executed: string[], outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  // Figures as their PNG: nbconvert sanitises untrusted SVG (it drops the viewBox, so a scaled SVG loses its shape).
  const priority = JSON.stringify(["text/html", "text/markdown", "image/png", "image/jpeg", "image/svg+xml", "text/plain"]);
  const r = spawnSync(PYTHON, ["-m", "jupyter", "nbconvert", "--to", "html", `--NbConvertBase.display_data_priority=${priority}`, "--output-dir", outDir, ...executed], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`nbconvert --to html failed: ${(r.stderr || r.stdout || "").trim().split("\n").slice(-3).join(" ")}`);
  const pages = executed.map((f) => ({ file: `${basename(f, ".ipynb")}.html`, title: title(f) }));
  const index = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>alnm-radiomics: executed notebooks</title>
<style>body{font-family:sans-serif;max-width:900px;margin:2em auto;line-height:1.5}li{margin:.4em 0}</style></head>
<body><h1>alnm-radiomics: executed notebooks</h1>
<p>Static copies of the notebooks as <code>alnm reproduce</code> executed them, figures embedded. Open any page; no Jupyter needed.</p>
<ol>
${pages.map((p) => `<li><a href="${escapeHtml(p.file)}">${escapeHtml(p.title)}</a></li>`).join("\n")}
</ol></body></html>
`;
  writeFileAtomic(join(outDir, "index.html"), index);
  return [...pages.map((p) => join(outDir, p.file)), join(outDir, "index.html")];
}
