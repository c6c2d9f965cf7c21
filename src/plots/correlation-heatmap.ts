import { hclust } from "../stats/index";
import { correlationMatrices, type SpearmanRow } from "../tme/correlate";
import type { StyleOptions, Figure } from "./figure";
import { clusteredHeatmap } from "./heatmap";

/** One correlation of a map: a row of src/tme's spearmanPairs (feature x target with rho, p and BH p). */
export type CorrelationCell = SpearmanRow;

/**
 * Clustered heatmap of a Spearman map (Fig. 5 of the paper, drawn as pheatmap would): features as rows,
 * targets (cell types, lncRNAs, CpG sites) as columns, colour = rho on [-1, 1], rows and columns ordered by
 * complete-linkage clustering of their Euclidean distances (pheatmap's defaults, R `hclust(dist(.))`).
 * Marks: "*" for p < 0.05 unadjusted, "**" for BH-adjusted p < 0.05. Rows or columns whose correlations
 * are all undefined (a constant variable, R's NA) are dropped; other undefined cells stay blank and count
 * as 0 for clustering only.
 *
 * @example
 * correlationHeatmap(spearmanPairs(radiomics, immune), { width: "double", heightMm: 160 });
 */
export function correlationHeatmap(cells: CorrelationCell[], options: StyleOptions & { maxLabel?: number } = {}): Figure {
  const { maxLabel = 60 } = options;
  const { features, targets, rho, p, pAdj } = correlationMatrices(cells);
  const marks = rho.map((row, i) => row.map((_, j) => (pAdj[i][j] < 0.05 ? "**" : p[i][j] < 0.05 ? "*" : "")));
  const rowKeep = features.map((_, i) => rho[i].some(Number.isFinite));
  const colKeep = targets.map((_, j) => rho.some((r) => Number.isFinite(r[j])));
  const rows = features.flatMap((_, i) => (rowKeep[i] ? [i] : []));
  const cols = targets.flatMap((_, j) => (colKeep[j] ? [j] : []));
  if (rows.length === 0 || cols.length === 0) throw new Error("correlationHeatmap: every correlation is undefined");
  const z = rows.map((i) => cols.map((j) => rho[i][j]));
  const filled = z.map((r) => r.map((v) => (Number.isFinite(v) ? v : 0)));
  const tree = (m: number[][]) => (m.length > 1 ? hclust(m, { distance: "euclidean", linkage: "complete" }) : undefined);
  const cut = (s: string) => (s.length > maxLabel ? `${s.slice(0, maxLabel - 1)}…` : s);
  // Shortened labels must stay unique (they are the heatmap's categories); otherwise keep them whole.
  const labels = (names: string[]) => (new Set(names.map(cut)).size === names.length ? names.map(cut) : names);
  const rowLabels = labels(rows.map((i) => features[i]));
  const colLabels = labels(cols.map((j) => targets[j]));
  const fig = clusteredHeatmap(
    {
      z,
      rowLabels,
      colLabels,
      rowTree: tree(filled),
      colTree: tree(cols.map((_, c) => filled.map((r) => r[c]))),
      marks: rows.map((i) => cols.map((j) => marks[i][j])),
      colourTitle: "Spearman rho",
      zLimit: 1,
    },
    { width: "double", ...options },
  );
  // Room below for the column labels (8-pt text is about 4.5 px per character) and above for the title.
  const longest = (names: string[]) => Math.max(...names.map((n) => n.length));
  fig.layout.margin = { ...(fig.layout.margin as object), t: options.title ? 40 : 16, b: Math.min(240, 12 + 4.5 * longest(colLabels)) };
  return fig;
}
