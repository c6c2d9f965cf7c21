/**
 * PyRadiomics' filtered image types against images made by other tools from the same crop of brain1
 * (test/fixtures/filters, made by scripts/make-filter-fixtures.ts; see SOURCE.md there):
 * LoG and Gradient against ITK 5.2's LaplacianRecursiveGaussian / GradientMagnitude filters with SimpleITK's
 * settings, LBP2D against scikit-image's local_binary_pattern, LBP3D against scipy (map_coordinates, sph_harm,
 * kurtosis), Square/SquareRoot/Logarithm/Exponential against PyRadiomics' numpy expressions. Voxels within 1e-6
 * relative (to the reference image's largest magnitude); then the features of each image type equal, within 1e-6,
 * the features of the reference image read back as Original.
 */
import { resolve } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { extractFeatures, type FeatureVector } from "../../src/radiomics/extractor";
import {
  exponentialImage, gradientMagnitude, laplacianOfGaussian, lbp2DImage, lbp3DImages, logarithmImage, squareImage, squareRootImage,
} from "../../src/radiomics/filters/index";
import { readImage, type Volume } from "../../src/radiomics/image";
import { paramsFromObject, readParamsFile } from "../../src/radiomics/settings";

const DIR = resolve("test/fixtures/filters");
const read = (name: string) => readImage(resolve(DIR, name));
let input: Volume;
let mask: Volume;
beforeAll(async () => {
  [input, mask] = await Promise.all([read("input.nrrd"), read("mask.nrrd")]);
});

/** Largest |ours - reference| over the voxels `where` selects, relative to the reference's largest magnitude there. */
function maxRelativeDifference(ours: Volume, reference: Volume, where: (i: number) => boolean = () => true): number {
  let diff = 0, scale = 0;
  for (let i = 0; i < reference.data.length; i++) {
    if (!where(i) || (Number.isNaN(ours.data[i]) && Number.isNaN(reference.data[i]))) continue;
    diff = Math.max(diff, Math.abs(ours.data[i] - reference.data[i]));
    scale = Math.max(scale, Math.abs(reference.data[i]));
  }
  return diff / scale;
}

describe("filtered images equal the reference tools' images voxel by voxel", () => {
  it.each([["1.0", 1], ["2.5", 2.5]])("LoG sigma %s mm = ITK LaplacianRecursiveGaussian (NormalizeAcrossScale)", async (file, sigma) => {
    const reference = await read(`itk-log-sigma-${file}.nrrd`);
    expect(maxRelativeDifference(laplacianOfGaussian(input, sigma), reference)).toBeLessThan(1e-6);
  });
  it.each([["itk-gradient.nrrd", true], ["itk-gradient-nospacing.nrrd", false]])("Gradient %s = ITK GradientMagnitude", async (file, useSpacing) => {
    expect(maxRelativeDifference(gradientMagnitude(input, useSpacing), await read(file))).toBe(0);
  });
  it.each([
    ["square", squareImage], ["squareroot", squareRootImage], ["logarithm", logarithmImage], ["exponential", exponentialImage],
  ] as const)("%s = PyRadiomics' numpy expression", async (name, filter) => {
    expect(maxRelativeDifference(filter(input), await read(`${name}.nrrd`))).toBeLessThan(1e-12);
  });
  it.each([
    ["uniform", 1, 8, 0], ["default", 2, 12, 1], ["ror", 1.5, 8, 2],
  ] as const)("LBP2D %s R %s P %s axis %s = scikit-image local_binary_pattern per slice", async (method, radius, samples, axis) => {
    const reference = await read(`lbp2d-${method}-r${radius}-p${samples}-axis${axis}.nrrd`);
    expect(maxRelativeDifference(lbp2DImage(input, { method, radius, samples, axis }), reference)).toBe(0);
  });
  it("LBP2D var on a float image = scikit-image; on an int16 image, where PyRadiomics would store overflowed variances, it is refused", async () => {
    const float = { ...input, pixelType: "float64" };
    expect(maxRelativeDifference(lbp2DImage(float, { method: "var", radius: 1, samples: 8, axis: 0 }), await read("lbp2d-var-r1-p8-axis0-float.nrrd"))).toBe(0);
    expect(() => lbp2DImage(input, { method: "var", radius: 1, samples: 8, axis: 0 })).toThrow(/LBP2D: value \d+\.\d+ cannot be stored in the image's int16 array/);
  });
  it("LoG of a 2D image (filtered along x and y) = the 3D LoG of that slice repeated along z (no z curvature), within 1e-6", () => {
    const slice = { ...input, size: [input.size[0], input.size[1], 1] as [number, number, number], data: input.data.slice(0, input.size[0] * input.size[1]), dimension: 2 as const };
    const stacked = { ...input, size: [input.size[0], input.size[1], 6] as [number, number, number], data: new Float64Array(input.size[0] * input.size[1] * 6) };
    for (let z = 0; z < 6; z++) stacked.data.set(slice.data, z * slice.data.length);
    const flat = laplacianOfGaussian(slice, 1.5);
    const volume = laplacianOfGaussian(stacked, 1.5);
    expect(maxRelativeDifference({ ...volume, data: volume.data.slice(2 * slice.data.length, 3 * slice.data.length) }, flat)).toBeLessThan(1e-6);
  });
  it("LBP3D levels 2, radius 1, subdivision 1 = scipy's spline samples, spherical harmonics and kurtosis", async () => {
    const images = lbp3DImages(input, mask, { levels: 2, radius: 1, subdivision: 1, label: 1 });
    expect(images.map((i) => i.name)).toEqual(["lbp-3D-m1", "lbp-3D-m2", "lbp-3D-k"]);
    const inRoi = (i: number) => mask.data[i] === 1;
    for (const [k, file] of ["lbp3d-m1.nrrd", "lbp3d-m2.nrrd", "lbp3d-k.nrrd"].entries()) {
      expect(maxRelativeDifference(images[k].image, await read(file), inRoi), file).toBeLessThan(1e-9);
    }
  });
});

/** Features of `prefix` in `all`, renamed to `original_...`, for comparison with an Original extraction. */
function asOriginal(all: FeatureVector, prefix: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(all)) if (k.startsWith(`${prefix}_`) && typeof v === "number") out[`original_${k.slice(prefix.length + 1)}`] = v;
  return out;
}

describe("features of each image type = features of the reference image read back as Original", () => {
  let all: FeatureVector;
  beforeAll(() => {
    all = extractFeatures(input, mask, readParamsFile(resolve(DIR, "params-all.yaml")), { image: "input.nrrd", mask: "mask.nrrd" });
  }, 120_000);
  it.each([
    ["log-sigma-1-0-mm-3D", "itk-log-sigma-1.0.nrrd", 25],
    ["log-sigma-2-5-mm-3D", "itk-log-sigma-2.5.nrrd", 25],
    ["square", "square.nrrd", 25],
    ["squareroot", "squareroot.nrrd", 25],
    ["logarithm", "logarithm.nrrd", 25],
    ["exponential", "exponential.nrrd", 25],
    ["gradient", "itk-gradient.nrrd", 25],
    ["lbp-2D", "lbp2d-uniform-r1-p8-axis0.nrrd", 1],
    ["lbp-3D-m1", "lbp3d-m1.nrrd", 0.5],
    ["lbp-3D-m2", "lbp3d-m2.nrrd", 0.5],
    ["lbp-3D-k", "lbp3d-k.nrrd", 0.5],
  ])("%s", async (prefix, file, binWidth) => {
    const mine = asOriginal(all, prefix);
    const params = paramsFromObject({ setting: { binWidth }, featureClass: { firstorder: null, glcm: null, glrlm: null, glszm: null, gldm: null, ngtdm: null } });
    const reference = extractFeatures(await read(file), mask, params);
    const names = Object.keys(mine);
    expect(names.length).toBeGreaterThan(90);
    for (const name of names) {
      const [a, b] = [mine[name], reference[name] as number];
      const rel = Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
      expect(Number.isNaN(a) ? Number.isNaN(b) : rel < 1e-6 || Math.abs(a - b) < 1e-12, `${prefix} ${name}: ${a} vs ${b}`).toBe(true);
    }
  });
});

describe("settings and names", () => {
  it("every PyRadiomics image type is accepted; a misspelt one is refused with the supported list", () => {
    expect(() => paramsFromObject({ imageType: { LoG: { sigma: [1] }, LBP3D: {}, Gradient: { gradientUseSpacing: false } } })).not.toThrow();
    expect(() => paramsFromObject({ imageType: { Log: {} } }, "p.yaml")).toThrow(/p.yaml: image type "Log" is not supported \(supported: Original, Wavelet, LoG/);
    expect(() => paramsFromObject({ imageType: { LoG: { sigmas: [1] } } }, "p.yaml")).toThrow(/unknown setting "sigmas" \(did you mean 'sigma'\?\)/);
    expect(() => paramsFromObject({ imageType: { LBP2D: { lbp2DMethod: "nri_uniform" } } }, "p.yaml")).toThrow(/lbp2DMethod has invalid value/);
  });
  it("LoG names follow Python's printing of sigma; a sigma too large for the image is skipped with a warning", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const params = paramsFromObject({ imageType: { LoG: { sigma: [2, 100] } }, featureClass: { firstorder: ["Mean"] } });
    const f = extractFeatures(input, mask, params, { image: "input.nrrd", mask: "mask.nrrd" });
    expect(Object.keys(f).filter((k) => k.includes("firstorder"))).toEqual(["log-sigma-2-mm-3D_firstorder_Mean"]);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^input.nrrd: LoG sigma 100: .*sigma skipped/));
    warn.mockRestore();
  });
});
