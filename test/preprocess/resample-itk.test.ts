/**
 * Our interpolators and resampling grid against ITK 5.2's ResampleImageFilter (tools/itk-reference,
 * double precision, no cast) on brain2 (whose direction flips y). Requires scripts/build-itk-reference.sh.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { readImage, type Volume } from "../../src/radiomics/image";
import { bsplineInterpolator } from "../../src/radiomics/preprocess/interpolate";
import { resampleForExtraction, resampleVolume, type Grid } from "../../src/radiomics/preprocess/resample";
import { itkResample } from "./itk-reference";

const IMAGE = "data/pyradiomics/brain2_image.nrrd";
let image: Volume;
let mask: Volume;

beforeAll(async () => {
  image = await readImage(IMAGE);
  mask = await readImage("data/pyradiomics/brain2_label.nrrd");
}, 60_000);

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe("resampling equals ITK's ResampleImageFilter", () => {
  it("B-spline interpolation reproduces the samples at voxel centres", () => {
    const f = bsplineInterpolator(image);
    for (const [x, y, z] of [[0, 0, 0], [100, 37, 5], [255, 255, 22], [17, 200, 11]]) {
      expect(f(x, y, z)).toBeCloseTo(image.data[x + 256 * (y + 256 * z)], 8);
    }
  });

  for (const interpolator of ["bspline", "linear", "nearest"] as const) {
    it(`${interpolator}: PyRadiomics 2 mm grid around the ROI and an anisotropic grid reaching outside the image`, async () => {
      const sitk = { bspline: "sitkBSpline", linear: "sitkLinear", nearest: "sitkNearestNeighbor" }[interpolator];
      const pyr = resampleForExtraction(image, mask, { resampledPixelSpacing: [2, 2, 2], interpolator: sitk, padDistance: 5, label: 1 });
      const wide: Grid = { size: [120, 150, 30], spacing: [1.9, 1.61, 4.7], origin: [image.origin[0] - 3.3, image.origin[1] + 2.9, image.origin[2] - 5.1] };
      for (const grid of [{ size: pyr.image.size, spacing: pyr.image.spacing, origin: pyr.image.origin }, wide]) {
        const ours = resampleVolume(image, grid, sitk, "float64");
        const itk = await itkResample(IMAGE, grid, interpolator);
        expect(itk.size).toEqual(grid.size);
        expect(maxAbsDiff(ours.data, itk.data)).toBeLessThan(1e-8);
        expect(ours.data.some((v) => v !== 0)).toBe(true);
      }
    }, 60_000);
  }
});
