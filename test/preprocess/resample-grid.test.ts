import { describe, expect, it } from "vitest";
import { makeVolume, type Volume } from "../../src/radiomics/image";
import { resampleForExtraction, resampleVolume } from "../../src/radiomics/preprocess/resample";

function pair(): { image: Volume; mask: Volume } {
  const size: [number, number, number] = [20, 16, 10];
  const n = size[0] * size[1] * size[2];
  const geometry = { spacing: [0.8, 0.8, 3] as [number, number, number], origin: [5, -3, 12] as [number, number, number] };
  const image = makeVolume(Float64Array.from({ length: n }, (_, i) => (i * 37) % 101), size, geometry);
  image.pixelType = "int16";
  const maskData = new Float64Array(n);
  for (let z = 3; z <= 6; z++) for (let y = 5; y <= 9; y++) for (let x = 6; x <= 12; x++) maskData[x + 20 * (y + 16 * z)] = 1;
  const mask = makeVolume(maskData, size, geometry);
  mask.pixelType = "uint8";
  return { image, mask };
}

const settings = { resampledPixelSpacing: [1, 1, 1], interpolator: "sitkBSpline", padDistance: 2, label: 1 };

describe("PyRadiomics resampling grid rules", () => {
  it("0 keeps an axis' spacing; the grid is the ROI box plus padDistance new voxels", () => {
    const { image, mask } = pair();
    const r = resampleForExtraction(image, mask, { ...settings, resampledPixelSpacing: [0, 0, 1] });
    expect(r.image.spacing).toEqual([0.8, 0.8, 1]);
    // x: floor((6 - 0.5) - 2) = 3 .. ceil((13 - 0.5) + 2) = 15 -> 13; y: 2 .. 12 -> 11; z (ratio 3): floor(2.5 * 3 - 2) = 5 .. ceil(6.5 * 3 + 2) = 22 -> 18.
    expect(r.image.size).toEqual([13, 11, 18]);
    expect(r.mask.size).toEqual(r.image.size);
    expect(r.image.origin[0]).toBeCloseTo(5 + 3 * 0.8, 12);
    expect(r.image.origin[2]).toBeCloseTo(12 + 3 * (0.5 * (1 - 3) / 3 + 5 / 3), 12);
  });

  it("an axis where the ROI is one voxel thick is not resampled", () => {
    const { image, mask } = pair();
    const flat = mask.data.map((v, i) => (Math.floor(i / 320) === 4 ? v : 0));
    const r = resampleForExtraction(image, { ...mask, data: flat }, settings);
    expect(r.image.spacing).toEqual([1, 1, 3]);
  });

  it("a spacing equal to the image's leaves the image as it is", () => {
    const { image, mask } = pair();
    const r = resampleForExtraction(image, mask, { ...settings, resampledPixelSpacing: [0.8, 0.8, 3] });
    expect(r.image).toBe(image);
    expect(Array.from(r.mask.data)).toEqual(Array.from(mask.data));
  });

  it("integer pixel types are truncated toward zero and clamped, as SimpleITK", () => {
    const v = makeVolume([10.7, -3.7, 40000, -40000, 2.2, 1.9, 0.4, -0.6], [8, 1, 1]);
    const out = resampleVolume(v, { size: [8, 1, 1], spacing: [1, 1, 1], origin: [0, 0, 0] }, "sitkNearestNeighbor", "int16");
    expect(Array.from(out.data)).toEqual([10, -3, 32767, -32768, 2, 1, 0, -0]);
  });

  it("clear errors for a missing label and an unsupported interpolator", () => {
    const { image, mask } = pair();
    expect(() => resampleForExtraction(image, mask, { ...settings, label: 3 }, "case9_mask.nrrd")).toThrow(/case9_mask\.nrrd: label 3 not present/);
    expect(() => resampleForExtraction(image, mask, { ...settings, interpolator: "sitkGaussian" })).toThrow(/interpolator "sitkGaussian" is not supported/);
  });
});
