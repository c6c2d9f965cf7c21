import { styleFigure, type Figure, type StyleOptions } from "./figure";

/** One enriched set as an over-representation table gives it (clusterProfiler's columns). */
export interface EnrichedSet {
  ID: string;
  Description: string;
  /** "k/n": query genes in the set / query genes annotated. */
  GeneRatio: string;
  pvalue: number;
  "p.adjust": number;
  Count: number;
}

/** The fraction k/n of a GeneRatio string "k/n". */
export function geneRatioValue(ratio: string): number {
  const m = /^(\d+)\/(\d+)$/.exec(ratio.trim());
  if (!m || Number(m[2]) === 0) throw new Error(`GeneRatio '${ratio}' is not of the form k/n with n > 0`);
  return Number(m[1]) / Number(m[2]);
}

/**
 * Dot plot of over-representation results as clusterProfiler's `dotplot(enrichResult, showCategory = n)`:
 * the n sets with the smallest adjusted p, ordered by GeneRatio (largest on top); x = GeneRatio (k/n),
 * dot area ~ Count, colour = p.adjust (red = smallest, blue = largest, as DOSE's default scale).
 *
 * @example
 * enrichmentDotPlot(overRepresentation(genes, readGmt("data/go/GO_BP.gmt.gz")), { top: 15, title: "GO BP" });
 */
export function enrichmentDotPlot(rows: EnrichedSet[], options: StyleOptions & { top?: number; maxLabel?: number } = {}): Figure {
  const { top = 15, maxLabel = 50 } = options;
  const shown = rows
    .filter((r) => Number.isFinite(r["p.adjust"]))
    // BH ties (common when nothing is significant) are broken by the raw p, so the top sets are the strongest.
    .sort((a, b) => a["p.adjust"] - b["p.adjust"] || a.pvalue - b.pvalue || (a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0))
    .slice(0, top)
    .map((r) => ({ ...r, ratio: geneRatioValue(r.GeneRatio) }))
    // Bottom to top on the y axis, so the largest GeneRatio ends on top as in clusterProfiler.
    .sort((a, b) => a.ratio - b.ratio || b["p.adjust"] - a["p.adjust"]);
  const label = (r: EnrichedSet) => {
    const d = r.Description.length > maxLabel ? `${r.Description.slice(0, maxLabel - 1)}…` : r.Description;
    return `${d} (${r.ID})`;
  };
  const maxCount = Math.max(1, ...shown.map((r) => r.Count));
  const data: Record<string, unknown>[] = [
    {
      type: "scatter",
      mode: "markers",
      x: shown.map((r) => r.ratio),
      y: shown.map(label),
      text: shown.map((r) => `${r.ID} ${r.Description}<br>GeneRatio ${r.GeneRatio}, Count ${r.Count}, p.adjust ${r["p.adjust"].toExponential(2)}`),
      hovertemplate: "%{text}<extra></extra>",
      marker: {
        size: shown.map((r) => r.Count),
        sizemode: "area",
        sizeref: (2 * maxCount) / 14 ** 2,
        sizemin: 3,
        color: shown.map((r) => r["p.adjust"]),
        colorscale: [[0, "#D55E00"], [1, "#0072B2"]],
        colorbar: { title: { text: "p.adjust" }, thickness: 10, len: 0.6 },
        line: { width: 0 },
      },
      showlegend: false,
    },
  ];
  return styleFigure(
    {
      data,
      layout: {
        xaxis: { title: { text: "GeneRatio" } },
        yaxis: { automargin: true, tickfont: { size: 8 } },
        margin: { l: 8, r: 16, t: options.title ? 36 : 16, b: 48 },
      },
    },
    { width: "double", heightMm: Math.max(60, 10 + 6 * shown.length), ...options },
  );
}
