import { PALETTE } from "./theme";
import { styleFigure, type Figure, type StyleOptions } from "./figure";

/**
 * Grouped bar chart: one trace per series, categories on the x axis.
 *
 * @example
 * groupedBars(["Training", "External"], { Negative: [475, 94], Positive: [328, 85] }, { yTitle: "Patients" });
 */
export function groupedBars(
  categories: string[],
  series: Record<string, number[]>,
  options: StyleOptions & { yTitle?: string; xTitle?: string; colours?: string[]; yRange?: [number, number] } = {},
): Figure {
  const names = Object.keys(series);
  const data = names.map((name, i) => ({
    type: "bar",
    name,
    x: categories,
    y: series[name],
    marker: { color: (options.colours ?? PALETTE)[i % PALETTE.length] },
  }));
  return styleFigure(
    {
      data,
      layout: {
        barmode: "group",
        xaxis: { title: { text: options.xTitle ?? "" } },
        yaxis: { title: { text: options.yTitle ?? "" }, ...(options.yRange ? { range: options.yRange } : {}) },
      },
    },
    options,
  );
}

/**
 * A line with a shaded confidence band (e.g. cross-validated AUC against the number of features kept), and an
 * optional dashed reference value.
 *
 * @example
 * lineWithBand([5, 10, 30], [0.80, 0.84, 0.85], [0.75, 0.8, 0.81], [0.85, 0.88, 0.89], { xTitle: "Features per group", yTitle: "CV AUC" });
 */
export function lineWithBand(
  x: number[],
  y: number[],
  lower: number[],
  upper: number[],
  options: StyleOptions & { xTitle?: string; yTitle?: string; name?: string; reference?: { x: number; label: string } } = {},
): Figure {
  const colour = PALETTE[0];
  const data: Record<string, unknown>[] = [
    { type: "scatter", mode: "lines", x: [...x, ...x.slice().reverse()], y: [...upper, ...lower.slice().reverse()], fill: "toself", fillcolor: "rgba(0,114,178,0.15)", line: { width: 0 }, name: "95% CI", hoverinfo: "skip" },
    { type: "scatter", mode: "lines+markers", x, y, name: options.name ?? "estimate", line: { color: colour } },
  ];
  const shapes = options.reference
    ? [{ type: "line", x0: options.reference.x, x1: options.reference.x, yref: "paper", y0: 0, y1: 1, line: { dash: "dash", color: "#666", width: 1 } }]
    : [];
  const annotations = options.reference ? [{ x: options.reference.x, yref: "paper", y: 1, text: options.reference.label, showarrow: false, yanchor: "bottom", font: { size: 9 } }] : [];
  return styleFigure(
    {
      data,
      layout: {
        xaxis: { title: { text: options.xTitle ?? "" } },
        yaxis: { title: { text: options.yTitle ?? "" } },
        shapes,
        annotations,
        // Below the axis title, so it never covers the x title or the line.
        legend: { orientation: "h", x: 0, xanchor: "left", y: -0.34, yanchor: "top", font: { size: 8 } },
      },
    },
    options,
  );
}
