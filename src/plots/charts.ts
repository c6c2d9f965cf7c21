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
