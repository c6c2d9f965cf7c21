import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "../command";
import { parseArgs } from "../command";
import { outputRoot } from "../../notebook/outputs";
import { FigureExporter } from "../../plots/export";
import { styleFigure, type Figure } from "../../plots/figure";
import { WIDTH_MM, type FigureWidth } from "../../plots/theme";
import { writeFileAtomic } from "../../util/atomic";

export const figures: Command = {
  help: `Usage: alnm figures [--only <name>] [--width single|oneAndHalf|double] [--format svg,png]

Every figure a notebook shows is saved as a plotly spec figures/<notebook>/<name>.json. This command renders
the specs again to SVG and PNG (300 dpi) in headless Chromium without re-running the analyses, e.g. after
choosing another width for a manuscript. Needs Debian's chromium (scripts/ensure-system.sh installs it).

Options:
  --only <name>    only figures whose path contains <name> (repeatable)
  --width <w>      re-size to a journal width: single (${WIDTH_MM.single} mm), oneAndHalf (${WIDTH_MM.oneAndHalf} mm), double (${WIDTH_MM.double} mm)
  --format <list>  svg, png or both (default svg,png)

Example:
  npx alnm figures --only 03-signatures/roc --width double`,
  async run(argv) {
    const { options } = parseArgs(argv);
    const only = options.get("only") ?? [];
    const width = options.get("width")?.[0] as FigureWidth | undefined;
    if (width && !(width in WIDTH_MM)) throw new Error(`--width must be one of ${Object.keys(WIDTH_MM).join(", ")}`);
    const formats = (options.get("format")?.[0] ?? "svg,png").split(",");
    const root = join(outputRoot(), "figures");
    const specs = listSpecs(root).filter((f) => !only.length || only.some((o) => f.includes(o)));
    if (specs.length === 0) {
      console.error(`no figure specs under ${root}: run 'npm run reproduce' first`);
      return 1;
    }
    const exporter = await FigureExporter.open();
    try {
      for (const spec of specs) {
        let fig = JSON.parse(readFileSync(spec, "utf8")) as Figure;
        if (width) fig = styleFigure(fig, { width });
        const base = spec.slice(0, -".json".length);
        if (formats.includes("svg")) writeFileAtomic(`${base}.svg`, await exporter.svg(fig));
        if (formats.includes("png")) writeFileAtomic(`${base}.png`, await exporter.png(fig));
        console.log(`${base.slice(root.length + 1)}: ${formats.join(", ")}`);
      }
    } finally {
      await exporter.close();
    }
    return 0;
  },
};

function listSpecs(dir: string): string[] {
  let entries: string[] = [];
  try {
    entries = readdirSync(dir, { recursive: true }) as string[];
  } catch {
    return [];
  }
  return entries.filter((f) => f.endsWith(".json")).sort().map((f) => join(dir, f));
}
