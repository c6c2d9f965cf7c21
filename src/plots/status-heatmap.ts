import { hclust } from "../stats/index";
import type { NamedMatrix } from "../tme/matrix";
import type { Figure, StyleOptions } from "./figure";
import { clusteredHeatmap } from "./heatmap";
import { PALETTE, ROLE_COLOURS } from "./theme";

/**
 * Heatmap of features by a patient's binary status (the paper's appendix p 7: key microenvironment features by
 * ALN status): one row per feature, one column per patient, cells = the feature's z-score over the patients
 * (clipped to ±3 so a few outliers do not wash out the scale), columns grouped by status (negative first), rows
 * ordered by complete-linkage clustering of their Euclidean distances (pheatmap's defaults). Blocks of
 * features (e.g. immune cells, lncRNAs, CpG sites) keep their name as a prefix. Patients missing from a block
 * or without a status are left out; constant features are dropped.
 *
 * @example
 * statusHeatmap({ "CIBERSORT": fractions, "lncRNA": topLnc }, aln, { title: "Key features by ALN status" });
 */
export function statusHeatmap(
  blocks: Record<string, NamedMatrix>,
  status: Map<string, 0 | 1>,
  options: StyleOptions & { statusName?: string; levels?: [string, string] } = {},
): Figure {
  const { statusName = "ALN status", levels = ["ALN-", "ALN+"] } = options;
  const entries = Object.entries(blocks);
  const shared = [...status.keys()].filter((id) => entries.every(([, m]) => m.rows.includes(id)));
  const patients = [...shared.filter((id) => status.get(id) === 0), ...shared.filter((id) => status.get(id) === 1)];
  if (patients.length < 2) throw new Error("statusHeatmap: fewer than 2 patients are in every block and have a status");
  const rowLabels: string[] = [];
  const z: number[][] = [];
  for (const [block, m] of entries) {
    const rowOf = new Map(m.rows.map((id, i) => [id, i] as [string, number]));
    m.columns.forEach((name, j) => {
      const x = patients.map((id) => m.values[rowOf.get(id)!][j]);
      const finite = x.filter(Number.isFinite);
      const mean = finite.reduce((s, v) => s + v, 0) / finite.length;
      const sd = Math.sqrt(finite.reduce((s, v) => s + (v - mean) ** 2, 0) / (finite.length - 1));
      if (!(sd > 0)) return;
      rowLabels.push(`${block}: ${name}`);
      z.push(x.map((v) => (Number.isFinite(v) ? Math.max(-3, Math.min(3, (v - mean) / sd)) : NaN)));
    });
  }
  if (z.length === 0) throw new Error("statusHeatmap: every feature is constant over the patients");
  const filled = z.map((r) => r.map((v) => (Number.isFinite(v) ? v : 0)));
  return clusteredHeatmap(
    {
      z,
      rowLabels,
      colLabels: patients,
      rowTree: z.length > 1 ? hclust(filled, { distance: "euclidean", linkage: "complete" }) : undefined,
      colAnnotation: { name: statusName, values: patients.map((id) => levels[status.get(id)!]), colours: { [levels[0]]: ROLE_COLOURS.reference, [levels[1]]: PALETTE[1] } },
      colourTitle: "z-score",
      zLimit: 3,
    },
    { width: "double", ...options },
  );
}
