import { PALETTE, ROLE_COLOURS, WIDTH_MM } from "./theme";
import { styleFigure, type Figure, type StyleOptions } from "./figure";

export interface DecisionCurveInput {
  thresholds: number[];
  /** Net benefit of each strategy at each threshold (same length as thresholds). */
  models: { name: string; netBenefit: number[] }[];
  /** Net benefit of treating everyone; treating no one is 0. */
  treatAll: number[];
}

/**
 * Decision curves (Vickers & Elkin 2006), as the paper's Fig. 2d: net benefit
 * NB(pt) = TP/n - FP/n * pt / (1 - pt) against the threshold probability pt, with the "treat all" and
 * "treat none" references. The y axis is cut a little below zero so the treat-all curve's fall does not
 * hide the models.
 *
 * @example
 * decisionCurveFigure({ thresholds: [0.1, 0.2], models: [{ name: "Multiomic", netBenefit: [0.3, 0.25] }], treatAll: [0.3, 0.2] });
 */
export function decisionCurveFigure(input: DecisionCurveInput, options: StyleOptions & { yMin?: number } = {}): Figure {
  const maxNb = Math.max(0.01, ...input.treatAll.filter(Number.isFinite), ...input.models.flatMap((m) => m.netBenefit.filter(Number.isFinite)));
  const data: Record<string, unknown>[] = [
    ...input.models.map((m, i) => ({
      type: "scatter",
      mode: "lines",
      name: m.name,
      x: input.thresholds,
      y: m.netBenefit,
      line: { color: PALETTE[i % PALETTE.length], width: 1.5 },
    })),
    { type: "scatter", mode: "lines", name: "Treat all", x: input.thresholds, y: input.treatAll, line: { color: ROLE_COLOURS.reference, width: 1 } },
    { type: "scatter", mode: "lines", name: "Treat none", x: [input.thresholds[0], input.thresholds[input.thresholds.length - 1]], y: [0, 0], line: { color: "#222222", width: 1, dash: "dot" } },
  ];
  return styleFigure(
    {
      data,
      layout: {
        xaxis: { title: { text: "Threshold probability" }, range: [0, 1] },
        yaxis: { title: { text: "Net benefit" }, range: [options.yMin ?? -0.05, maxNb * 1.05] },
        // Below the axes, so the legend never hides a curve.
        legend: { orientation: "h", x: 0, xanchor: "left", y: -0.34, yanchor: "top", font: { size: 8 } },
        margin: { l: 56, r: 16, t: options.title ? 36 : 16, b: 130 },
      },
    },
    { ...options, heightMm: options.heightMm ?? WIDTH_MM[options.width ?? "single"] * 1.05 },
  );
}
