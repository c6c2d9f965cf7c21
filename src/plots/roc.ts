import { PALETTE, ROLE_COLOURS, WIDTH_MM } from "./theme";
import { styleFigure, type Figure, type StyleOptions } from "./figure";

export interface RocCurveInput {
  name: string;
  /** Points of the empirical ROC curve, from (0, 0) to (1, 1). */
  fpr: number[];
  tpr: number[];
  auc: number;
  /** DeLong 95 % confidence interval of the AUC. */
  lower: number;
  upper: number;
  /** Optional marked operating point (e.g. the training cut-off, or a binary reader such as radiologists). */
  point?: { fpr: number; tpr: number; label: string };
}

/**
 * ROC curves of several signatures in one panel, as the paper's Fig. 2b-c: 1 - specificity on x,
 * sensitivity on y, the chance diagonal, and each legend entry giving "name: AUC (95 % CI)".
 *
 * @example
 * rocFigure([{ name: "ALN-tumour", fpr: [0, 0.2, 1], tpr: [0, 0.8, 1], auc: 0.8, lower: 0.7, upper: 0.9 }], { title: "Training" });
 */
export function rocFigure(curves: RocCurveInput[], options: StyleOptions = {}): Figure {
  const fmt = (x: number) => x.toFixed(2);
  const data: Record<string, unknown>[] = [
    { type: "scatter", mode: "lines", x: [0, 1], y: [0, 1], line: { color: ROLE_COLOURS.reference, dash: "dash", width: 1 }, showlegend: false, hoverinfo: "skip" },
  ];
  curves.forEach((c, i) => {
    const colour = PALETTE[i % PALETTE.length];
    data.push({
      type: "scatter",
      mode: "lines",
      name: `${c.name}: ${fmt(c.auc)} (${fmt(c.lower)}-${fmt(c.upper)})`,
      x: c.fpr,
      y: c.tpr,
      line: { color: colour, width: 1.5, shape: "linear" },
    });
    if (c.point) {
      data.push({
        type: "scatter",
        mode: "markers",
        name: c.point.label,
        x: [c.point.fpr],
        y: [c.point.tpr],
        marker: { color: colour, size: 7, symbol: "diamond", line: { color: "#222222", width: 0.5 } },
        showlegend: false,
        hovertext: c.point.label,
      });
    }
  });
  // The legend sits below the axes, one line per curve, so it never covers a curve.
  const entries = curves.length;
  const withHeight = { ...options, heightMm: options.heightMm ?? WIDTH_MM[options.width ?? "single"] * (1 + 0.07 * entries) };
  return styleFigure(
    {
      data,
      layout: {
        xaxis: { title: { text: "1 - Specificity" }, range: [-0.01, 1.01], constrain: "domain" },
        yaxis: { title: { text: "Sensitivity" }, range: [-0.01, 1.01], scaleanchor: "x", scaleratio: 1 },
        margin: { l: 56, r: 16, t: options.title ? 36 : 16, b: 56 + 16 * (entries + 1) },
        legend: { x: 0, xanchor: "left", y: -0.2, yanchor: "top", font: { size: 8 }, title: { text: "AUC (95% CI)", font: { size: 8 } } },
      },
    },
    withHeight,
  );
}
