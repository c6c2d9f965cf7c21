import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";

// vitest's module runner gives importEsm's Function-wrapped import() no loader; use a plain import() there.
vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { makeVolume, readImage, type Volume } from "../../src/radiomics/image";
import { ibsiModeComplianceTable } from "../../src/radiomics/ibsi/compliance";
import { ibsiConfigFromObject } from "../../src/radiomics/ibsi/config";
import { extractIbsi } from "../../src/radiomics/ibsi/extract";
import { interpolateMaskFraction, preprocessIbsi } from "../../src/radiomics/ibsi/preprocess";
import { ibsiRoi } from "../../src/radiomics/ibsi/roi";
import { repoPath } from "../../src/util/paths";

/** A CT-like volume: soft tissue (40 HU) with a denser block (300 HU), air (-1000 HU) in the first column, in a rotated frame. */
function ctLike(size: [number, number, number], spacing: [number, number, number]): Volume {
  const data = new Float64Array(size[0] * size[1] * size[2]);
  for (let z = 0, i = 0; z < size[2]; z++) {
    for (let y = 0; y < size[1]; y++) for (let x = 0; x < size[0]; x++, i++) data[i] = x === 0 ? -1000 : x > 3 && y > 2 ? 300 : 40;
  }
  // x axis along +y, y axis along -x, z along z: a 90-degree rotation about z.
  return makeVolume(data, size, { spacing, origin: [-12.5, 30.25, 7], direction: [0, -1, 0, 1, 0, 0, 0, 0, 1] });
}

/** The manual's grid formulas, written out for one axis: n_b = ceil(n_a s_a / s_b), x_b = x_a + (s_a (n_a - 1) - s_b (n_b - 1)) / 2. */
function manualAxis(n: number, s: number, sNew: number): { size: number; shiftMm: number } {
  const size = Math.ceil(Number(((n * s) / sNew).toFixed(9)));
  return { size, shiftMm: (s * (n - 1) - sNew * (size - 1)) / 2 };
}

describe("alnm ibsi configuration", () => {
  it("refuses unknown keys, naming them, and wrong values", () => {
    expect(() => ibsiConfigFromObject({ discretisation: { method: "fbs", value: 25 }, binWidth: 25 }, "c.yaml")).toThrow('c.yaml: unknown key "binWidth"');
    expect(() => ibsiConfigFromObject({ discretisation: { method: "fbs", value: 25 }, interpolation: { spacing: [1, 1, 1], image: "trilinear", mask: "trilinear", order: 3 } }, "c.yaml")).toThrow('unknown key "interpolation.order"');
    expect(() => ibsiConfigFromObject({ discretisation: { method: "fixed", value: 25 } }, "c.yaml")).toThrow("discretisation.method must be fbs or fbn");
    expect(() => ibsiConfigFromObject({ dimensions: "2D", discretisation: { method: "fbs", value: 25 }, interpolation: { spacing: [1, 1, 1], image: "trilinear", mask: "bilinear" } }, "c.yaml")).toThrow("interpolation.image must be one of nearest, bilinear, bicubic");
    expect(() => ibsiConfigFromObject({}, "c.yaml")).toThrow("discretisation is required");
  });
});

describe("IBSI preprocessing on a small CT-like volume", () => {
  const image = ctLike([7, 6, 4], [0.8, 0.75, 3.3]);
  const maskData = new Float64Array(7 * 6 * 4);
  // ROI: x 1..5, y 1..4 in slices 0 and 3 only, so new centres half-way between slices 0|1 and 2|3 see a fraction 1/2.
  for (const z of [0, 3]) for (let y = 1; y <= 4; y++) for (let x = 1; x <= 5; x++) maskData[x + 7 * (y + 6 * z)] = 1;
  const mask = { ...image, data: maskData };
  const config = ibsiConfigFromObject({
    interpolation: { spacing: [2, 2, 2.2], image: "trilinear", mask: "trilinear", maskThreshold: 0.5, round: true },
    resegmentation: { range: [-500, 400], outlier: 3 },
    discretisation: { method: "fbs", value: 25 },
  });

  it("puts the interpolation grid where the manual's formulas put it (size and origin, along the direction cosines)", () => {
    const pre = preprocessIbsi(image, mask, config, "mask");
    const axes = [manualAxis(7, 0.8, 2), manualAxis(6, 0.75, 2), manualAxis(4, 3.3, 2.2)];
    expect(axes.map((a) => a.size)).toEqual([3, 3, 6]); // ceil(2.8), ceil(2.25), 13.2 / 2.2 = 6 (not 7 from rounding)
    expect(pre.image.size).toEqual([3, 3, 6]);
    expect([pre.diagnostics.img_dim_x_interp_img, pre.diagnostics.img_dim_y_interp_img, pre.diagnostics.img_dim_z_interp_img]).toEqual([3, 3, 6]);
    expect(pre.diagnostics.vox_dim_z_interp_img).toBeCloseTo(2.2, 12);
    // Shifts in mm along each index axis, then mapped through the direction matrix.
    const [sx, sy, sz] = axes.map((a) => a.shiftMm);
    expect([sx, sy, sz].map((v) => Number(v.toFixed(9)))).toEqual([0.4, -0.125, -0.55]);
    const expectedOrigin = [-12.5 - sy, 30.25 + sx, 7 + sz];
    pre.image.origin.forEach((v, d) => expect(v).toBeCloseTo(expectedOrigin[d], 12));
  });

  it("keeps a mask fraction of exactly 0.5 (>= 0.5: in the ROI), where plain arithmetic gives 0.4999999999999999", () => {
    // The new centre z = 1 sits at old index (x_b + s_b) / s_a with x_b from the manual's formula: floating point puts it just below 1/2.
    const start = (3.3 * (4 - 1) - 2.2 * (6 - 1)) / 2;
    expect((start + 2.2) / 3.3).toBeLessThan(0.5);
    const fraction = interpolateMaskFraction(mask, config);
    const [nx, ny] = fraction.size;
    // Centre of the in-plane ROI, new slices 1 (half-way 0|1) and 4 (half-way 2|3): fraction exactly 1/2.
    const at = (x: number, y: number, z: number) => fraction.data[x + nx * (y + ny * z)];
    expect(at(1, 1, 1)).toBe(0.5);
    expect(at(1, 1, 4)).toBe(0.5);
    const pre = preprocessIbsi(image, mask, config, "mask");
    expect(pre.morph[1 + nx * (1 + ny * 1)]).toBe(1);
    expect(pre.morph[1 + nx * (1 + ny * 4)]).toBe(1);
  });

  it("rounds after interpolation, re-segments by range then outliers, and bins from the range's lower bound", () => {
    const pre = preprocessIbsi(image, mask, config, "mask");
    for (const v of pre.image.data) expect(Number.isInteger(v)).toBe(true);
    // Range [-500, 400] drops every voxel that interpolation mixed with air (below -500).
    for (let i = 0; i < pre.intensity.length; i++) if (pre.intensity[i]) expect(pre.image.data[i]).toBeGreaterThanOrEqual(-500);
    const roi = ibsiRoi(pre, config);
    // Fixed bin size 25 from -500: level = floor((x + 500) / 25) + 1, so 40 HU -> 22 and 300 HU -> 33.
    for (let i = 0; i < roi.gray.length; i++) if (roi.intensity[i]) expect(roi.gray[i]).toBe(Math.floor((roi.values[i] + 500) / 25) + 1);
    expect(roi.roiValues).toContain(40);
    expect(roi.roiLevels).toContain(22);
  });

  it("refuses a mask of several labels and a re-segmentation that leaves nothing, naming the mask", () => {
    const twoLabels = { ...mask, data: maskData.map((v, i) => (v && i % 2 ? 2 : v)) };
    expect(() => preprocessIbsi(image, twoLabels, config, "m.nrrd")).toThrow("m.nrrd: the mask holds 2 labels (1, 2); the IBSI mode needs a binary mask");
    const nothing = ibsiConfigFromObject({ resegmentation: { range: [1000, 2000] }, discretisation: { method: "fbs", value: 25 } });
    expect(() => preprocessIbsi(image, mask, nothing, "m.nrrd")).toThrow("m.nrrd: re-segmentation left no voxel in the ROI");
  });
});

describe("IBSI chapter 1 digital phantom through the IBSI mode", () => {
  it("every consensus value of the reference table is matched, in every aggregation", async () => {
    const rows = await ibsiModeComplianceTable();
    expect(rows.length).toBe(482);
    expect(rows.filter((r) => !r.pass).map((r) => `${r.tag}: ${r.value} vs ${r.reference}`)).toEqual([]);
    const families = new Set(rows.map((r) => r.tag.split("_")[0]));
    expect([...families].sort()).toEqual(["cm", "dzm", "ih", "ivh", "loc", "morph", "ngl", "ngt", "rlm", "stat", "szm"]);
  });

  it("a one-voxel ROI keeps every tag; features undefined on it are NaN", () => {
    const one = makeVolume(new Float64Array(27).fill(0).map((_, i) => (i === 13 ? 1 : 0)), [3, 3, 3]);
    const values = makeVolume(new Float64Array(27).map((_, i) => i), [3, 3, 3]);
    const features = extractIbsi(values, one, ibsiConfigFromObject({ discretisation: { method: "fbs", value: 1 } }));
    const phantomTags = extractIbsi(values, { ...one, data: new Float64Array(27).fill(1) }, ibsiConfigFromObject({ discretisation: { method: "fbs", value: 1 } }));
    expect(Object.keys(features)).toEqual(Object.keys(phantomTags));
    expect(features.cm_joint_max_3D_avg).toBeNaN();
    expect(features.ngt_coarseness_3D).toBeNaN();
    expect(features.stat_mean).toBe(13);
    expect(features.morph_vol_approx).toBe(1);
  });

  it("each merged aggregation is also written under the manual's word (_merged) with the same value", () => {
    const values = makeVolume(new Float64Array(27).map((_, i) => i % 5), [3, 3, 3]);
    const features = extractIbsi(values, { ...values, data: new Float64Array(27).fill(1) }, ibsiConfigFromObject({ discretisation: { method: "fbs", value: 1 } }));
    const comb = Object.keys(features).filter((k) => k.endsWith("_comb"));
    expect(comb.length).toBeGreaterThan(100);
    for (const k of comb) expect(features[k.replace(/_comb$/, "_merged")], k).toBe(features[k]);
    expect(features.cm_joint_max_2_5D_merged).toBe(features.cm_joint_max_2_5D_comb);
  });

  it("alnm ibsi prints the same features as JSON keyed by IBSI tags", async () => {
    const dir = mkdtempSync(join(tmpdir(), "alnm-ibsi-"));
    const out = join(dir, "features.json");
    const imagePath = repoPath("data/ibsi/ibsi1_digital_phantom_image.nii.gz");
    const maskPath = repoPath("data/ibsi/ibsi1_digital_phantom_mask.nii.gz");
    const run = spawnSync(process.execPath, [repoPath("bin/alnm.mjs"), "ibsi", imagePath, maskPath, "--config", repoPath("params/ibsi-digital-phantom.yaml"), "--out", out], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const printed = JSON.parse(await import("node:fs").then((fs) => fs.readFileSync(out, "utf8")));
    const direct = extractIbsi(await readImage(imagePath), await readImage(maskPath), ibsiConfigFromObject({ discretisation: { method: "fbs", value: 1 } }));
    expect(Object.keys(printed)).toEqual(Object.keys(direct));
    expect(printed.cm_joint_max_2_5D_comb).toBe(direct.cm_joint_max_2_5D_comb);
    expect(printed.int_mask_mean_int_reseg_roi).toBe(direct.int_mask_mean_int_reseg_roi);
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "discretisation: {method: fbs, value: 1}\nbinWidth: 1\n");
    const refused = spawnSync(process.execPath, [repoPath("bin/alnm.mjs"), "ibsi", imagePath, maskPath, "--config", bad], { encoding: "utf8" });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain(`${bad}: unknown key "binWidth"`);
  });
});
