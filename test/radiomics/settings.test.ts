/**
 * Settings the PyRadiomics baselines do not exercise (no reference values exist here): properties that hold
 * by definition (preCrop changes nothing; a larger gldm_a widens dependence) and finite results for the rest.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";

// vitest's module runner gives importEsm's Function-wrapped import() no loader; use a plain import() there.
vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { extractFeatures, type FeatureVector } from "../../src/radiomics/extractor";
import { readImage, type Volume } from "../../src/radiomics/image";

let image: Volume;
let mask: Volume;
let base: FeatureVector;
const originals = (f: FeatureVector) => Object.fromEntries(Object.entries(f).filter(([k]) => k.startsWith("original_")));

beforeAll(async () => {
  image = await readImage("data/pyradiomics/brain2_image.nrrd");
  mask = await readImage("data/pyradiomics/brain2_label.nrrd");
  base = extractFeatures(image, mask, { binWidth: 25 });
}, 60_000);

describe("settings without PyRadiomics reference columns", () => {
  it("preCrop (with padDistance) gives the same features", () => {
    expect(originals(extractFeatures(image, mask, { binWidth: 25, preCrop: true, padDistance: 2 }))).toEqual(originals(base));
  });

  it("distances, asymmetric GLCM, distance weighting, gldm_a, outlier removal all give finite features", () => {
    const variants = [
      { distances: [1, 2] },
      { symmetricalGLCM: false },
      { weightingNorm: "euclidean" },
      { weightingNorm: "manhattan" },
      { weightingNorm: "infinity" },
      { gldm_a: 2 },
      { normalize: true, removeOutliers: 2, normalizeScale: 100, binWidth: 5 },
      { resegmentRange: [0.5], resegmentMode: "relative" as const },
    ];
    for (const v of variants) {
      const f = originals(extractFeatures(image, mask, { binWidth: 25, ...v }));
      expect(Object.keys(f), JSON.stringify(v)).toHaveLength(107);
      const bad = Object.entries(f).filter(([, x]) => !Number.isFinite(x)).map(([k]) => k);
      expect(bad, JSON.stringify(v)).toEqual([]);
    }
  });

  it("gldm_a larger than the gray-level range makes every ROI neighbour dependent", () => {
    const f = extractFeatures(image, mask, { binWidth: 25, gldm_a: 1000 });
    expect(f.original_gldm_LargeDependenceEmphasis).toBeGreaterThan(base.original_gldm_LargeDependenceEmphasis as number);
  });

  it("distances [1, 2] changes GLCM; weighting merges angles into one matrix", () => {
    const two = extractFeatures(image, mask, { binWidth: 25, distances: [1, 2] });
    expect(two.original_glcm_Contrast).not.toBe(base.original_glcm_Contrast);
    const none = extractFeatures(image, mask, { binWidth: 25, weightingNorm: "no_weighting" });
    expect(none.original_glcm_Contrast).not.toBe(base.original_glcm_Contrast);
  });
});
