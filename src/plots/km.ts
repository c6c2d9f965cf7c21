import { PALETTE } from "./theme";
import { styleFigure, type Figure, type StyleOptions } from "./figure";

/** One Kaplan-Meier curve in plotting form: event times with the survival just after each. */
export interface KmCurveInput {
  label: string;
  time: number[];
  surv: number[];
  lower?: number[];
  upper?: number[];
  /** Times of censored observations (drawn as + marks on the curve). */
  censorTimes?: number[];
  /** Numbers at risk at `riskTimes` (same length), shown in the risk table. */
  atRisk: number[];
}

/**
 * Kaplan-Meier plot as survminer draws it: step curves from S(0) = 1 with shaded confidence bands and
 * censoring marks, and a risk table (numbers at risk at `riskTimes`) under the plot.
 *
 * @example
 * kaplanMeierPlot([{ label: "Low", time: [5, 9], surv: [0.9, 0.8], atRisk: [20, 12] }], [0, 6, 12], { xTitle: "Months" });
 */
export function kaplanMeierPlot(
  curves: KmCurveInput[],
  riskTimes: number[],
  options: StyleOptions & { xTitle?: string; yTitle?: string; annotation?: string; colours?: string[] } = {},
): Figure {
  const data: Record<string, unknown>[] = [];
  const colours = options.colours ?? [...PALETTE];
  curves.forEach((c, k) => {
    const colour = colours[k % colours.length];
    const stepX = [0, ...c.time];
    const stepY = [1, ...c.surv];
    if (c.lower && c.upper) {
      const lo = [1, ...c.lower.map((v) => (Number.isFinite(v) ? v : 0))];
      const hi = [1, ...c.upper.map((v) => (Number.isFinite(v) ? v : 1))];
      data.push({ type: "scatter", mode: "lines", x: stepX, y: hi, line: { width: 0, shape: "hv" }, hoverinfo: "skip", showlegend: false, xaxis: "x", yaxis: "y" });
      data.push({ type: "scatter", mode: "lines", x: stepX, y: lo, line: { width: 0, shape: "hv" }, fill: "tonexty", fillcolor: hexToRgba(colour, 0.15), hoverinfo: "skip", showlegend: false, xaxis: "x", yaxis: "y" });
    }
    data.push({ type: "scatter", mode: "lines", name: c.label, x: stepX, y: stepY, line: { color: colour, width: 1.5, shape: "hv" }, xaxis: "x", yaxis: "y" });
    if (c.censorTimes?.length) {
      const survAt = (t: number) => {
        let s = 1;
        for (let i = 0; i < c.time.length && c.time[i] <= t; i++) s = c.surv[i];
        return s;
      };
      data.push({ type: "scatter", mode: "markers", x: c.censorTimes, y: c.censorTimes.map(survAt), marker: { symbol: "cross-thin-open", size: 6, color: colour, line: { width: 1, color: colour } }, showlegend: false, hoverinfo: "skip", xaxis: "x", yaxis: "y" });
    }
    data.push({ type: "scatter", mode: "text", x: riskTimes, y: riskTimes.map(() => c.label), text: c.atRisk.map(String), textfont: { size: 9, color: colour }, cliponaxis: false, showlegend: false, hoverinfo: "skip", xaxis: "x2", yaxis: "y2" });
  });
  const xMax = Math.max(...riskTimes, ...curves.flatMap((c) => c.time));
  const layout: Record<string, unknown> = {
    xaxis: { domain: [0, 1], range: [-xMax * 0.03, xMax * 1.03], title: { text: options.xTitle ?? "Time", standoff: 4 }, anchor: "y" },
    yaxis: { domain: [0.34, 1], range: [0, 1.02], title: { text: options.yTitle ?? "Survival probability" } },
    xaxis2: { domain: [0, 1], matches: "x", showticklabels: false, showline: false, showgrid: false, ticks: "", anchor: "y2" },
    yaxis2: { domain: [0, 0.14], type: "category", showline: false, showgrid: false, ticks: "", autorange: "reversed" },
    legend: { x: 0.02, xanchor: "left", y: 0.36, yanchor: "bottom" },
  };
  const annotations: Record<string, unknown>[] = [
    { x: 0, y: 0.155, xref: "paper", yref: "paper", xanchor: "left", yanchor: "bottom", text: "Number at risk", showarrow: false, font: { size: 10 } },
  ];
  if (options.annotation) annotations.push({ x: 0.98, y: 0.36, xref: "paper", yref: "paper", xanchor: "right", yanchor: "bottom", text: options.annotation, showarrow: false, font: { size: 10 } });
  layout.annotations = annotations;
  return styleFigure({ data, layout }, { width: "single", heightMm: 95, ...options });
}

function hexToRgba(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}
