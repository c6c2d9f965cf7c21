/**
 * Voxel-based extraction against an independent reference: for every ROI voxel, its kernel neighbourhood is built
 * here as an explicit mask and the segment-based extractor computes the features on it.
 *
 * PyRadiomics' voxel mode discretises once over the ROI (or over the grown box with maskedKernel false) and keeps
 * that discretisation (levels and Ng) in every kernel; the segment-based extractor discretises each neighbourhood on
 * its own. The test image is built so that both agree: the lowest intensity sits at every (even x, even y) voxel and
 * the highest at every (odd x, odd y) voxel, so every kernel (at least 2 x 2 in-plane) holds the region's minimum and
 * maximum, and binning from the same minimum gives the same levels and the same Ng. ROI holes are cut only where
 * x + y is odd, so masked kernels keep both.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";

// vitest's module runner gives importEsm's Function-wrapped import() no loader; use a plain import() there.
vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
// A memory limit the test can lower (null: the real one).
const memoryLimit = vi.hoisted(() => ({ bytes: null as number | null }));
vi.mock("../../src/radiomics/memory", async (original) => {
  const real = await original<typeof import("../../src/radiomics/memory")>();
  return { ...real, usableMemory: () => memoryLimit.bytes ?? real.usableMemory() };
});
import { extract } from "../../src/cli/commands/extract";
import { extractFeatures } from "../../src/radiomics/extractor";
import { makeVolume, readImage, type Volume } from "../../src/radiomics/image";
import { writeNrrd } from "../../src/radiomics/nrrd-writer";
import { paramsFromObject, readParamsFile, type ExtractionParams } from "../../src/radiomics/settings";
import { extractVoxelMaps } from "../../src/radiomics/voxel";

const SIZE: [number, number, number] = [8, 7, 5];
const LOW = 3;
const HIGH = 97;
const TEXTURE = { firstorder: null, glcm: null, glrlm: null, glszm: null, gldm: null, ngtdm: null };

/** Deterministic pseudo-random integers in [lo, hi] (a linear congruential generator). */
function randomInts(seed: number): (lo: number, hi: number) => number {
  let s = seed >>> 0;
  return (lo, hi) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + (s % (hi - lo + 1));
  };
}

/** The test image: LOW at (even, even), HIGH at (odd, odd), random levels strictly between elsewhere. */
function patternImage(): Volume {
  const rand = randomInts(7);
  const data = new Float64Array(SIZE[0] * SIZE[1] * SIZE[2]);
  for (let z = 0, i = 0; z < SIZE[2]; z++) {
    for (let y = 0; y < SIZE[1]; y++) {
      for (let x = 0; x < SIZE[0]; x++, i++) data[i] = x % 2 === 0 && y % 2 === 0 ? LOW : x % 2 === 1 && y % 2 === 1 ? HIGH : rand(LOW + 1, HIGH - 1);
    }
  }
  return makeVolume(data, SIZE, { spacing: [0.8, 0.9, 1.5], origin: [-4, 2, 10] });
}

/** ROI: the box x 1..6, y 1..5, z `zFrom`..`zTo` minus some voxels where x + y is odd (never a LOW or HIGH voxel). */
function patternMask(zFrom = 1, zTo = 3): Volume {
  const rand = randomInts(11);
  const data = new Float64Array(SIZE[0] * SIZE[1] * SIZE[2]);
  for (let z = zFrom; z <= zTo; z++) {
    for (let y = 1; y <= 5; y++) {
      for (let x = 1; x <= 6; x++) data[x + SIZE[0] * (y + SIZE[1] * z)] = (x + y) % 2 === 1 && rand(0, 3) === 0 ? 0 : 1;
    }
  }
  return makeVolume(data, SIZE, { spacing: [0.8, 0.9, 1.5], origin: [-4, 2, 10] });
}

/** The kernel of voxel (x, y, z) as a mask: voxels within `radius` per axis, inside the image, and in the ROI if `masked`. */
function neighbourhood(mask: Volume, at: number[], radius: number[], masked: boolean): Volume {
  const data = new Float64Array(mask.data.length);
  for (let z = Math.max(at[2] - radius[2], 0); z <= Math.min(at[2] + radius[2], SIZE[2] - 1); z++) {
    for (let y = Math.max(at[1] - radius[1], 0); y <= Math.min(at[1] + radius[1], SIZE[1] - 1); y++) {
      for (let x = Math.max(at[0] - radius[0], 0); x <= Math.min(at[0] + radius[0], SIZE[0] - 1); x++) {
        const i = x + SIZE[0] * (y + SIZE[1] * z);
        if (!masked || mask.data[i] === 1) data[i] = 1;
      }
    }
  }
  return { ...mask, data };
}

const close = (a: number, b: number) => (Number.isNaN(b) ? Number.isNaN(a) : Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)));

/**
 * Checks every map voxel of the ROI against the segment-based features of its neighbourhood, every map voxel
 * outside the ROI against initValue, and the map grid against the ROI box grown by the radius.
 */
async function checkAgainstReference(
  params: ExtractionParams,
  radius: number[],
  masked: boolean,
  initValue: number,
  mask = patternMask(),
): Promise<number> {
  const image = patternImage();
  const { maps } = await extractVoxelMaps(image, mask, params);
  const grow = Math.max(...radius);
  const zRoi = [...Array(SIZE[2]).keys()].filter((z) => mask.data.slice(z * SIZE[0] * SIZE[1], (z + 1) * SIZE[0] * SIZE[1]).some((v) => v === 1));
  const lower = [1, 1, zRoi[0]].map((l) => Math.max(l - grow, 0));
  const upper = [6, 5, zRoi[zRoi.length - 1]].map((u, d) => Math.min(u + grow, SIZE[d] - 1));
  const size = upper.map((u, d) => u - lower[d] + 1);
  let checked = 0;
  for (let z = 0; z < SIZE[2]; z++) {
    for (let y = 0; y < SIZE[1]; y++) {
      for (let x = 0; x < SIZE[0]; x++) {
        const inBox = [x, y, z].every((v, d) => v >= lower[d] && v <= upper[d]);
        if (!inBox) continue;
        const at = (x - lower[0]) + size[0] * ((y - lower[1]) + size[1] * (z - lower[2]));
        if (mask.data[x + SIZE[0] * (y + SIZE[1] * z)] !== 1) {
          for (const map of maps.values()) expect(map.data[at]).toBe(initValue);
          continue;
        }
        const reference = extractFeatures(image, neighbourhood(mask, [x, y, z], radius, masked), params);
        const names = Object.keys(reference).filter((k) => !k.startsWith("diagnostics_"));
        expect([...maps.keys()]).toEqual(names);
        for (const name of names) {
          const got = maps.get(name)!.data[at];
          if (!close(got, reference[name] as number)) expect.fail(`${name} at (${x}, ${y}, ${z}): map ${got}, kernel ${reference[name]}`);
        }
        checked++;
      }
    }
  }
  const first = [...maps.values()][0];
  expect(first.size).toEqual(size);
  expect(first.origin.map((o, d) => o - image.origin[d] - lower[d] * image.spacing[d]).every((v) => Math.abs(v) < 1e-12)).toBe(true);
  return checked;
}

describe("voxel-based extraction equals segment-based features of each kernel", () => {
  it("masked kernel, kernelRadius 1, first order and every texture class, Original and Square images", async () => {
    const params = paramsFromObject({
      setting: { binWidth: 10, additionalInfo: false },
      imageType: { Original: {}, Square: {} },
      featureClass: TEXTURE,
      voxelSetting: { kernelRadius: 1 },
    });
    expect(await checkAgainstReference(params, [1, 1, 1], true, 0)).toBeGreaterThan(70);
  }, 120_000);

  it("unmasked kernel (discretised over the grown box), initValue outside the ROI", async () => {
    const params = paramsFromObject({
      setting: { binCount: 8, additionalInfo: false },
      featureClass: TEXTURE,
      voxelSetting: { kernelRadius: 1, maskedKernel: false, initValue: -7.5 },
    });
    await checkAgainstReference(params, [1, 1, 1], false, -7.5);
  }, 120_000);

  it("force2D: in-plane kernels of radius 2", async () => {
    const params = paramsFromObject({
      setting: { binWidth: 15, force2D: true, force2Ddimension: 0, additionalInfo: false },
      featureClass: TEXTURE,
      voxelSetting: { kernelRadius: 2 },
    });
    await checkAgainstReference(params, [2, 2, 0], true, 0);
  }, 120_000);

  it("a one-slice ROI in a 3D image (kernels span 3 slices, the ROI one): out-of-plane directions dropped", async () => {
    // The grown box is 3 slices thick, so directions leaving the slice exist, but no line along them holds two ROI
    // voxels: GLRLM empties them (cmatrices calculate_glrlm) and GLCM finds no pair, as for the one-slice kernel.
    const params = paramsFromObject({ setting: { binWidth: 10, additionalInfo: false }, featureClass: TEXTURE });
    expect(await checkAgainstReference(params, [1, 1, 1], true, 0, patternMask(2, 2))).toBeGreaterThan(20);
  }, 120_000);
});

describe("voxel-based extraction of wavelet sub-bands (computed on the grown box only)", () => {
  it("features that do not depend on which numbers the gray levels carry equal the kernel's segment-based values", async () => {
    // With binWidth, bin edges are multiples of binWidth in both modes: the same voxels share a bin, only the bin
    // numbers shift. These features see only that partition (and differences of levels).
    const featureClass = {
      firstorder: null,
      glcm: ["Contrast", "JointEntropy", "Idm", "Imc1", "ClusterTendency"],
      glrlm: ["RunEntropy", "ShortRunEmphasis", "GrayLevelNonUniformity"],
      glszm: ["ZoneEntropy", "SmallAreaEmphasis"],
      gldm: ["DependenceEntropy"],
      ngtdm: ["Coarseness", "Contrast"],
    };
    // maskedKernel false: kernels reach the grown box's voxels outside the ROI, so the sub-bands must be right there too.
    const params = paramsFromObject({
      setting: { binWidth: 5, additionalInfo: false },
      imageType: { Wavelet: { wavelet: "haar" } },
      featureClass,
      voxelSetting: { maskedKernel: false },
    });
    const image = patternImage();
    const mask = patternMask(2, 3);
    const { maps } = await extractVoxelMaps(image, mask, params);
    expect(maps.size).toBe(8 * 31);
    const map = [...maps.values()][0];
    const lower = [0, 0, 1]; // the ROI box x 1..6, y 1..5, z 2..3 grown by 1: z 1..4 of the image's 0..4
    let checked = 0;
    for (let i = 0; i < map.data.length; i++) {
      const at = [i % map.size[0], Math.floor(i / map.size[0]) % map.size[1], Math.floor(i / (map.size[0] * map.size[1]))].map((v, d) => v + lower[d]);
      if (mask.data[at[0] + SIZE[0] * (at[1] + SIZE[1] * at[2])] !== 1 || i % 2 !== 0) continue;
      const reference = extractFeatures(image, neighbourhood(mask, at, [1, 1, 1], false), params);
      for (const [name, m] of maps) if (!close(m.data[i], reference[name] as number)) expect.fail(`${name} at (${at}): map ${m.data[i]}, kernel ${reference[name]}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  }, 120_000);
});

describe("voxel-based extraction keeps the ROI-wide discretisation in every kernel", () => {
  // ROI = the whole 8 x 4 x 3 image; binWidth 10 from the minimum 5: 5 -> level 1, 15 -> 2, 25 -> 3, 35 -> 4 (Ng 4).
  // x <= 3: 5 or 15 at random; x = 4, 5: 25; x >= 6: 35 (flat).
  const size: [number, number, number] = [8, 4, 3];
  const rand = randomInts(3);
  const data = new Float64Array(96);
  for (let i = 0; i < 96; i++) data[i] = i % 8 <= 3 ? (rand(0, 1) ? 15 : 5) : i % 8 <= 5 ? 25 : 35;
  const image = makeVolume(data, size);
  const mask = makeVolume(new Float64Array(96).fill(1), size);
  const params = paramsFromObject({ setting: { binWidth: 10 }, featureClass: { firstorder: null, glcm: null, glrlm: null } });

  it("levels 1 and 2 only (x <= 2): Idmn and Idn use the ROI's Ng 4, from the kernel's Contrast C", async () => {
    const { maps } = await extractVoxelMaps(image, mask, params);
    // Two adjacent levels: p_{x-y}(1) = C and p_{x-y}(0) = 1 - C per angle, so Idmn = 1 - C + C / (1 + 1 / Ng^2).
    for (let i = 0; i < 96; i++) {
      if (i % 8 > 2) continue;
      const c = maps.get("original_glcm_Contrast")!.data[i];
      expect(maps.get("original_glcm_Idmn")!.data[i]).toBeCloseTo(1 - c + c / (1 + 1 / 16), 12);
      expect(maps.get("original_glcm_Idn")!.data[i]).toBeCloseTo(1 - c + c / (1 + 1 / 4), 12);
    }
  });

  it("a flat kernel of level 4 (x = 7): JointAverage 4, HighGrayLevelRunEmphasis 16, MCC 0 (the ROI holds other levels)", async () => {
    const { maps } = await extractVoxelMaps(image, mask, params);
    for (let i = 7; i < 96; i += 8) {
      expect(maps.get("original_glcm_JointAverage")!.data[i]).toBe(4);
      expect(maps.get("original_glrlm_HighGrayLevelRunEmphasis")!.data[i]).toBe(16);
      expect(maps.get("original_glcm_MCC")!.data[i]).toBe(0);
      expect(maps.get("original_glcm_Contrast")!.data[i]).toBe(0);
      expect(maps.get("original_firstorder_Mean")!.data[i]).toBe(35);
    }
  });
});

describe("voxel-based extraction: batches and threads", () => {
  it("gives identical maps for any voxelBatch and number of worker threads", async () => {
    const make = (voxelBatch: number) => paramsFromObject({ setting: { binWidth: 10 }, featureClass: TEXTURE, voxelSetting: { voxelBatch } });
    const one = await extractVoxelMaps(patternImage(), patternMask(), make(1000));
    const two = await extractVoxelMaps(patternImage(), patternMask(), make(7), undefined, { workers: 2 });
    expect([...two.maps.keys()]).toEqual([...one.maps.keys()]);
    for (const [name, map] of one.maps) expect(Buffer.from(two.maps.get(name)!.data.buffer).equals(Buffer.from(map.data.buffer))).toBe(true);
    // Identical but for the voxelBatch setting itself.
    const settingsKey = "diagnostics_Configuration_Settings";
    expect({ ...two.diagnostics, [settingsKey]: "" }).toEqual({ ...one.diagnostics, [settingsKey]: "" });
    expect(two.diagnostics[settingsKey]).toContain("'voxelBatch': 7");
  }, 120_000);
});

describe("voxel-based extraction: memory", () => {
  it("refuses maps that would not fit, before computing them, naming the image, the count and the grid", async () => {
    memoryLimit.bytes = 2 ** 18;
    try {
      const params = paramsFromObject({ setting: { binWidth: 10 }, featureClass: TEXTURE });
      await expect(extractVoxelMaps(patternImage(), patternMask(), params, { image: "img.nrrd", mask: "roi.nrrd" })).rejects.toThrow(
        // 93 maps x 280 voxels x 8 bytes = 208,320 bytes = 0.000194 GiB; the limit 2^18 bytes = 0.000244 GiB.
        "img.nrrd: original image: 93 feature maps of 8 x 7 x 5 voxels (float64) need 0.000194 GiB, more than half the 0.000244 GiB this process can use; " +
          "enable fewer feature classes, features or image types, or a smaller kernelRadius",
      );
    } finally {
      memoryLimit.bytes = null;
    }
  });
});

describe("voxel-based extraction: settings", () => {
  const bad: [Record<string, unknown>, string][] = [
    [{ kernelRadius: 0 }, "params.yaml: voxelSetting kernelRadius has invalid value 0 (expected an integer > 0 or null)"],
    [{ kernelRadius: 1.5 }, "params.yaml: voxelSetting kernelRadius has invalid value 1.5 (expected an integer > 0 or null)"],
    [{ maskedKernel: "yes" }, 'params.yaml: voxelSetting maskedKernel has invalid value "yes" (expected true or false or null)'],
    [{ initValue: "zero" }, 'params.yaml: voxelSetting initValue has invalid value "zero" (expected a number (or a string such as nan or inf) or null)'],
    [{ voxelBatch: -1 }, "params.yaml: voxelSetting voxelBatch has invalid value -1 (expected an integer > 0 or null)"],
    [{ kernelradius: 2 }, "params.yaml: unknown voxelSetting \"kernelradius\" (did you mean 'kernelRadius'?)"],
  ];
  for (const [voxelSetting, message] of bad) {
    it(`rejects ${JSON.stringify(voxelSetting)}`, () => {
      expect(() => paramsFromObject({ voxelSetting }, "params.yaml")).toThrow(message);
    });
  }
});

describe("alnm extract --voxel-based", () => {
  const dir = mkdtempSync(join(tmpdir(), "alnm-voxel-"));
  writeNrrd(join(dir, "image.nrrd"), patternImage(), "short", { encoding: "raw" });
  writeNrrd(join(dir, "mask.nrrd"), patternMask(), "uchar", { encoding: "raw" });
  const run = (out: string, ...more: string[]) =>
    extract.run([join(dir, "image.nrrd"), join(dir, "mask.nrrd"), "--voxel-based", "--setting", "binWidth=10", "--setting", "kernelRadius=1", "--workers", "1", "--out", out, ...more]);

  it("writes one NRRD per feature (PyRadiomics' names, the maps of extractVoxelMaps) and diagnostics.json, byte-identical on a rerun", async () => {
    expect(await run(join(dir, "a"))).toBe(0);
    expect(await run(join(dir, "b"))).toBe(0);
    const params = paramsFromObject({ setting: { binWidth: 10 }, voxelSetting: { kernelRadius: 1 } });
    const { maps } = await extractVoxelMaps(await readImage(join(dir, "image.nrrd")), await readImage(join(dir, "mask.nrrd")), params);
    const files = readdirSync(join(dir, "a")).sort();
    expect(files).toEqual([...[...maps.keys()].map((k) => `${k}.nrrd`), "diagnostics.json"].sort());
    expect(files).toContain("original_glcm_Contrast.nrrd");
    for (const [name, map] of maps) {
      const back = await readImage(join(dir, "a", `${name}.nrrd`));
      expect(back.size).toEqual(map.size);
      expect(back.origin).toEqual(map.origin);
      expect(Buffer.from(back.data.buffer).equals(Buffer.from(map.data.buffer))).toBe(true);
    }
    for (const f of files) expect(readFileSync(join(dir, "b", f)).equals(readFileSync(join(dir, "a", f)))).toBe(true);
    const diagnostics = JSON.parse(readFileSync(join(dir, "a", "diagnostics.json"), "utf8"));
    expect(diagnostics.diagnostics_Configuration_Settings).toContain("'kernelRadius': 1");
  }, 120_000);

  it("refuses --voxel-based without --out, and a bad voxel setting by name", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await extract.run([join(dir, "image.nrrd"), join(dir, "mask.nrrd"), "--voxel-based"])).toBe(2);
    expect(errors.mock.calls.flat().join("\n")).toContain("--voxel-based writes one map per feature: --out <folder> is required");
    errors.mockRestore();
    await expect(run(join(dir, "c"), "--setting", "maskedKernel=maybe")).rejects.toThrow(
      '--setting: voxelSetting maskedKernel has invalid value "maybe" (expected true or false or null)',
    );
  });
});

describe("PyRadiomics' exampleVoxel.yaml runs unmodified", () => {
  it("on breast1: force2D kernels of radius 2, GLCM JointEntropy, initValue nan (a YAML string, as pykwalify accepts it)", async () => {
    const path = "data/pyradiomics/exampleSettings/exampleVoxel.yaml";
    const bytes = readFileSync(path);
    expect(createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex")).toBe("6f29f49b4bcd733836e9e4897226a57fae938613");
    const params = readParamsFile(path);
    const image = await readImage("data/pyradiomics/breast1_image.nrrd");
    const mask = await readImage("data/pyradiomics/breast1_label.nrrd");
    const { maps } = await extractVoxelMaps(image, mask, params, undefined, { workers: 2 });
    expect([...maps.keys()]).toEqual(["original_glcm_JointEntropy"]);
    const map = maps.get("original_glcm_JointEntropy")!;
    // JointEntropy does not depend on which numbers the levels carry: the segment-based value of each kernel
    // (an explicit in-plane 5 x 5 mask) is the reference whatever its own discretisation.
    const lower = map.origin.map((o, d) => Math.round((o - image.origin[d]) / image.spacing[d]));
    let inRoi = 0;
    for (let i = 0; i < map.data.length; i++) {
      const at = [i % map.size[0], Math.floor(i / map.size[0]) % map.size[1], Math.floor(i / (map.size[0] * map.size[1]))].map((v, d) => v + lower[d]);
      const j = at[0] + image.size[0] * (at[1] + image.size[1] * at[2]);
      if (mask.data[j] !== 1) {
        expect(map.data[i]).toBeNaN();
        continue;
      }
      if (inRoi++ % 5 !== 0) continue;
      const kernel = new Float64Array(mask.data.length);
      for (let y = at[1] - 2; y <= at[1] + 2; y++) {
        for (let x = at[0] - 2; x <= at[0] + 2; x++) {
          const k = x + image.size[0] * (y + image.size[1] * at[2]);
          if (x >= 0 && y >= 0 && x < image.size[0] && y < image.size[1] && mask.data[k] === 1) kernel[k] = 1;
        }
      }
      const reference = extractFeatures(image, { ...mask, data: kernel }, { ...params, settings: { ...params.settings, minimumROIDimensions: 1 } });
      expect(map.data[i]).toBeCloseTo(reference.original_glcm_JointEntropy as number, 9);
    }
    expect(inRoi).toBe(mask.data.filter((v) => v === 1).length);
  }, 120_000);
});
