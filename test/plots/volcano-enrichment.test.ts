import { describe, expect, it } from "vitest";
import { volcanoPlot } from "../../src/plots/volcano";
import { enrichmentDotPlot, geneRatioValue } from "../../src/plots/enrichment";

describe("volcanoPlot", () => {
  const genes = [
    { gene: "UP1", log2FC: 1.5, p: 1e-6, fdr: 1e-4 },
    { gene: "UP2", log2FC: 0.2, p: 1e-3, fdr: 0.02 },
    { gene: "DN1", log2FC: -2, p: 1e-5, fdr: 5e-4 },
    { gene: "NS", log2FC: 1.8, p: 0.2, fdr: 0.6 },
    { gene: "NA", log2FC: 0, p: NaN, fdr: NaN },
  ];

  it("splits genes by FDR and fold-change thresholds, drops undefined p, labels the top genes", () => {
    const fig = volcanoPlot(genes, { fcThreshold: 0.5, labelTop: 1 });
    const [ns, up, down] = fig.data as { text: string[]; y: number[] }[];
    expect(ns.text).toEqual(["UP2", "NS"]);
    expect(up.text).toEqual(["UP1"]);
    expect(down.text).toEqual(["DN1"]);
    expect(up.y[0]).toBeCloseTo(6, 12);
    const labels = (fig.layout.annotations as { text: string }[]).map((a) => a.text);
    expect(labels).toEqual(["UP1", "DN1"]);
    // The FDR guide sits at the largest p with FDR < 0.05 (UP2, p = 1e-3); two fold-change guides.
    const shapes = fig.layout.shapes as { y0: number; x0: number }[];
    expect(shapes[0].y0).toBeCloseTo(3, 12);
    expect(shapes.slice(1).map((s) => s.x0)).toEqual([-0.5, 0.5]);
  });

  it("with FDR alone, a small fold change still counts", () => {
    const [, up] = volcanoPlot(genes).data as { text: string[] }[];
    expect(up.text).toEqual(["UP1", "UP2"]);
  });
});

describe("enrichmentDotPlot", () => {
  const rows = [
    { ID: "GO:1", Description: "a", GeneRatio: "2/10", pvalue: 0.005, "p.adjust": 0.01, Count: 2 },
    { ID: "GO:2", Description: "b", GeneRatio: "5/10", pvalue: 0.0002, "p.adjust": 0.001, Count: 5 },
    { ID: "GO:3", Description: "c", GeneRatio: "1/10", pvalue: 0.4, "p.adjust": 0.5, Count: 1 },
  ];

  it("keeps the top sets by p.adjust and orders them by GeneRatio, largest on top", () => {
    const fig = enrichmentDotPlot(rows, { top: 2 });
    const dots = fig.data[0] as { x: number[]; y: string[]; marker: { size: number[]; color: number[] } };
    expect(dots.y).toEqual(["a (GO:1)", "b (GO:2)"]);
    expect(dots.x).toEqual([0.2, 0.5]);
    expect(dots.marker.size).toEqual([2, 5]);
    expect(dots.marker.color).toEqual([0.01, 0.001]);
  });

  it("BH ties (nothing significant) are broken by the raw p, not by the set ID", () => {
    const tied = [
      { ID: "GO:0000003", Description: "first by ID", GeneRatio: "1/10", pvalue: 0.3, "p.adjust": 0.97, Count: 1 },
      { ID: "GO:0009999", Description: "smallest p", GeneRatio: "3/10", pvalue: 0.001, "p.adjust": 0.97, Count: 3 },
    ];
    const dots = enrichmentDotPlot(tied, { top: 1 }).data[0] as { y: string[] };
    expect(dots.y).toEqual(["smallest p (GO:0009999)"]);
  });

  it("reads GeneRatio k/n and rejects anything else", () => {
    expect(geneRatioValue("3/12")).toBe(0.25);
    expect(() => geneRatioValue("3 of 12")).toThrow(/GeneRatio '3 of 12'/);
  });
});
