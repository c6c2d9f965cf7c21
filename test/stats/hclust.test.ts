import { describe, expect, it } from "vitest";
import { hclust, hclustFromDistances } from "../../src/stats/index";
import { expectClose, rExtra, readCsv, readJson } from "./helpers";

const extra = rExtra();
const VARS = ["year", "age", "meno", "size_cat", "grade", "nodes", "pgr", "er", "hormon", "rfs_time"];

function matrixOf(file: string): { rows: string[]; z: number[][] } {
  const d = readCsv("r", "extended", "hclust", file);
  return { rows: d.map((r) => r.row), z: d.map((r) => VARS.map((v) => r[v])) };
}

/** Column z-scores with sd on n - 1 (R `scale`). */
function scale(m: number[][]): number[][] {
  const n = m.length;
  const cols = m[0].map((_, j) => {
    const mean = m.reduce((s, r) => s + r[j], 0) / n;
    const sd = Math.sqrt(m.reduce((s, r) => s + (r[j] - mean) ** 2, 0) / (n - 1));
    return { mean, sd };
  });
  return m.map((r) => r.map((v, j) => (v - cols[j].mean) / cols[j].sd));
}

const transpose = (m: number[][]): number[][] => m[0].map((_, j) => m.map((r) => r[j]));

function expectTree(mine: { merge: number[][]; height: number[]; order: number[] }, ref: { merge: number[][]; height: number[]; order: number[] }, tag: string) {
  expect(mine.merge, `${tag} merge`).toEqual(ref.merge);
  expect(mine.order, `${tag} order`).toEqual(ref.order);
  mine.height.forEach((h, i) => expectClose(h, ref.height[i], 1e-12, `${tag} height ${i}`));
}

describe("hclust against R hclust / pheatmap", () => {
  it("euclidean + complete on the 30 x 10 rotterdam matrix, rows and columns (data/r/extended/hclust)", () => {
    const summary = readJson("r", "extended", "hclust", "hclust_summary.json");
    expect(summary.pheatmap_identical_rows && summary.pheatmap_identical_cols).toBe(true);
    const raw = matrixOf("input_raw_30x10.csv");
    const std = matrixOf("input_standardized_30x10.csv");
    for (const [kind, input] of [["standardized csv", std.z], ["scaled from raw", scale(raw.z)]] as const) {
      for (const side of ["rows", "cols"] as const) {
        const ref = readCsv("r", "extended", "hclust", `hclust_${side}_merge.csv`);
        const refOrder = readCsv("r", "extended", "hclust", `hclust_${side}_order.csv`);
        const labels = side === "rows" ? std.rows : VARS;
        const tree = hclust(side === "rows" ? input : transpose(input), { distance: "euclidean", linkage: "complete", labels });
        expectTree(tree, {
          merge: ref.map((r) => [r.merge1, r.merge2]),
          height: ref.map((r) => r.height),
          order: refOrder.map((r) => r.order_index),
        }, `${kind} ${side}`);
        expect(tree.orderedLabels).toEqual(refOrder.map((r) => r.label));
      }
    }
  });

  it("correlation distance and average linkage, as pheatmap clusters (test/fixtures/stats)", () => {
    const z = matrixOf("input_standardized_30x10.csv").z;
    const h = extra.hclust;
    expectTree(hclust(z, { distance: "correlation", linkage: "average" }), h.rows_correlation_average, "rows corr avg");
    expectTree(hclust(transpose(z), { distance: "correlation", linkage: "average" }), h.cols_correlation_average, "cols corr avg");
    expectTree(hclust(z, { distance: "euclidean", linkage: "average" }), h.rows_euclidean_average, "rows euc avg");
    expectTree(hclust(z, { distance: "correlation", linkage: "complete" }), h.rows_correlation_complete, "rows corr complete");
    expect(h.pheatmap_rows_order).toEqual(h.rows_correlation_average.order);
    expect(h.pheatmap_cols_order).toEqual(h.cols_correlation_average.order);
  });

  it("tied distances follow R's first-minimum rule; degenerate input errors", () => {
    expectTree(hclust([[0], [1], [2], [3], [4], [6]]), extra.hclust.ties, "ties");
    expect(hclustFromDistances([[0, 2], [2, 0]])).toEqual({ merge: [[-1, -2]], height: [2], order: [1, 2] });
    expect(() => hclust([[1, 2]])).toThrow(/at least 2 objects/);
    expect(() => hclust([[1, 1, 1], [1, 2, 3]], { distance: "correlation" })).toThrow(/constant row/);
    expect(() => hclust([[1, NaN], [1, 2]])).toThrow(/not finite/);
  });
});
