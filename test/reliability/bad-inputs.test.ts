/**
 * The bad-input corpus (test/fixtures/bad, written by scripts/make-bad-fixtures.ts): each broken image, mask,
 * manifest or clinical table gives either the value PyRadiomics defines for it or an Error naming the file
 * (and, for manifests, the entry and patient) and the problem.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it, vi } from "vitest";

// vitest's module runner gives importEsm's Function-wrapped import() no loader; use a plain import() there.
vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { extractFromFiles } from "../../src/radiomics/extractor";
import { readImage } from "../../src/radiomics/image";
import { MAX_VOXELS } from "../../src/radiomics/image-header";
import { paramsFromObject } from "../../src/radiomics/settings";
import { loadManifest, validateClinicalTable } from "../../src/manifest/load";
import { Sha256Cache } from "../../src/manifest/checksum";
import { writeBadFixtures } from "../../scripts/make-bad-fixtures";

const DIR = "test/fixtures/bad/images";
const MANIFESTS = resolve("test/fixtures/bad/manifests");
const img = (name: string) => join(DIR, name);
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Original image, the classes whose degenerate cases PyRadiomics defines explicitly. */
const PARAMS = paramsFromObject({ imageType: { Original: {} }, featureClass: { shape: [], firstorder: [], glcm: [], ngtdm: [] }, setting: { binWidth: 25 } });

async function outcome(image: string, mask = "good_mask.nrrd"): Promise<string> {
  try {
    await extractFromFiles(img(image), img(mask), PARAMS);
    return "ok";
  } catch (err) {
    return (err as Error).message;
  }
}

describe("corrupt, truncated and non-image files fail before any allocation, naming the file and the problem", () => {
  const cases: [string, string][] = [
    ["truncated.nrrd", "file is truncated: the header declares 768 bytes of raw voxel data, the file holds 668"],
    ["truncated.nii", "file is truncated: the header declares 1120 bytes of header and voxel data, the file holds 1020"],
    ["truncated.nii.gz", "file is truncated: the header declares 1120 bytes of header and voxel data, the file holds 600"],
    ["header-only.nrrd", "NRRD header is incomplete (no blank line ends it); the file is truncated or corrupt"],
    ["empty.nrrd", "file is empty"],
    ["huge.nrrd", `header declares 100000 x 100000 x 100000 = 1000000000000000 voxels, more than this reader accepts (${MAX_VOXELS}); the header is corrupt or the image too large`],
    ["huge.nii", `header declares 30000 x 30000 x 30000 = 27000000000000 voxels, more than this reader accepts (${MAX_VOXELS}); the header is corrupt or the image too large`],
    ["image-4d.nrrd", "4D image; only 2D and 3D images are supported"],
    ["image-vector.nrrd", "image has 3 components per voxel; a scalar image is required"],
  ];
  for (const [file, problem] of cases) {
    it(file, async () => {
      expect(await outcome(file)).toBe(`${img(file)}: ${problem}`);
    });
  }

  it("dicom-truncated (one slice of a series cut inside its pixel data)", async () => {
    expect(await outcome("dicom-truncated")).toBe(
      `${img("dicom-truncated/im03.dcm")}: file is truncated: the header declares 1004 bytes of DICOM data up to the end of element (7FE0,0010), the file holds 964`,
    );
  });

  it("DICOM slices whose pixel data is short, or whose Rows x Columns is enormous", async () => {
    expect(await outcome("dicom-short-pixels")).toBe(
      `${img("dicom-short-pixels/im00.dcm")}: DICOM pixel data holds 64 bytes, but Rows 8 x Columns 8 x 1 frame(s) x 1 sample(s) x 16 bits need 128; the file is corrupt`,
    );
    expect(await outcome("dicom-huge")).toBe(
      `${img("dicom-huge/im00.dcm")}: header declares 65535 x 65535 x 1 = 4294836225 voxels, more than this reader accepts (${MAX_VOXELS}); the header is corrupt or the image too large`,
    );
  });

  for (const file of ["corrupt.nii.gz", "not-an-image.nrrd", "png-bytes.nii"]) {
    it(`${file} (not an image in that format)`, async () => {
      expect(await outcome(file)).toMatch(new RegExp(`^${esc(img(file))}: cannot read image \\(.*\\); the file may be truncated, corrupt or of an unsupported format$`));
    });
  }

  it("dicom-not-dicom (a folder without DICOM files)", async () => {
    expect(await outcome("dicom-not-dicom")).toMatch(new RegExp(`^${esc(img("dicom-not-dicom"))}: cannot read DICOM series`));
  });

  it("the enormous headers are refused without growing the heap", async () => {
    const before = process.memoryUsage().rss;
    await expect(readImage(img("huge.nrrd"))).rejects.toThrow(/more than this reader accepts/);
    await expect(readImage(img("huge.nii"))).rejects.toThrow(/more than this reader accepts/);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 2 ** 20);
  });
});

describe("image/mask mismatches and degenerate masks: PyRadiomics' checks, naming mask and image", () => {
  const good = img("good_image.nrrd");
  const cases: [string, string][] = [
    ["mask-size.nrrd", `mask size 8 x 8 x 5 differs from image size 8 x 8 x 6 (${good})`],
    ["mask-spacing.nrrd", `image/mask geometry mismatch with ${good}: spacing (0.7, 0.7, 1.6) vs (0.7, 0.7, 1.5) (tolerance 0.000001; see setting geometryTolerance)`],
    ["mask-origin.nrrd", `image/mask geometry mismatch with ${good}: origin (-2.8, -2.8, 0.01) vs (-2.8, -2.8, 0) (tolerance 0.000001; see setting geometryTolerance)`],
    ["mask-direction.nrrd", `image/mask geometry mismatch with ${good}: direction [0, 1, 0, 1, 0, 0, 0, 0, 1] vs [1, 0, 0, 0, 1, 0, 0, 0, 1] (tolerance 0.000001; see setting geometryTolerance)`],
    ["mask-label2.nrrd", "label 1 not present in mask; labels present: 2"],
    ["mask-empty.nrrd", "no labels found in this mask (nothing is segmented)"],
    ["mask-one-voxel.nrrd", "mask only contains 1 segmented voxel (label 1); cannot extract features for a single voxel"],
    // A float mask is compared with the label exactly, as PyRadiomics does: 1.0000001 is not label 1.
    ["mask-float-offlabel.nrrd", "label 1 not present in mask; labels present: 1.0000001192092896"],
  ];
  for (const [mask, problem] of cases) {
    it(mask, async () => {
      expect(await outcome("good_image.nrrd", mask)).toBe(`${img(mask)}: ${problem}`);
    });
  }
});

describe("defined values for legal but degenerate inputs", () => {
  it("constant ROI: PyRadiomics' flat-region values, no NaN", async () => {
    const f = await extractFromFiles(img("image-constant.nrrd"), img("good_mask.nrrd"), PARAMS);
    for (const [k, v] of Object.entries(f)) if (typeof v === "number") expect(Number.isFinite(v), k).toBe(true);
    expect(f.original_firstorder_Variance).toBe(0);
    expect(f.original_firstorder_Skewness).toBe(0); // m3 / m2^1.5 with m2 = 0 replaced by 1
    expect(f.original_firstorder_Kurtosis).toBe(0);
    expect(f.original_firstorder_Uniformity).toBe(1);
    expect(f.original_firstorder_Entropy).toBeCloseTo(-Math.log2(1 + 2.220446049250313e-16), 30); // -sum p log2(p + eps)
    expect(f.original_glcm_Correlation).toBe(1); // flat region: correlation defined as 1
    expect(f.original_glcm_Imc1).toBe(0);
    expect(f.original_glcm_Imc2).toBe(0);
    expect(f.original_glcm_Idmn).toBe(1);
    expect(f.original_ngtdm_Coarseness).toBe(1e6); // sum(p_i s_i) = 0: PyRadiomics returns 10^6
    expect(f.original_ngtdm_Contrast).toBe(0);
    expect(f.original_ngtdm_Busyness).toBe(0);
    expect(f.original_shape_VoxelVolume).toBeCloseTo(48 * 0.7 * 0.7 * 1.5, 10);
  });

  it("NaN or infinite voxels inside the ROI are an error naming the image (PyRadiomics' histogram refuses them too)", async () => {
    expect(await outcome("image-nan.nrrd")).toBe(`${img("image-nan.nrrd")}: original image has NaN voxels inside the ROI; cannot discretise`);
    expect(await outcome("image-inf.nrrd")).toBe(`${img("image-inf.nrrd")}: original image has Infinity voxels inside the ROI; cannot discretise`);
  });

  it("a NaN voxel outside the ROI changes only the whole-image mean diagnostic (NaN, as SimpleITK gives)", async () => {
    const [bad, good] = await Promise.all([
      extractFromFiles(img("image-nan-outside.nrrd"), img("good_mask.nrrd"), PARAMS),
      extractFromFiles(img("good_image.nrrd"), img("good_mask.nrrd"), PARAMS),
    ]);
    expect(bad["diagnostics_Image-original_Mean"]).toBeNaN();
    for (const k of Object.keys(good)) if (!k.startsWith("diagnostics_Image-original_")) expect(bad[k], k).toEqual(good[k]);
  });

  it("a mask with non-integer values: voxels equal to the label form the ROI", async () => {
    const f = await extractFromFiles(img("good_image.nrrd"), img("mask-float.nrrd"), PARAMS);
    expect(f["diagnostics_Mask-original_VoxelNum"]).toBe(24);
    expect(Number.isFinite(f.original_glcm_Correlation as number)).toBe(true);
  });

  it("2D image and mask: shape2D instead of shape, features finite", async () => {
    const params = paramsFromObject({ imageType: { Original: {} }, featureClass: { shape: [], shape2D: [], firstorder: [] } });
    const f = await extractFromFiles(img("image-2d.nrrd"), img("mask-2d.nrrd"), params);
    expect(f["diagnostics_Image-original_Dimensionality"]).toBe("2D");
    expect(Object.keys(f).some((k) => k.startsWith("original_shape_"))).toBe(false);
    expect(f.original_shape2D_PixelSurface).toBeCloseTo(16 * 0.7 * 0.7, 10);
    for (const [k, v] of Object.entries(f)) if (typeof v === "number") expect(Number.isFinite(v), k).toBe(true);
  });
});

describe("manifests and clinical tables: the entry, patient and file at fault", () => {
  const load = (name: string) => () => loadManifest(join(MANIFESTS, name), { hasher: new Sha256Cache(null) });
  const where = (name: string) => `manifest ${join(MANIFESTS, name)}: `;
  const images = resolve(DIR);

  it("missing file", () => {
    expect(load("missing-file.json")).toThrow(`${where("missing-file.json")}cases[1] (patient LOST07) image: file not found: ${join(images, "lost_image.nrrd")}`);
  });
  it("wrong checksum", () => {
    expect(load("wrong-checksum.json")).toThrow(
      new RegExp(`^${esc(where("wrong-checksum.json"))}cases\\[0\\] \\(patient GOOD01\\) mask: checksum mismatch for ${esc(join(images, "good_mask.nrrd"))}: manifest says 0{64}, file has [0-9a-f]{64}$`),
    );
  });
  it("path escaping the data root, and an absolute path", () => {
    expect(load("escape-root.json")).toThrow(`${where("escape-root.json")}cases[0] (patient ESC08) mask: path "../manifests/missing-file.json" escapes the data root ${images}`);
    expect(load("absolute-path.json")).toThrow(`${where("absolute-path.json")}cases[0] (patient ABS09) image: path "/etc/passwd" is absolute; give it relative to the data root ${images}`);
  });
  it("duplicate case of one patient", () => {
    expect(load("duplicate-case.json")).toThrow(`${where("duplicate-case.json")}cases[1] (patient GOOD01): duplicate case T1C/tumour`);
  });
  it("clinical table: every missing, mistyped, unknown-code and duplicate-ID problem, each naming the patient", () => {
    const m = load("clinical-bad.json")();
    let message = "";
    try {
      validateClinicalTable(m);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.split("\n")).toEqual([
      `${where("clinical-bad.json")}clinical table ${join(images, "clinical.csv")}:`,
      "  patient GOOD01: duplicate patient ID (rows 2 and 8)",
      "  patient BAD02, column 'age': required value is missing",
      "  patient BAD03, column 'age': 'fifty' is not a number",
      "  patient BAD04, column 'er': unknown level 'unknown' (declared levels: negative, positive)",
      "  patient BAD05, column 'grade': '2.5' is not an integer",
      "  patient BAD06, column 'nodes': -2 is below the minimum 0",
    ]);
  });
});

it("the committed corpus is exactly what the generator writes (regenerate: npx tsx scripts/make-bad-fixtures.ts)", () => {
  const fresh = mkdtempSync(join(tmpdir(), "alnm-bad-"));
  try {
    writeBadFixtures(fresh);
    const list = (root: string) => (readdirSync(root, { recursive: true }) as string[]).filter((f) => statSync(join(root, f)).isFile()).sort();
    const files = list(fresh);
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(list("test/fixtures/bad")).toEqual(files);
    for (const f of files) expect(readFileSync(join("test/fixtures/bad", f)).equals(readFileSync(join(fresh, f))), f).toBe(true);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
});
