/**
 * N4 against ITK 5.2's N4BiasFieldCorrectionImageFilter run by tools/itk-reference (same shrink factor,
 * same full-resolution field reconstruction). ITK computes in float32 and its result depends slightly
 * on its thread count (per-thread lattice sums), hence a tolerance of 1 % relative RMS inside the mask
 * rather than exact equality. Requires scripts/build-itk-reference.sh (the tests fail without it).
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it, vi } from "vitest";

vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { readImage } from "../../src/radiomics/image";
import { n4BiasFieldCorrection } from "../../src/radiomics/preprocess/n4";
import { writeVolume } from "../../src/radiomics/preprocess/write";
import { correlation, itkN4, relativeRms } from "./itk-reference";
import { syntheticBiasVolume } from "./synthetic";

const TOL = 0.01;

describe("N4 matches ITK's N4BiasFieldCorrectionImageFilter", () => {
  it("brain1 (no mask: every voxel, shrink 4, 2 levels): corrected image within 1 % RMS in the ROI and overall", async () => {
    const image = await readImage("data/pyradiomics/brain1_image.nrrd");
    const roi = await readImage("data/pyradiomics/brain1_label.nrrd");
    const ours = n4BiasFieldCorrection(image, null, { shrinkFactor: 4, maximumNumberOfIterations: [50, 50] });
    const itk = await itkN4("data/pyradiomics/brain1_image.nrrd", null, { shrink: 4, iterations: "50,50", threads: 1 });
    const inRoi = relativeRms(ours.corrected.data, itk.corrected.data, roi.data);
    const overall = relativeRms(ours.corrected.data, itk.corrected.data, null);
    expect(inRoi).toBeLessThan(TOL);
    expect(overall).toBeLessThan(TOL);
    // The field is not trivial: it moves the ROI intensities by more than the tolerance.
    expect(relativeRms(image.data, itk.corrected.data, roi.data)).toBeGreaterThan(2 * TOL);
  }, 120_000);

  it("breast1 (its label as N4 mask, shrink 2, 4 levels): corrected image within 1 % RMS in the mask", async () => {
    const image = await readImage("data/pyradiomics/breast1_image.nrrd");
    const mask = await readImage("data/pyradiomics/breast1_label.nrrd");
    const ours = n4BiasFieldCorrection(image, mask, { shrinkFactor: 2 });
    const itk = await itkN4("data/pyradiomics/breast1_image.nrrd", "data/pyradiomics/breast1_label.nrrd", { shrink: 2, iterations: "50,50,50,50", threads: 1 });
    expect(relativeRms(ours.corrected.data, itk.corrected.data, mask.data)).toBeLessThan(TOL);
  }, 120_000);

  it("synthetic volume with a known field: matches ITK and recovers the field (r >= 0.95)", async () => {
    const { image, body, trueField } = syntheticBiasVolume();
    mkdirSync("build/tmp", { recursive: true });
    const dir = mkdtempSync(join(resolve("build/tmp"), "n4-synthetic-"));
    await writeVolume(image, join(dir, "image.nrrd"), "int16");
    await writeVolume(body, join(dir, "body.nrrd"), "uint8");
    const ours = n4BiasFieldCorrection(image, body, { shrinkFactor: 2 });
    const itk = await itkN4(join(dir, "image.nrrd"), join(dir, "body.nrrd"), { shrink: 2, iterations: "50,50,50,50", threads: 1 });
    rmSync(dir, { recursive: true, force: true });
    expect(relativeRms(ours.corrected.data, itk.corrected.data, body.data)).toBeLessThan(TOL);
    const rOurs = correlation(ours.biasField.data, trueField, body.data);
    const rItk = correlation(itk.logField.data.map(Math.exp), trueField, body.data);
    expect(rOurs).toBeGreaterThanOrEqual(0.95);
    expect(rItk).toBeGreaterThanOrEqual(0.95);
    // The correction flattens the background tissue: its coefficient of variation drops.
    const cv = (v: ArrayLike<number>) => {
      const xs: number[] = [];
      for (let i = 0; i < v.length; i++) if (body.data[i] && Math.abs(image.data[i] / trueField[i] - 400) < 40) xs.push(v[i]);
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) / m;
    };
    expect(cv(ours.corrected.data)).toBeLessThan(0.5 * cv(image.data));
  }, 120_000);
});
