import { describe, expect, it } from "vitest";
import { dendrogramSegments } from "../../src/plots/dendrogram";
import { clusteredHeatmap } from "../../src/plots/heatmap";
import { kaplanMeierPlot } from "../../src/plots/km";

describe("dendrogramSegments", () => {
  it("draws each merge as a U at its height over its children's positions", () => {
    // Leaves 0,1 merge at 1; leaf 2 joins at 3; drawn in order [2, 0, 1].
    const seg = dendrogramSegments({ merge: [[-1, -2], [-3, 1]], height: [1, 3], order: [3, 1, 2] });
    expect(seg.x).toEqual([1, 1, 2, 2, null, 0, 0, 1.5, 1.5, null]);
    expect(seg.y).toEqual([0, 1, 1, 0, null, 0, 3, 3, 1, null]);
  });
});

describe("clusteredHeatmap", () => {
  it("reorders rows and columns by their trees and keeps marks with their cells", () => {
    const fig = clusteredHeatmap({
      z: [[1, 2], [3, 4]],
      rowLabels: ["a", "b"],
      colLabels: ["x", "y"],
      rowTree: { merge: [[-1, -2]], height: [1], order: [2, 1] },
      colTree: { merge: [[-1, -2]], height: [1], order: [2, 1] },
      marks: [["", "*"], ["", ""]],
    });
    const hm = fig.data[0] as { z: number[][]; x: string[]; y: string[] };
    expect(hm.y).toEqual(["b", "a"]);
    expect(hm.x).toEqual(["y", "x"]);
    expect(hm.z).toEqual([[4, 3], [2, 1]]);
    const marks = fig.layout.annotations as { x: number; y: number; text: string }[];
    expect(marks).toEqual([expect.objectContaining({ x: 0, y: 1, text: "*" })]);
  });
});

describe("kaplanMeierPlot", () => {
  it("starts every curve at S(0) = 1 as a right-continuous step and puts censor marks on the curve", () => {
    const fig = kaplanMeierPlot([{ label: "Low", time: [5, 9], surv: [0.9, 0.6], censorTimes: [7], atRisk: [10, 4] }], [0, 6]);
    const curve = fig.data.find((d) => d.name === "Low") as { x: number[]; y: number[]; line: { shape: string } };
    expect(curve.x).toEqual([0, 5, 9]);
    expect(curve.y).toEqual([1, 0.9, 0.6]);
    expect(curve.line.shape).toBe("hv");
    const censor = fig.data.find((d) => d.mode === "markers") as { y: number[] };
    expect(censor.y).toEqual([0.9]);
    const risk = fig.data.find((d) => d.mode === "text") as { text: string[] };
    expect(risk.text).toEqual(["10", "4"]);
  });
});
