import { PALETTE, ROLE_COLOURS } from "./theme";
import { styleFigure, type Figure, type StyleOptions } from "./figure";

export interface CalibrationCurveInput {
  name: string;
  /** Mean predicted probability of each bin. */
  predicted: number[];
  /** Observed fraction of positives in each bin. */
  observed: number[];
  /** Patients per bin (marker size and hover). */
  counts: number[];
  brier: number;
}

/**
 * Calibration plot: observed fraction of ALN-positive patients against mean predicted probability per bin,
 * with the identity line (perfect calibration); the legend gives each model's Brier score.
 *
 * @example
 * calibrationFigure([{ name: "Multiomic", predicted: [0.1, 0.5, 0.9], observed: [0.12, 0.45, 0.85], counts: [40, 30, 30], brier: 0.14 }]);
 */
export function calibrationFigure(curves: CalibrationCurveInput[], options: StyleOptions = {}): Figure {
  const data: Record<string, unknown>[] = [
    { type: "scatter", mode: "lines", x: [0, 1], y: [0, 1], line: { color: ROLE_COLOURS.reference, dash: "dash", width: 1 }, name: "Ideal", showlegend: false },
    ...curves.map((c, i) => ({
      type: "scatter",
      mode: "lines+markers",
      name: `${c.name} (Brier ${c.brier.toFixed(3)})`,
      x: c.predicted,
      y: c.observed,
      text: c.counts.map((n) => `n = ${n}`),
      marker: { color: PALETTE[i % PALETTE.length], size: 6 },
      line: { color: PALETTE[i % PALETTE.length], width: 1.2 },
    })),
  ];
  return styleFigure(
    {
      data,
      layout: {
        xaxis: { title: { text: "Predicted probability" }, range: [0, 1] },
        yaxis: { title: { text: "Observed fraction ALN positive" }, range: [0, 1], scaleanchor: "x", scaleratio: 1 },
        legend: { x: 0.02, xanchor: "left", y: 0.98, yanchor: "top", font: { size: 8 } },
      },
    },
    options,
  );
}
