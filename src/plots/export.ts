import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { PNG_DPI } from "./theme";
import type { Figure } from "./figure";
import { repoRoot } from "../util/paths";

/** Where Debian installs Chromium; override with ALNM_CHROMIUM. */
export function chromiumPath(): string {
  return process.env.ALNM_CHROMIUM ?? "/usr/bin/chromium";
}

export class FigureExportUnavailable extends Error {}

const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * Renders plotly figures to SVG and PNG in headless Chromium (plotly's own renderer, so the static files
 * look exactly like the interactive figure). One browser page serves many figures; call `close()` when done.
 *
 * SVG output is made byte-stable: trace uids are fixed and the random ids plotly gives clip paths and
 * gradients are renumbered in order of appearance.
 */
export class FigureExporter {
  private constructor(private browser: any, private page: any) {}

  static async open(): Promise<FigureExporter> {
    const executablePath = chromiumPath();
    if (!existsSync(executablePath)) {
      throw new FigureExportUnavailable(
        `figure export needs Chromium at ${executablePath}: install it with 'apt-get install -y chromium fonts-liberation' ` +
          `(scripts/ensure-system.sh does this) or set ALNM_CHROMIUM`,
      );
    }
    const require = createRequire(join(repoRoot(), "package.json"));
    const { chromium } = require("playwright-core");
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
    const page = await browser.newPage();
    await page.setContent("<!doctype html><html><body><div id=fig></div></body></html>");
    await page.addScriptTag({ path: require.resolve("plotly.js-dist-min") });
    return new FigureExporter(browser, page);
  }

  /** SVG text of the figure at its layout size. */
  async svg(fig: Figure): Promise<string> {
    const url: string = await this.render(fig, "svg", 1);
    const svg = decodeURIComponent(url.slice(url.indexOf(",") + 1));
    return normaliseSvgIds(svg);
  }

  /** PNG bytes at PNG_DPI (the layout's CSS pixels scaled from 96 dpi). */
  async png(fig: Figure): Promise<Buffer> {
    const url: string = await this.render(fig, "png", PNG_DPI / 96);
    return Buffer.from(url.slice(url.indexOf(",") + 1), "base64");
  }

  private render(fig: Figure, format: "svg" | "png", scale: number): Promise<string> {
    const spec = withFixedUids(fig);
    return this.page.evaluate(
      async ({ spec, format, scale }: { spec: Figure; format: string; scale: number }) => {
        const Plotly = (globalThis as any).Plotly;
        const layout = spec.layout as { width?: number; height?: number };
        return Plotly.toImage(
          { data: spec.data, layout: spec.layout, config: { staticPlot: true } },
          { format, width: layout.width ?? 700, height: layout.height ?? 500, scale },
        );
      },
      { spec, format, scale },
    );
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

function withFixedUids(fig: Figure): Figure {
  return { data: fig.data.map((trace, i) => ({ uid: `trace${i}`, ...trace })), layout: fig.layout };
}

/**
 * Makes plotly's SVG byte-stable: renames every element id (and its references) to f0, f1, ... in order of
 * first appearance, and sorts the root element's attributes (plotly writes them in varying order).
 */
export function normaliseSvgIds(svg: string): string {
  svg = svg.replace(/^<svg\s([^>]*)>/, (_m, attrs: string) => {
    const list = attrs.match(/[^\s=]+="[^"]*"/g) ?? [];
    return `<svg ${[...list].sort().join(" ")}>`;
  });
  const ids: string[] = [];
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.includes(m[1])) ids.push(m[1]);
  let out = svg;
  ids.forEach((id, i) => {
    const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    out = out.replace(new RegExp(`(["#(])${escaped}(?=["')])`, "g"), `$1f${i}`);
  });
  return out;
}
