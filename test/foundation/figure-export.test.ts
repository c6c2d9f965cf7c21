import { describe, expect, it } from "vitest";
import { FigureExporter, normaliseSvgIds } from "../../src/plots/export";
import { groupedBars } from "../../src/plots/charts";
import { styleFigure } from "../../src/plots/figure";
import { WIDTH_MM, mmToPx } from "../../src/plots/theme";

describe("figure export", () => {
  it("renumbers plotly's random ids and their references in order of appearance", () => {
    const svg = '<svg><defs id="defs-a1b2c3"><clipPath id="clipa1b2c3xy"></clipPath></defs><g clip-path="url(#clipa1b2c3xy)"></g><use href="#defs-a1b2c3"/></svg>';
    expect(normaliseSvgIds('<svg width="2" class="main-svg" style="a: b">x</svg>')).toBe('<svg class="main-svg" style="a: b" width="2">x</svg>');
    expect(normaliseSvgIds(svg)).toBe('<svg><defs id="f0"><clipPath id="f1"></clipPath></defs><g clip-path="url(#f1)"></g><use href="#f0"/></svg>');
  });

  it("sizes figures to journal column widths", () => {
    const fig = styleFigure({ data: [], layout: {} }, { width: "double", heightMm: 60 });
    expect(fig.layout.width).toBe(mmToPx(WIDTH_MM.double));
    expect(fig.layout.height).toBe(mmToPx(60));
  });

  it("gives byte-identical SVG from two separate browser sessions", async () => {
    const fig = groupedBars(["Training", "External"], { Negative: [475, 94], Positive: [328, 85] }, { yTitle: "Patients" });
    fig.data.push({ type: "heatmap", z: [[1, 2], [3, 4]], xaxis: "x2", yaxis: "y2" });
    Object.assign(fig.layout, { xaxis: { domain: [0, 0.45] }, xaxis2: { domain: [0.55, 1] }, yaxis2: { anchor: "x2" } });
    const svgs: string[] = [];
    for (let run = 0; run < 2; run++) {
      const exporter = await FigureExporter.open();
      try {
        svgs.push(await exporter.svg(fig));
        const png = await exporter.png(fig);
        expect(png.subarray(1, 4).toString()).toBe("PNG");
      } finally {
        await exporter.close();
      }
    }
    expect(svgs[0]).toContain("<svg");
    expect(svgs[0]).toContain("Patients");
    expect(svgs[1]).toBe(svgs[0]);
  });
});
