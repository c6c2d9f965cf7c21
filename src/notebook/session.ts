import { readFileSync } from "node:fs";
import { join } from "node:path";
import { display, markdown, type MimeBundle } from "./display";
import { figuresDir, resultsDir, timingsDir } from "./outputs";
import { FigureExportUnavailable, FigureExporter } from "../plots/export";
import type { Figure } from "../plots/figure";
import { stableJson, writeFileAtomic } from "../util/atomic";
import { toCsv } from "../util/csv";

let exporter: Promise<FigureExporter> | null = null;

/** One browser for the whole process; closed when the process exits. */
function sharedExporter(): Promise<FigureExporter> {
  if (!exporter) {
    exporter = FigureExporter.open();
    exporter.catch(() => undefined);
    process.once("beforeExit", () => void exporter?.then((e) => e.close(), () => undefined));
  }
  return exporter;
}

/**
 * What a notebook cell uses to publish: `figure` shows a plotly figure inline and exports it to
 * `figures/<notebook>/<name>.{svg,png,json}`; `result` writes `results/<notebook>/<name>.json`.
 * Figure export is skipped (with a message) when ALNM_FIGURES=off; otherwise a missing Chromium is an error.
 *
 * @example
 * const nb = openNotebook("03-signatures");
 * await nb.figure("roc-training", rocFigure(...));
 * nb.result("auc", { training: 0.88 });
 */
export interface NotebookSession {
  readonly id: string;
  figure(name: string, fig: Figure): Promise<void>;
  result(name: string, data: unknown): void;
  /** Run-dependent measurements (seconds, CPU): `build/timings/<notebook>/<name>.json`, kept out of results/ so results stay byte-identical between runs. */
  timing(name: string, data: Record<string, number>): void;
  /** Writes rows as `results/<notebook>/<name>.csv` (util/csv.ts: RFC 4180, NA for missing; columns: the rows' keys unless given). */
  csv(name: string, rows: readonly object[], columns?: string[]): void;
  markdown(text: string): void;
}

export function openNotebook(id: string): NotebookSession {
  if (!/^[0-9]{2}-[a-z0-9-]+$/.test(id)) throw new Error(`openNotebook: '${id}' is not a notebook id like '03-signatures'`);
  // The browser that exports figures takes about 2 s to start: start it now, while the notebook computes, rather
  // than at its first figure (an error surfaces there, as before).
  if (process.env.ALNM_FIGURES !== "off") void sharedExporter().catch(() => undefined);
  return {
    id,
    async figure(name: string, fig: Figure): Promise<void> {
      checkName(name);
      const base = join(figuresDir(id), name);
      const spec = stableJson(fig);
      writeFileAtomic(`${base}.json`, spec);
      const bundle: MimeBundle = { "application/vnd.plotly.v1+json": JSON.parse(spec), "text/plain": `<figure ${id}/${name}>` };
      if (process.env.ALNM_FIGURES === "off") {
        console.log(`figure ${id}/${name}: SVG/PNG export skipped (ALNM_FIGURES=off); plotly spec written`);
      } else {
        const ex = await sharedExporter().catch((err) => {
          if (err instanceof FigureExportUnavailable) throw new Error(`${err.message}; or run with ALNM_FIGURES=off to skip export`);
          throw err;
        });
        const svg = await ex.svg(fig);
        const png = await ex.png(fig);
        writeFileAtomic(`${base}.svg`, svg);
        writeFileAtomic(`${base}.png`, png);
        // Inline: the SVG scaled to the cell's width (trusted notebooks) and the 300-dpi PNG (at least 3x the
        // figure's CSS size), which renders untrusted in Jupyter, GitHub, VS Code and nbviewer; both are shown at
        // the output area's width (Jupyter caps images at max-width 100%).
        bundle["image/svg+xml"] = svgAtCellWidth(svg);
        bundle["image/png"] = png.toString("base64");
      }
      display(bundle);
    },
    result(name: string, data: unknown): void {
      checkName(name);
      const file = join(resultsDir(id), `${name}.json`);
      writeFileAtomic(file, stableJson(data));
    },
    timing(name: string, data: Record<string, number>): void {
      checkName(name);
      writeFileAtomic(join(timingsDir(id), `${name}.json`), stableJson(data));
    },
    csv(name: string, rows: readonly object[], columns?: string[]): void {
      checkName(name);
      writeFileAtomic(join(resultsDir(id), `${name}.csv`), toCsv(rows, columns));
    },
    markdown,
  };
}

/** Reads a result another notebook (or an earlier run) wrote, e.g. the fitted signature's scores. */
export function readResult<T = unknown>(notebook: string, name: string): T {
  const file = join(resultsDir(notebook), `${name}.json`);
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch (err) {
    throw new Error(`result ${notebook}/${name} not found at ${file}: run notebook ${notebook} first (${(err as Error).message})`);
  }
}

/**
 * The SVG sized to its container's width: root width 100%, no fixed height, and the figure's aspect ratio as
 * CSS (an inline SVG with no height otherwise falls back to 150 px in browsers); the viewBox keeps the drawing.
 */
export function svgAtCellWidth(svg: string): string {
  const root = (attrs: string) => {
    const box = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(attrs);
    const style = box ? `width:100%;height:auto;aspect-ratio:${box[1]} / ${box[2]}` : "width:100%;height:auto";
    return ` ${attrs}`.replace(/\sheight="[^"]*"/, "").replace(/\swidth="[^"]*"/, ' width="100%"').replace(/\sstyle="[^"]*"/, "").trim() + ` style="${style}"`;
  };
  return svg.replace(/^<svg ([^>]*)>/, (_m, attrs: string) => `<svg ${root(attrs)}>`);
}

function checkName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new Error(`'${name}' is not a valid output name (letters, digits, . _ -)`);
}
