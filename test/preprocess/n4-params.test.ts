import { describe, expect, it, vi } from "vitest";

vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { extractFeatures } from "../../src/radiomics/extractor";
import { readImage } from "../../src/radiomics/image";
import { defaultN4Options, n4BiasFieldCorrection, n4OptionsFromObject } from "../../src/radiomics/preprocess/n4";
import { paramsFromObject } from "../../src/radiomics/settings";
import { syntheticBiasVolume } from "./synthetic";

describe("N4 settings", () => {
  it("defaults are ITK's, with four levels of 50 iterations and shrink 4", () => {
    expect(defaultN4Options()).toEqual({
      maximumNumberOfIterations: [50, 50, 50, 50],
      convergenceThreshold: 0.001,
      numberOfControlPoints: 4,
      splineOrder: 3,
      numberOfHistogramBins: 200,
      biasFieldFullWidthAtHalfMaximum: 0.15,
      wienerFilterNoise: 0.01,
      shrinkFactor: 4,
      maskLabel: null,
    });
  });

  it("an n4 section is validated with messages naming the file and the setting", () => {
    expect(n4OptionsFromObject({ shrinkFactor: 2 }, "p.yaml").shrinkFactor).toBe(2);
    expect(() => n4OptionsFromObject({ shrink: 2 }, "p.yaml")).toThrow(/p\.yaml: unknown n4 setting "shrink"/);
    expect(() => n4OptionsFromObject({ maximumNumberOfIterations: 50 }, "p.yaml")).toThrow(/p\.yaml: n4 setting maximumNumberOfIterations must be a non-empty list/);
    expect(() => n4OptionsFromObject({ numberOfControlPoints: 3 }, "p.yaml")).toThrow(/numberOfControlPoints must be an integer >= splineOrder \+ 1/);
    expect(paramsFromObject({ n4: { shrinkFactor: 2 } }, "p.yaml").n4?.shrinkFactor).toBe(2);
    expect(paramsFromObject({}, "p.yaml").n4).toBeUndefined();
  });

  it("a control lattice too large for memory is refused before any allocation, naming the settings", () => {
    const { image } = syntheticBiasVolume([24, 24, 8]);
    const started = Date.now();
    // (1000 - 3) x 2^3 + 3 = 7979 points per axis: a 5e11-point lattice (it used to reach 15.7 GB within 60 s).
    expect(() => n4BiasFieldCorrection(image, null, { numberOfControlPoints: 1000 }, "case7.nrrd")).toThrow(
      /case7\.nrrd: N4 numberOfControlPoints 1000 with 4 fitting level\(s\) \(maximumNumberOfIterations\) builds a 7979\^3 = 5\.08e\+11-point control lattice, above the limit of 16777216/,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    // The largest lattice allowed in 3D is 256 points per axis: 64 control points with 3 levels is (61 x 4 + 3) = 247.
    expect(() => n4BiasFieldCorrection(image, null, { numberOfControlPoints: 64, maximumNumberOfIterations: [1, 1, 1], shrinkFactor: 8 }, "ok.nrrd")).not.toThrow(/control lattice/);
  });

  it("an empty mask is an error naming the image", () => {
    const { image, body } = syntheticBiasVolume([24, 24, 8]);
    expect(() => n4BiasFieldCorrection(image, { ...body, data: new Float64Array(body.data.length) }, {}, "case7.nrrd")).toThrow(/case7\.nrrd: the N4 mask selects no voxels/);
  });
});

describe("N4 in extraction", () => {
  it("params.n4 corrects the image before extraction (same features as extracting the corrected image)", async () => {
    const image = await readImage("data/pyradiomics/brain2_image.nrrd");
    const mask = await readImage("data/pyradiomics/brain2_label.nrrd");
    const n4 = { shrinkFactor: 4, maximumNumberOfIterations: [20, 20] };
    const featureClass = { firstorder: ["Mean", "Median"] };
    const viaParams = extractFeatures(image, mask, paramsFromObject({ n4, featureClass, setting: { additionalInfo: false } }));
    const corrected = n4BiasFieldCorrection(image, null, n4).corrected;
    const direct = extractFeatures(corrected, mask, paramsFromObject({ featureClass, setting: { additionalInfo: false } }));
    const plain = extractFeatures(image, mask, paramsFromObject({ featureClass, setting: { additionalInfo: false } }));
    expect(viaParams).toEqual(direct);
    expect(viaParams.original_firstorder_Mean).not.toBe(plain.original_firstorder_Mean);
  }, 60_000);

  it("is deterministic: the same input gives byte-identical output", () => {
    const { image, body } = syntheticBiasVolume([40, 40, 16]);
    const a = n4BiasFieldCorrection(image, body, { shrinkFactor: 2 });
    const b = n4BiasFieldCorrection(image, body, { shrinkFactor: 2 });
    expect(Buffer.from(a.corrected.data.buffer).equals(Buffer.from(b.corrected.data.buffer))).toBe(true);
    expect(a.iterations.length).toBe(4);
  });
});
