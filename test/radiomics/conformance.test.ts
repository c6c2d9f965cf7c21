/**
 * Conformance with PyRadiomics: its own baselines (data/pyradiomics/baseline, every configuration column
 * except resampling and combined) and PyRadiomics 3.x output computed on this machine kind
 * (data/pyradiomics/extracted, data/bench). Tolerance: 1e-6 relative difference on every feature.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it, vi } from "vitest";

// vitest's module runner gives importEsm's Function-wrapped import() no loader; use a plain import() there.
vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { extractFeatures, extractFromFiles } from "../../src/radiomics/extractor";
import { readImage } from "../../src/radiomics/image";
import { paramsFromObject } from "../../src/radiomics/settings";
import { BASELINE_CLASSES, brainBaselineExtractor, readBaseline, relDiff } from "./baseline";

const TOL = 1e-6;
const brains = brainBaselineExtractor();
beforeAll(() => brains.load(), 60_000);

/**
 * The brain1 shape baseline was written by PyRadiomics 2.0.1b1 (2018); PyRadiomics 3.x gives different mesh
 * values for this ROI (data/pyradiomics/extracted/brain1_*.json, computed by 3.x on this machine kind), and
 * this engine reproduces 3.x. These four are checked against 3.x to 1e-6 and against the old baseline to 1e-3.
 */
const OLD_MESH = new Set([
  "brain1/original_shape_MeshVolume",
  "brain1/original_shape_SurfaceArea",
  "brain1/original_shape_SurfaceVolumeRatio",
  "brain1/original_shape_Sphericity",
]);

describe("PyRadiomics baselines (brain1, brain2)", () => {
  for (const cls of BASELINE_CLASSES) {
    for (const col of readBaseline(cls)) {
      if (/resampling|combined/.test(col.column)) continue;
      it(`${cls} ${col.column}: every feature within 1e-6`, () => {
        const f = brains.extract(col.testCase, col.settings);
        const reference = JSON.parse(readFileSync(`data/pyradiomics/extracted/${col.testCase}_original+wavelet_binWidth25.json`, "utf8"));
        const failures: string[] = [];
        for (const [name, expected] of Object.entries(col.expected)) {
          const ours = f[name] as number;
          if (OLD_MESH.has(`${col.column}/${name}`)) {
            if (relDiff(ours, reference[name]) > TOL || relDiff(ours, expected) > 1e-3) failures.push(`${name}: ${ours}`);
          } else if (!(relDiff(ours, expected) <= TOL)) failures.push(`${name}: ours ${ours}, PyRadiomics ${expected}`);
        }
        expect(failures).toEqual([]);
        expect(Object.keys(col.expected).length).toBeGreaterThan(4);
      });
    }
  }

  it("shape2D on one-slice masks (brain1 slice 16, brain2 slice 8) with force2D", () => {
    const slices: Record<string, number> = { brain1: 16, brain2: 8 };
    const failures: string[] = [];
    for (const col of readBaseline("shape2D")) {
      const name = col.column.replace("_shape2D", "");
      const [image, mask] = brains.volume(name);
      const plane = mask.size[0] * mask.size[1];
      const data = mask.data.map((v, i) => (Math.floor(i / plane) === slices[name] ? v : 0));
      const f = extractFeatures(image, { ...mask, data }, paramsFromObject({ setting: col.settings, featureClass: { shape2D: null } }));
      for (const [k, v] of Object.entries(col.expected)) if (!(relDiff(f[k] as number, v) <= TOL)) failures.push(`${name} ${k}: ${f[k]} vs ${v}`);
      expect(Object.keys(col.expected)).toHaveLength(9);
    }
    expect(failures).toEqual([]);
  });
});

describe("PyRadiomics 3.x output on this machine kind", () => {
  const cases: [string, string, string][] = [
    ["brain1", "data/pyradiomics/brain1_image.nrrd", "data/pyradiomics/extracted/brain1_original+wavelet_binWidth25.json"],
    ["brain2", "data/pyradiomics/brain2_image.nrrd", "data/pyradiomics/extracted/brain2_original+wavelet_binWidth25.json"],
  ];
  for (const [name, , refPath] of cases) {
    it(`${name}: 107 original features within 1e-6, diagnostics equal`, () => {
      const reference = JSON.parse(readFileSync(refPath, "utf8"));
      const f = brains.extract(name, { binWidth: 25, label: 1 });
      const names = Object.keys(reference).filter((k) => k.startsWith("original_"));
      expect(names).toHaveLength(107);
      // Same features in the same order as PyRadiomics writes them.
      expect(Object.keys(f).filter((k) => k.startsWith("original_"))).toEqual(names);
      const failures = names.filter((k) => !(relDiff(f[k] as number, reference[k]) <= TOL));
      expect(failures).toEqual([]);
      for (const k of [
        "diagnostics_Image-original_Hash",
        "diagnostics_Image-original_Spacing",
        "diagnostics_Image-original_Size",
        "diagnostics_Mask-original_Hash",
        "diagnostics_Mask-original_BoundingBox",
        "diagnostics_Mask-original_CenterOfMassIndex",
        "diagnostics_Mask-original_CenterOfMass",
      ]) {
        expect(f[k], k).toBe(reference[k]);
      }
      for (const k of ["diagnostics_Image-original_Mean", "diagnostics_Image-original_Minimum", "diagnostics_Mask-original_VoxelNum", "diagnostics_Mask-original_VolumeNum"]) {
        expect(relDiff(f[k] as number, reference[k]), k).toBeLessThanOrEqual(1e-12);
      }
    });
  }
});

describe("bench volume and breast MRI", () => {
  it("bench (14,863 ROI voxels): 107 original features within 1e-6 of PyRadiomics", async () => {
    const reference = JSON.parse(readFileSync("data/bench/bench_original+wavelet_binWidth25.pyradiomics.json", "utf8"));
    const [image, mask] = [await readImage("data/bench/bench_image.nrrd"), await readImage("data/bench/bench_label.nrrd")];
    const f = extractFeatures(image, mask, { binWidth: 25 });
    const names = Object.keys(reference).filter((k) => k.startsWith("original_"));
    expect(names).toHaveLength(107);
    expect(f["diagnostics_Mask-original_VoxelNum"]).toBe(14863);
    expect(names.filter((k) => !(relDiff(f[k] as number, reference[k]) <= TOL))).toEqual([]);
  });

  it("breast1: all 107 original features, finite", async () => {
    const f = await extractFromFiles("data/pyradiomics/breast1_image.nrrd", "data/pyradiomics/breast1_label.nrrd", { binWidth: 25 });
    const names = Object.keys(f).filter((k) => k.startsWith("original_"));
    expect(names).toHaveLength(107);
    expect(names.filter((k) => !Number.isFinite(f[k]))).toEqual([]);
  });
});
