/** Bad input: each case gives PyRadiomics' defined result or a clear error naming the file. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";

// vitest's module runner gives importEsm's Function-wrapped import() no loader; use a plain import() there.
vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { extractFeatures, extractFromFiles } from "../../src/radiomics/extractor";
import { makeVolume, readImage, type Volume } from "../../src/radiomics/image";
import { paramsFromObject } from "../../src/radiomics/settings";

const dir = mkdtempSync(join(tmpdir(), "alnm-radiomics-"));
let image: Volume;
let mask: Volume;
const SRC = { image: "img.nrrd", mask: "seg.nrrd" };

beforeAll(async () => {
  image = await readImage("data/pyradiomics/brain2_image.nrrd");
  mask = await readImage("data/pyradiomics/brain2_label.nrrd");
}, 60_000);

/** A raw little-endian int16 NRRD with the given sizes (2D or 3D). */
function writeNrrd(path: string, sizes: number[], values: number[]): void {
  const header = `NRRD0004\ntype: short\ndimension: ${sizes.length}\nsizes: ${sizes.join(" ")}\nspacings: ${sizes.map(() => 1).join(" ")}\nencoding: raw\nendian: little\n\n`;
  const data = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => data.writeInt16LE(v, i * 2));
  writeFileSync(path, Buffer.concat([Buffer.from(header, "ascii"), data]));
}

/** A 3D mask with `label` at the given (x, y, z) voxels. */
function maskAt(base: Volume, voxels: [number, number, number][], label = 1): Volume {
  const data = new Float64Array(base.data.length);
  for (const [x, y, z] of voxels) data[x + base.size[0] * (y + base.size[1] * z)] = label;
  return { ...base, data };
}

describe("bad input", () => {
  it("truncated or corrupt file: error naming the file", async () => {
    const truncated = join(dir, "truncated.nrrd");
    writeFileSync(truncated, readFileSync("data/pyradiomics/brain2_image.nrrd").subarray(0, 2000));
    await expect(readImage(truncated)).rejects.toThrow(truncated);
    const garbage = join(dir, "garbage.nii.gz");
    writeFileSync(garbage, "not an image at all");
    await expect(readImage(garbage)).rejects.toThrow(/garbage\.nii\.gz: cannot read image/);
    await expect(readImage(join(dir, "missing.nrrd"))).rejects.toThrow(/missing\.nrrd: file not found/);
  });

  it("image/mask size or geometry mismatch: error naming both files", async () => {
    const small = makeVolume(new Float64Array(8).fill(1), [2, 2, 2]);
    expect(() => extractFeatures(image, small, {}, SRC)).toThrow(/seg\.nrrd: mask size 2 x 2 x 2 differs from image size 256 x 256 x 23 \(img\.nrrd\)/);
    const shifted = { ...mask, origin: [mask.origin[0] + 1, mask.origin[1], mask.origin[2]] as [number, number, number] };
    expect(() => extractFeatures(image, shifted, {}, SRC)).toThrow(/seg\.nrrd: image\/mask geometry mismatch with img\.nrrd: origin/);
    // Within the tolerance (1e-6 * spacing) the mask is accepted, as by SimpleITK.
    const nudged = { ...mask, origin: [mask.origin[0] + 1e-9, mask.origin[1], mask.origin[2]] as [number, number, number] };
    expect(extractFeatures(image, nudged, { binWidth: 25 }, SRC).original_firstorder_Mean).toBeGreaterThan(0);
  });

  it("label absent or empty mask: error naming the mask", () => {
    expect(() => extractFeatures(image, mask, { label: 7 }, SRC)).toThrow(/seg\.nrrd: label 7 not present in mask; labels present: 1/);
    const empty = { ...mask, data: new Float64Array(mask.data.length) };
    expect(() => extractFeatures(image, empty, {}, SRC)).toThrow(/seg\.nrrd: no labels found in this mask/);
  });

  it("one-voxel ROI and too few dimensions: PyRadiomics' checkMask errors", () => {
    expect(() => extractFeatures(image, maskAt(mask, [[100, 100, 10]]), {}, SRC)).toThrow(/only contains 1 segmented voxel/);
    const line = maskAt(mask, [[100, 100, 10], [101, 100, 10], [102, 100, 10]]);
    expect(() => extractFeatures(image, line, {}, SRC)).toThrow(/too few dimensions \(1, minimumROIDimensions 2\)/);
    const f = extractFeatures(image, line, { minimumROIDimensions: 1 }, SRC);
    expect(f.original_firstorder_Mean).toBe((image.data[100 + 256 * (100 + 256 * 10)] + image.data[101 + 256 * (100 + 256 * 10)] + image.data[102 + 256 * (100 + 256 * 10)]) / 3);
    expect(() => extractFeatures(image, mask, { minimumROISize: 1e6 }, SRC)).toThrow(/ROI too small/);
  });

  it("flat ROI: PyRadiomics' defined values for zero variance", () => {
    const flat = { ...image, data: new Float64Array(image.data.length).fill(100) };
    const f = extractFeatures(flat, mask, { binWidth: 25 }, SRC);
    expect(f.original_firstorder_Variance).toBe(0);
    expect(f.original_firstorder_Skewness).toBe(0);
    expect(f.original_firstorder_Kurtosis).toBe(0);
    expect(f.original_firstorder_Entropy).toBeCloseTo(0, 12);
    expect(f.original_glcm_Correlation).toBe(1);
    expect(f.original_glcm_MCC).toBe(1);
    expect(f.original_glcm_Imc1).toBe(0);
    expect(f.original_glcm_Imc2).toBe(0);
    expect(f.original_glcm_JointEnergy).toBe(1);
    expect(f.original_ngtdm_Coarseness).toBe(1e6);
    expect(f.original_ngtdm_Contrast).toBe(0);
    expect(f.original_ngtdm_Busyness).toBe(0);
    expect(f.original_ngtdm_Strength).toBe(0);
    expect(f.original_glszm_GrayLevelVariance).toBe(0);
    for (const [k, v] of Object.entries(f)) if (k.startsWith("original_")) expect(Number.isNaN(v), k).toBe(false);
  });

  it("NaN voxels: an error inside the ROI, ignored outside it", () => {
    const inside = mask.data.findIndex((v) => v === 1);
    const withNaN = { ...image, data: image.data.slice() };
    withNaN.data[inside] = NaN;
    expect(() => extractFeatures(withNaN, mask, {}, SRC)).toThrow(/img\.nrrd: original image has NaN voxels inside the ROI/);
    const outside = { ...image, data: image.data.slice() };
    outside.data[0] = NaN;
    const f = extractFeatures(outside, mask, { binWidth: 25 }, SRC);
    expect(f.original_glcm_Idmn).toBe(extractFeatures(image, mask, { binWidth: 25 }, SRC).original_glcm_Idmn);
  });

  it("2D image and mask: shape2D instead of shape, in-plane texture", async () => {
    const n = 12;
    const values: number[] = [];
    const labels: number[] = [];
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        values.push((x * 7 + y * 13) % 50);
        labels.push((x - 6) ** 2 + (y - 6) ** 2 <= 16 ? 1 : 0);
      }
    }
    const imgPath = join(dir, "slice.nrrd");
    const segPath = join(dir, "slice-label.nrrd");
    writeNrrd(imgPath, [n, n], values);
    writeNrrd(segPath, [n, n], labels);
    const f = await extractFromFiles(imgPath, segPath, { binWidth: 5 });
    expect(f["diagnostics_Image-original_Dimensionality"]).toBe("2D");
    expect(f["diagnostics_Image-original_Size"]).toBe("(12, 12)");
    expect(Object.keys(f).some((k) => k.startsWith("original_shape_"))).toBe(false);
    expect(f.original_shape2D_PixelSurface).toBe(labels.reduce((a, b) => a + b, 0));
    expect(Number(f.original_glcm_Contrast)).toBeGreaterThan(0);
    // A one-slice 3D volume gives the same texture features (no offsets leave the slice).
    const img3 = makeVolume(values, [n, n, 1]);
    const seg3 = makeVolume(labels, [n, n, 1]);
    const g = extractFeatures(img3, seg3, { binWidth: 5 });
    for (const k of Object.keys(g)) if (/^original_(glcm|glrlm|glszm|gldm|ngtdm|firstorder)_/.test(k)) expect(f[k], k).toBe(g[k]);
  });

  it("a discretisation that would create too many gray levels: an error naming the image, setting and limit, before any allocation", () => {
    const tiny = paramsFromObject({ setting: { binWidth: 1e-9 }, imageType: { Original: {} }, featureClass: { firstorder: null } }, "tiny.yaml");
    expect(() => extractFeatures(image, mask, tiny, SRC)).toThrow(/img\.nrrd: original image: binWidth 1e-9 over ROI intensities \S+ to \S+ gives \S+e\+\d+ gray levels, above the limit of 100000 .*limits: \{ maxGrayLevels: N \}/);
    const huge = { ...image, data: Float64Array.from(image.data, (v, i) => (i % 2 ? 1e300 : v)) };
    expect(() => extractFeatures(huge, mask, { binWidth: 25 }, SRC)).toThrow(/binWidth 25 over ROI intensities .* to 1e\+300 gives .* gray levels, above the limit of 100000/);
    const count = paramsFromObject({ setting: { binCount: 200001 }, featureClass: { firstorder: null } }, "count.yaml");
    expect(() => extractFeatures(image, mask, count, SRC)).toThrow(/binCount 200001 gives 2\.000e\+5 gray levels, above the limit of 100000/);
    // The limit is a setting: raised, the same file extracts.
    const raised = paramsFromObject({ setting: { binCount: 200001 }, featureClass: { firstorder: null }, limits: { maxGrayLevels: 300000 } }, "raised.yaml");
    expect(extractFeatures(image, mask, raised, SRC)["original_firstorder_Mean"]).toBeCloseTo(extractFeatures(image, mask, { binWidth: 25 }, SRC)["original_firstorder_Mean"] as number, 10);
    expect(() => paramsFromObject({ limits: { maxGreyLevels: 5 } }, "typo.yaml")).toThrow(/typo\.yaml: unknown limits setting "maxGreyLevels" \(known: maxGrayLevels\)/);
    expect(() => paramsFromObject({ limits: { maxGrayLevels: 0 } }, "zero.yaml")).toThrow(/must be a positive integer/);
  });

  it("an engine error (here a volume without voxel data) names both files and says it is the engine's", () => {
    const broken = { ...image, data: null as unknown as Float64Array };
    expect(() => extractFeatures(broken, mask, { binWidth: 25 }, SRC)).toThrow(
      /^img\.nrrd \(mask seg\.nrrd\): .+ \(an internal error of the feature engine, not a known problem of the input; please report it with these files and the parameters\)$/,
    );
  });

  it("a resampled grid that cannot fit in memory (a tiny resampledPixelSpacing): an error naming the setting and the memory, before allocation", () => {
    const tiny = paramsFromObject({ setting: { resampledPixelSpacing: [0.005, 0.005, 0.005] }, featureClass: { firstorder: null } }, "tiny.yaml");
    expect(() => extractFeatures(image, mask, tiny, SRC)).toThrow(
      /seg\.nrrd: the resampled grid \d+ x \d+ x \d+ \(resampledPixelSpacing \[0\.005, 0\.005, 0\.005\] over the ROI's box plus padDistance\) has \S+ voxels; at about 32 bytes a voxel that needs \S+ GiB, more than the \S+ GiB this process can use; use a larger resampledPixelSpacing/,
    );
  });
});

