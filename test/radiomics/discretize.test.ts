import { describe, expect, it } from "vitest";
import { binEdges, discretize } from "../../src/radiomics/discretize";
import type { CroppedRoi } from "../../src/radiomics/mask";
import { createRng } from "../../src/util/random";

/** numpy.digitize by its definition: the number of edges <= x. */
const digitizeByCount = (x: number, edges: Float64Array) => edges.filter((e) => e <= x).length;

function roiOf(values: number[]): CroppedRoi {
  return { size: [values.length, 1, 1], spacing: [1, 1, 1], values: Float64Array.from(values), mask: new Uint8Array(values.length).fill(1), count: values.length, offset: [0, 0, 0] };
}

describe("discretize: bin indices equal numpy.digitize on PyRadiomics' edges", () => {
  const rng = createRng(17);
  const cases: Array<[string, number[], { binWidth: number; binCount: number | null }]> = [
    ["MRI-like integers, width 25", Array.from({ length: 3000 }, () => rng.int(2000)), { binWidth: 25, binCount: null }],
    ["wavelet-like signed floats, width 25", Array.from({ length: 3000 }, () => (rng.next() - 0.5) * 300), { binWidth: 25, binCount: null }],
    ["values exactly on edges, width 0.1", Array.from({ length: 500 }, () => rng.int(60) * 0.1 - 2), { binWidth: 0.1, binCount: null }],
    ["fixed bin count 16", Array.from({ length: 2000 }, () => rng.normal() * 40), { binWidth: 25, binCount: 16 }],
    ["fixed bin count 7 on integers", Array.from({ length: 2000 }, () => rng.int(13)), { binWidth: 25, binCount: 7 }],
    ["flat region", Array.from({ length: 20 }, () => 42), { binWidth: 25, binCount: null }],
  ];
  for (const [name, values, opts] of cases) {
    it(name, () => {
      const roi = roiOf(values);
      const edges = binEdges(roi.values, opts);
      const binned = discretize(roi, opts);
      for (let i = 0; i < values.length; i++) expect(binned.gray[i]).toBe(digitizeByCount(values[i], edges));
    });
  }
});
