/**
 * Degenerate geometry and non-regular files: reading refuses a non-finite origin/spacing/direction, a spacing <= 0,
 * a singular or non-orthonormal direction and a FIFO, each an Error naming the file and the field; the image/mask
 * geometry check never lets a NaN match and names the setting geometryTolerance when it is negative.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

// vitest's module runner gives importEsm's Function-wrapped import() no loader; use a plain import() there.
vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { checkVolumeGeometry, makeVolume, readImage } from "../../src/radiomics/image";
import { checkGeometry } from "../../src/radiomics/mask";
import { encodeNrrd } from "../../src/radiomics/nrrd-writer";

const dir = mkdtempSync(join(tmpdir(), "alnm-geometry-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A raw uchar 2 x 2 x 2 NRRD whose geometry lines are written as given (so NaN and 0 reach the reader). */
function writeRawNrrd(name: string, directions: string, origin: string): string {
  const path = join(dir, name);
  const header =
    "NRRD0004\ntype: uchar\ndimension: 3\nspace: left-posterior-superior\nsizes: 2 2 2\n" +
    `space directions: ${directions}\nkinds: domain domain domain\nencoding: raw\nspace origin: ${origin}\n\n`;
  writeFileSync(path, Buffer.concat([Buffer.from(header, "latin1"), Buffer.from([0, 1, 1, 1, 1, 1, 1, 0])]));
  return path;
}

const UNIT = "(1,0,0) (0,1,0) (0,0,1)";

describe("reading refuses degenerate geometry, naming the file and the field", () => {
  it("a valid tiny NRRD reads", async () => {
    const v = await readImage(writeRawNrrd("ok.nrrd", UNIT, "(0,0,0)"));
    expect(v.spacing).toEqual([1, 1, 1]);
  });

  it("NaN origin", async () => {
    const path = writeRawNrrd("nan-origin.nrrd", UNIT, "(nan,0,0)");
    await expect(readImage(path)).rejects.toThrow(`${path}: origin (NaN, 0, 0) is not finite`);
  });

  it("zero spacing", async () => {
    const path = writeRawNrrd("zero-spacing.nrrd", "(1,0,0) (0,0,0) (0,0,1)", "(0,0,0)");
    await expect(readImage(path)).rejects.toThrow(`${path}: spacing (1, 0, 1) must be > 0 in every dimension`);
    // The check itself, as every reader's volume goes through it.
    expect(() => checkVolumeGeometry(makeVolume(new Float64Array(1), [1, 1, 1], { spacing: [1, 0, 1] }), "v.nrrd")).toThrow(
      "v.nrrd: spacing (1, 0, 1) must be > 0 in every dimension",
    );
    expect(() => checkVolumeGeometry(makeVolume(new Float64Array(1), [1, 1, 1], { spacing: [1, -2, 1] }), "v.nrrd")).toThrow(
      "v.nrrd: spacing (1, -2, 1) must be > 0 in every dimension",
    );
    expect(() => checkVolumeGeometry(makeVolume(new Float64Array(1), [1, 1, 1], { spacing: [1, Infinity, 1] }), "v.nrrd")).toThrow(
      "v.nrrd: spacing (1, Infinity, 1) is not finite",
    );
  });

  it("singular direction (two axes along the same line)", async () => {
    const path = join(dir, "singular.nrrd");
    writeFileSync(path, encodeNrrd({ data: new Uint8Array(8).fill(1), size: [2, 2, 2], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 1, 0, 0, 0, 0, 0, 0, 1] }, { encoding: "raw" }));
    await expect(readImage(path)).rejects.toThrow(`${path}: direction [1, 1, 0, 0, 0, 0, 0, 0, 1] is singular (determinant 0); the image axes must be independent`);
  });

  it("non-orthonormal or non-finite direction", () => {
    const v = (direction: number[]) => makeVolume(new Float64Array(1), [1, 1, 1], { direction });
    expect(() => checkVolumeGeometry(v([2, 0, 0, 0, 1, 0, 0, 0, 1]), "v.nrrd")).toThrow(
      "v.nrrd: direction [2, 0, 0, 0, 1, 0, 0, 0, 1] is not orthonormal (column 0 has length 2, expected 1)",
    );
    expect(() => checkVolumeGeometry(v([1, 0, 0, 0, NaN, 0, 0, 0, 1]), "v.nrrd")).toThrow("v.nrrd: direction [1, 0, 0, 0, NaN, 0, 0, 0, 1] is not a finite 3 x 3 matrix");
    // Rotations and flips, and ITK's float-rounded directions, are accepted.
    const c = Math.cos(0.3), s = Math.sin(0.3);
    expect(() => checkVolumeGeometry(v([c, -s, 0, s, c, 0, 0, 0, -1]), "v.nrrd")).not.toThrow();
    expect(() => checkVolumeGeometry(v([1 + 1e-7, 0, 0, 0, 1, 0, 0, 0, 1 - 1e-7]), "v.nrrd")).not.toThrow();
  });

  it("a named pipe (FIFO) is refused instead of blocking", async (ctx) => {
    const fifo = join(dir, "pipe.nrrd");
    const made = spawnSync("mkfifo", [fifo]);
    if (made.error || made.status !== 0) ctx.skip();
    await expect(readImage(fifo)).rejects.toThrow(`${fifo}: not a regular file (a named pipe (FIFO)); give an image file or a DICOM series directory`);
  });

  it("a character device is refused", async (ctx) => {
    if (process.platform === "win32") ctx.skip();
    await expect(readImage("/dev/null")).rejects.toThrow("/dev/null: not a regular file (a character device)");
  });
});

describe("image/mask geometry check", () => {
  const SRC = { image: "img.nrrd", mask: "seg.nrrd" };
  const vol = (geometry: Parameters<typeof makeVolume>[2] = {}) => makeVolume(new Float64Array(8), [2, 2, 2], geometry);

  it("a NaN never matches", () => {
    expect(() => checkGeometry(vol({ origin: [NaN, 0, 0] }), vol({ origin: [NaN, 0, 0] }), 1e-6, SRC)).toThrow(
      "seg.nrrd: image/mask geometry mismatch with img.nrrd: origin (NaN, 0, 0) vs (NaN, 0, 0) (tolerance 0.000001; see setting geometryTolerance)",
    );
    expect(() => checkGeometry(vol(), vol({ spacing: [1, NaN, 1] }), 1e-6, SRC)).toThrow(/seg\.nrrd: image\/mask geometry mismatch with img\.nrrd: spacing \(1, NaN, 1\)/);
    expect(() => checkGeometry(vol(), vol({ direction: [1, 0, 0, 0, 1, 0, 0, 0, NaN] }), 1e-6, SRC)).toThrow(/geometry mismatch with img\.nrrd: direction/);
    expect(() => checkGeometry(vol(), vol(), 1e-6, SRC)).not.toThrow();
  });

  it("a negative geometryTolerance is an error naming the setting, not a mismatch", () => {
    expect(() => checkGeometry(vol(), vol(), -1e-6, SRC)).toThrow(
      "seg.nrrd: setting geometryTolerance must be a number >= 0 (got -0.000001); cannot compare the geometry of image img.nrrd and this mask",
    );
    expect(() => checkGeometry(vol(), vol(), NaN, SRC)).toThrow(/setting geometryTolerance must be a number >= 0 \(got NaN\)/);
    expect(() => checkGeometry(vol(), vol(), 0, SRC)).not.toThrow();
  });
});
