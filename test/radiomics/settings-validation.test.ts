/**
 * Setting validation equivalent to PyRadiomics' radiomics/schemas/paramSchema.yaml (and schemaFuncs.py):
 * unknown keys, wrong types and out-of-range values are errors naming the source; valid files parse as before.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applySettings, defaultSettings, paramsFromObject, readParamsFile } from "../../src/radiomics/settings";

const dir = mkdtempSync(join(tmpdir(), "settings-validation-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The message of the error `f` throws (fails the test if it does not throw). */
function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected an error");
}

const withSetting = (setting: Record<string, unknown>) => errorOf(() => paramsFromObject({ setting }, "p.yaml"));

function writeYaml(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("settings PyRadiomics' schema rejects", () => {
  it("an unknown key, naming the file and the intended key", () => {
    const path = writeYaml("typo.yaml", "setting:\n  binwidth: 25\n");
    expect(errorOf(() => readParamsFile(path))).toBe(`${path}: unknown setting "binwidth" (did you mean 'binWidth'?)`);
    expect(withSetting({ normalizeScal: 100 })).toBe(`p.yaml: unknown setting "normalizeScal" (did you mean 'normalizeScale'?)`);
    expect(withSetting({ resegmentRnage: [0] })).toBe(`p.yaml: unknown setting "resegmentRnage" (did you mean 'resegmentRange'?)`);
    expect(withSetting({ qqq: 1 })).toMatch(/^p\.yaml: unknown setting "qqq" \(known: minimumROIDimensions, minimumROISize, .*gldm_a\)$/);
  });

  it("label 0 (the background)", () => {
    expect(withSetting({ label: 0 })).toBe("p.yaml: setting label has invalid value 0 (expected an integer > 0)");
    expect(withSetting({ label: 1.5 })).toBe("p.yaml: setting label has invalid value 1.5 (expected an integer > 0)");
  });

  it("normalizeScale <= 0 and geometryTolerance <= 0", () => {
    expect(withSetting({ normalizeScale: 0 })).toBe("p.yaml: setting normalizeScale has invalid value 0 (expected a number > 0)");
    expect(withSetting({ normalizeScale: -1 })).toBe("p.yaml: setting normalizeScale has invalid value -1 (expected a number > 0)");
    expect(withSetting({ geometryTolerance: -1 })).toBe("p.yaml: setting geometryTolerance has invalid value -1 (expected a number > 0 or null)");
    expect(withSetting({ geometryTolerance: 0 })).toBe("p.yaml: setting geometryTolerance has invalid value 0 (expected a number > 0 or null)");
  });

  it("a list where a scalar is expected, and a string where a number is", () => {
    const path = writeYaml("list.yaml", "setting:\n  binWidth: [25]\n");
    expect(errorOf(() => readParamsFile(path))).toBe(`${path}: setting binWidth has invalid value [25] (expected a number > 0)`);
    expect(withSetting({ binWidth: "25" })).toBe('p.yaml: setting binWidth has invalid value "25" (expected a number > 0)');
  });

  it("binCount 0 and other out-of-range values", () => {
    expect(withSetting({ binCount: 0 })).toBe("p.yaml: setting binCount has invalid value 0 (expected an integer > 0 or null)");
    expect(withSetting({ binWidth: 0 })).toBe("p.yaml: setting binWidth has invalid value 0 (expected a number > 0)");
    expect(withSetting({ minimumROIDimensions: 4 })).toBe("p.yaml: setting minimumROIDimensions has invalid value 4 (expected an integer in 1..3)");
    expect(withSetting({ minimumROISize: 0 })).toBe("p.yaml: setting minimumROISize has invalid value 0 (expected an integer > 0 or null)");
    expect(withSetting({ force2Ddimension: 3 })).toBe("p.yaml: setting force2Ddimension has invalid value 3 (expected an integer in 0..2)");
    expect(withSetting({ padDistance: -1 })).toBe("p.yaml: setting padDistance has invalid value -1 (expected an integer >= 0)");
    expect(withSetting({ distances: [0, 1] })).toBe("p.yaml: setting distances has invalid value [0,1] (expected a list of one or more integers > 0)");
    expect(withSetting({ removeOutliers: 0 })).toBe("p.yaml: setting removeOutliers has invalid value 0 (expected a number > 0 or null)");
    expect(withSetting({ resampledPixelSpacing: [1, -1, 1] })).toBe(
      "p.yaml: setting resampledPixelSpacing has invalid value [1,-1,1] (expected a list of 3 numbers >= 0 or null)",
    );
    expect(withSetting({ resegmentRange: [1, 2, 3] })).toBe("p.yaml: setting resegmentRange has invalid value [1,2,3] (expected a list of 1 or 2 numbers or null)");
    expect(withSetting({ resegmentMode: "percent" })).toBe('p.yaml: setting resegmentMode has invalid value "percent" (expected one of absolute, relative, sigma)');
    expect(withSetting({ force2D: "yes" })).toBe('p.yaml: setting force2D has invalid value "yes" (expected true or false)');
    expect(withSetting({ voxelArrayShift: 0.5 })).toBe("p.yaml: setting voxelArrayShift has invalid value 0.5 (expected an integer)");
    expect(withSetting({ label: null })).toBe("p.yaml: setting label has invalid value null (expected an integer > 0)");
    expect(withSetting({ weightingNorm: "l2" })).toBe('p.yaml: setting weightingNorm has invalid value "l2" (expected one of euclidean, manhattan, infinity, no_weighting or null)');
    expect(withSetting({ interpolator: 11 })).toMatch(/^p\.yaml: setting interpolator has invalid value 11 \(expected a SimpleITK interpolator name \(sitkNearestNeighbor, .*\) or its code 1\.\.10, or null\)$/);
    expect(withSetting({ wavelet: "coif99" })).toBe('p.yaml: setting wavelet has invalid value "coif99" (expected a PyWavelets wavelet name (e.g. coif1, haar, db2, sym4) or null)');
  });

  it("the same checks in image-type settings, voxelSetting, featureClass and --setting overrides", () => {
    expect(errorOf(() => paramsFromObject({ imageType: { Wavelet: { binwidth: 5 } } }, "p.yaml"))).toBe(
      `p.yaml: imageType Wavelet: unknown setting "binwidth" (did you mean 'binWidth'?)`,
    );
    expect(errorOf(() => paramsFromObject({ imageType: { Wavelet: { level: 0 } } }, "p.yaml"))).toBe(
      "p.yaml: imageType Wavelet: setting level has invalid value 0 (expected an integer > 0 or null)",
    );
    expect(errorOf(() => paramsFromObject({ voxelSetting: { kernelRadius: 0 } }, "p.yaml"))).toBe(
      "p.yaml: voxelSetting kernelRadius has invalid value 0 (expected an integer > 0 or null)",
    );
    expect(errorOf(() => paramsFromObject({ voxelSetting: { voxelBatch: 0 } }, "p.yaml"))).toBe(
      "p.yaml: voxelSetting voxelBatch has invalid value 0 (expected an integer > 0 or null)",
    );
    expect(() => paramsFromObject({ voxelSetting: { kernelRadius: 2, maskedKernel: true, voxelBatch: 10000 } }, "p.yaml")).not.toThrow();
    expect(errorOf(() => paramsFromObject({ featureClass: { firstorder: "Mean" } }, "p.yaml"))).toBe(
      'p.yaml: feature class firstorder has invalid value "Mean" (expected a list of feature names or null)',
    );
    expect(errorOf(() => paramsFromObject({ setting: [{ binWidth: 25 }] }, "p.yaml"))).toBe('p.yaml: setting must be a mapping (got [{"binWidth":25}])');
    expect(errorOf(() => applySettings(defaultSettings(), { Label: 2 }, "--setting"))).toBe(`--setting: unknown setting "Label" (did you mean 'label'?)`);
  });
});

describe("valid PyRadiomics parameters", () => {
  it("parse to the same settings as before (exampleMR_3mm-like file with Wavelet custom settings)", () => {
    const path = writeYaml(
      "valid.yaml",
      `imageType:
  Original: {}
  Wavelet:
    binWidth: 10
    wavelet: coif1
    start_level: 0
    level: 1
featureClass:
  shape:
  firstorder: [Mean, Variance]
  glcm: []
setting:
  normalize: true
  normalizeScale: 100
  resampledPixelSpacing: [3, 3, 0]
  interpolator: 'sitkBSpline'
  preCrop: true
  binWidth: 5
  voxelArrayShift: 300
  label: 1
  distances: [1, 2]
  resegmentRange: [-3, 3]
  resegmentMode: sigma
  minimumROISize: 50
  removeOutliers: 3
  geometryTolerance: 0.0001
  weightingNorm:
  correctMask: true
  force2D: false
  force2Ddimension: 0
`,
    );
    const params = readParamsFile(path);
    expect(params.settings).toEqual({
      minimumROIDimensions: 2,
      minimumROISize: 50,
      normalize: true,
      normalizeScale: 100,
      removeOutliers: 3,
      resampledPixelSpacing: [3, 3, 0],
      interpolator: "sitkBSpline",
      preCrop: true,
      padDistance: 5,
      distances: [1, 2],
      force2D: false,
      force2Ddimension: 0,
      resegmentRange: [-3, 3],
      label: 1,
      additionalInfo: true,
      binWidth: 5,
      binCount: null,
      resegmentMode: "sigma",
      resegmentShape: false,
      voxelArrayShift: 300,
      symmetricalGLCM: true,
      weightingNorm: null,
      gldm_a: 0,
      geometryTolerance: 0.0001,
      correctMask: true,
    });
    expect(params.imageTypes).toEqual({ Original: {}, Wavelet: { binWidth: 10, wavelet: "coif1", start_level: 0, level: 1 } });
    expect(params.featureClasses).toEqual({ shape: null, firstorder: ["Mean", "Variance"], glcm: null });
  });

  it("accept PyRadiomics' integer interpolator codes, stored as the SimpleITK name", () => {
    expect(paramsFromObject({ setting: { interpolator: 2 } }).settings.interpolator).toBe("sitkLinear");
    expect(paramsFromObject({ setting: { interpolator: null } }).settings.interpolator).toBeNull();
  });
});
