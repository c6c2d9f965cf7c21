import { DIVERGING_SCALE, FONT_FAMILY } from "./theme";
import { styleFigure, type Figure, type StyleOptions } from "./figure";
import { dendrogramSegments, leafOrder, type ClusterTree } from "./dendrogram";

export interface HeatmapInput {
  /** Values, rows x columns. NaN cells are drawn blank. */
  z: number[][];
  rowLabels: string[];
  colLabels: string[];
  /** Row / column clusterings (R's hclust form, e.g. from src/stats hclust): drawn in their leaf order with dendrograms. */
  rowTree?: ClusterTree;
  colTree?: ClusterTree;
  /** Optional per-cell text drawn on top (e.g. "*" for adjusted p < 0.05), same shape as z. */
  marks?: string[][];
  /** Colour-scale title and symmetric limit (default max |z|). */
  colourTitle?: string;
  zLimit?: number;
  /** Categorical annotation bar above the columns (e.g. ALN status), one label per column. */
  colAnnotation?: { name: string; values: string[]; colours: Record<string, string> };
}

/**
 * Clustered heatmap as pheatmap draws it: rows and columns reordered by their dendrograms (drawn left and
 * on top), a diverging colour scale centred on zero, optional significance marks and a column annotation.
 */
export function clusteredHeatmap(input: HeatmapInput, options: StyleOptions = {}): Figure {
  const rowOrder = input.rowTree ? leafOrder(input.rowTree) : input.rowLabels.map((_, i) => i);
  const colOrder = input.colTree ? leafOrder(input.colTree) : input.colLabels.map((_, j) => j);
  const z = rowOrder.map((i) => colOrder.map((j) => (Number.isFinite(input.z[i][j]) ? input.z[i][j] : null)));
  const limit = input.zLimit ?? Math.max(1e-12, ...input.z.flat().filter(Number.isFinite).map(Math.abs));
  const hasRowTree = Boolean(input.rowTree);
  const hasColTree = Boolean(input.colTree);
  const annotationRows = input.colAnnotation ? 0.04 : 0;
  const xMain: [number, number] = [hasRowTree ? 0.14 : 0, 1];
  const yMainTop = hasColTree ? 0.84 - annotationRows : 1 - annotationRows;
  // Row names sit to the right of the cells (8 pt, about 4.5 px a character); the colour bar goes horizontally
  // into the empty top-left corner, above the row dendrogram, so it never overlaps them.
  const labelPx = Math.min(320, Math.ceil(12 + 4.5 * Math.max(0, ...input.rowLabels.map((l) => l.length))));
  const data: Record<string, unknown>[] = [
    {
      type: "heatmap",
      z,
      x: colOrder.map((j) => input.colLabels[j]),
      y: rowOrder.map((i) => input.rowLabels[i]),
      zmin: -limit,
      zmax: limit,
      colorscale: DIVERGING_SCALE,
      colorbar: { title: { text: input.colourTitle ?? "", side: "top" }, orientation: "h", x: 0, xanchor: "left", y: 1, yanchor: "bottom", len: 0.12, thickness: 8, xpad: 0, ypad: 0 },
      xaxis: "x",
      yaxis: "y",
      hoverongaps: false,
    },
  ];
  const layout: Record<string, unknown> = {
    xaxis: { domain: xMain, showline: false, ticks: "", tickangle: -90, tickfont: { size: 8 }, showgrid: false },
    // Row names on the right, as pheatmap puts them, leaving the left to the row dendrogram.
    yaxis: { domain: [0, yMainTop], side: "right", showline: false, ticks: "", tickfont: { size: 8 }, autorange: "reversed", showgrid: false },
  };
  if (input.marks) {
    const annotations: Record<string, unknown>[] = [];
    rowOrder.forEach((i, r) =>
      colOrder.forEach((j, c) => {
        const text = input.marks![i][j];
        if (text) annotations.push({ x: c, y: r, xref: "x", yref: "y", text, showarrow: false, font: { size: 9, family: FONT_FAMILY } });
      }),
    );
    layout.annotations = annotations;
    layout.xaxis = { ...(layout.xaxis as object), type: "category" };
    layout.yaxis = { ...(layout.yaxis as object), type: "category" };
  }
  if (input.colTree) {
    const seg = dendrogramSegments(input.colTree);
    data.push({ type: "scatter", mode: "lines", x: seg.x, y: seg.y, xaxis: "x2", yaxis: "y2", line: { color: "#444", width: 0.8 }, hoverinfo: "skip", showlegend: false });
    layout.xaxis2 = { domain: xMain, range: [-0.5, colOrder.length - 0.5], visible: false };
    layout.yaxis2 = { domain: [yMainTop + annotationRows, 1], visible: false, rangemode: "tozero" };
  }
  if (input.rowTree) {
    const seg = dendrogramSegments(input.rowTree);
    // Row dendrogram grows leftwards: heights on a reversed x axis, leaves along y.
    data.push({ type: "scatter", mode: "lines", x: seg.y, y: seg.x, xaxis: "x3", yaxis: "y3", line: { color: "#444", width: 0.8 }, hoverinfo: "skip", showlegend: false });
    layout.xaxis3 = { domain: [0, xMain[0] - 0.01], visible: false, autorange: "reversed" };
    layout.yaxis3 = { domain: [0, yMainTop], range: [rowOrder.length - 0.5, -0.5], visible: false };
  }
  if (input.colAnnotation) {
    const levels = Object.keys(input.colAnnotation.colours);
    const codes = colOrder.map((j) => levels.indexOf(input.colAnnotation!.values[j]));
    const scale = levels.flatMap((l, k) => [
      [k / levels.length, input.colAnnotation!.colours[l]],
      [(k + 1) / levels.length, input.colAnnotation!.colours[l]],
    ]);
    data.push({
      type: "heatmap", z: [codes], x: colOrder.map((j) => input.colLabels[j]), y: [input.colAnnotation.name],
      zmin: -0.5, zmax: levels.length - 0.5, colorscale: scale, showscale: false, xaxis: "x4", yaxis: "y4",
      text: [colOrder.map((j) => input.colAnnotation!.values[j])], hoverinfo: "text",
    });
    layout.xaxis4 = { domain: xMain, visible: false, matches: "x" };
    layout.yaxis4 = { domain: [yMainTop + 0.005, yMainTop + annotationRows], tickfont: { size: 8 }, showline: false, ticks: "" };
  }
  return styleFigure({ data, layout: { ...layout, margin: { l: 16, r: labelPx, t: 16, b: 90 } } }, { width: "double", heightMm: 150, ...options });
}
