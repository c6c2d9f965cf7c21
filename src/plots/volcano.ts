import { PALETTE, ROLE_COLOURS } from "./theme";
import { styleFigure, type Figure, type StyleOptions } from "./figure";

export interface VolcanoPoint {
  gene: string;
  log2FC: number;
  p: number;
  /** BH-adjusted p (FDR); a point is significant when fdr < fdrThreshold and |log2FC| >= fcThreshold. */
  fdr: number;
}

export interface VolcanoOptions extends StyleOptions {
  /** FDR threshold (default 0.05). */
  fdrThreshold?: number;
  /** Absolute log2 fold-change threshold (default 0: FDR alone decides). */
  fcThreshold?: number;
  /** Label the n most significant up- and down-regulated genes each (default 5). */
  labelTop?: number;
  /** Names of the two groups for the axis title (default "high", "low"). */
  groups?: [string, string];
}

/**
 * Volcano plot of a differential-expression table: x = log2 fold change, y = -log10(p); genes with
 * FDR < threshold and |log2FC| >= threshold are coloured (up: vermillion, down: blue), the rest grey;
 * dashed guides at the fold-change threshold(s) and at the largest p still significant by FDR; the most
 * significant genes of each direction are labelled. Genes with an undefined p (NaN) are left out.
 *
 * @example
 * volcanoPlot(deg.genes, { fdrThreshold: 0.05, fcThreshold: 0.5, labelTop: 5, groups: ["high score", "low score"] });
 */
export function volcanoPlot(points: VolcanoPoint[], options: VolcanoOptions = {}): Figure {
  const { fdrThreshold = 0.05, fcThreshold = 0, labelTop = 5, groups = ["high", "low"] } = options;
  const tested = points.filter((g) => Number.isFinite(g.p) && Number.isFinite(g.log2FC));
  const significant = (g: VolcanoPoint) => g.fdr < fdrThreshold && Math.abs(g.log2FC) >= fcThreshold;
  // p = 0 (underflow) is drawn at the largest finite -log10 p so it stays on the plot.
  const finiteMax = Math.max(1, ...tested.filter((g) => g.p > 0).map((g) => -Math.log10(g.p)));
  const y = (g: VolcanoPoint) => (g.p > 0 ? -Math.log10(g.p) : finiteMax);
  const classes: { name: string; colour: string; keep: (g: VolcanoPoint) => boolean }[] = [
    { name: "not significant", colour: ROLE_COLOURS.reference, keep: (g) => !significant(g) },
    { name: `up in ${groups[0]}`, colour: PALETTE[1], keep: (g) => significant(g) && g.log2FC > 0 },
    { name: `down in ${groups[0]}`, colour: PALETTE[0], keep: (g) => significant(g) && g.log2FC < 0 },
  ];
  const data: Record<string, unknown>[] = classes.map((c) => {
    const pts = tested.filter(c.keep);
    return {
      type: "scatter",
      mode: "markers",
      name: `${c.name} (${pts.length})`,
      x: pts.map((g) => g.log2FC),
      y: pts.map(y),
      text: pts.map((g) => g.gene),
      hovertemplate: "%{text}<br>log2FC %{x:.3f}<br>-log10 p %{y:.2f}<extra></extra>",
      marker: { color: c.colour, size: 4, opacity: 0.8 },
    };
  });
  const bySignificance = tested.filter(significant).sort((a, b) => a.p - b.p || (a.gene < b.gene ? -1 : 1));
  const labelled = [
    ...bySignificance.filter((g) => g.log2FC > 0).slice(0, labelTop),
    ...bySignificance.filter((g) => g.log2FC < 0).slice(0, labelTop),
  ];
  const guide = { type: "line", line: { dash: "dash", width: 1, color: "#777777" } };
  const shapes: Record<string, unknown>[] = [];
  const xs = tested.map((g) => g.log2FC);
  const xMin = Math.min(0, ...xs), xMax = Math.max(0, ...xs);
  const pCut = Math.max(...tested.filter((g) => g.fdr < fdrThreshold).map((g) => g.p));
  if (Number.isFinite(pCut) && pCut > 0) shapes.push({ ...guide, xref: "x", yref: "y", x0: xMin, x1: xMax, y0: -Math.log10(pCut), y1: -Math.log10(pCut) });
  if (fcThreshold > 0) {
    for (const x of [-fcThreshold, fcThreshold]) shapes.push({ ...guide, xref: "x", yref: "paper", x0: x, x1: x, y0: 0, y1: 1 });
  }
  return styleFigure(
    {
      data,
      layout: {
        xaxis: { title: { text: `log2 fold change (${groups[0]} vs ${groups[1]})` } },
        yaxis: { title: { text: "-log10 p" }, rangemode: "tozero" },
        shapes,
        // Labels fan out upwards by rank so neighbouring top genes do not overprint each other.
        annotations: labelled.map((g) => {
          const rank = (g.log2FC > 0 ? labelled.filter((h) => h.log2FC > 0) : labelled.filter((h) => h.log2FC < 0)).indexOf(g);
          return { x: g.log2FC, y: y(g), text: g.gene, showarrow: true, arrowhead: 0, arrowwidth: 0.5, ax: (g.log2FC > 0 ? 1 : -1) * (24 + 14 * rank), ay: -10 - 11 * rank, font: { size: 8 } };
        }),
        legend: { orientation: "h", x: 0, xanchor: "left", y: -0.22, yanchor: "top", font: { size: 8 } },
        margin: { l: 56, r: 16, t: options.title ? 36 : 16, b: 84 },
      },
    },
    options,
  );
}
