import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readNrrd } from "../../src/radiomics/nrrd";
import { repoPath } from "../../src/util/paths";
import { encodeNrrd } from "../../src/radiomics/nrrd-writer";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";

/** itk-wasm's reading of the same file (the reference), through a plain dynamic import. */
async function itkRead(path: string) {
  const io: any = await import("@itk-wasm/image-io");
  const image = await io.readImageNode(path);
  return image;
}

/** Index of the first differing voxel, -1 when equal (vitest's deep equality is slow on millions of voxels). */
function firstDifference(a: Float64Array, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

const shipped = ["data/pyradiomics", "data/bench"].flatMap((d) =>
  readdirSync(repoPath(d)).filter((f) => f.endsWith(".nrrd") && !f.startsWith("bench_big")).map((f) => join(d, f)),
);

describe("readNrrd agrees with ITK's NrrdImageIO (itk-wasm)", () => {
  for (const file of shipped) {
    it(file, async () => {
      const ours = readNrrd(repoPath(file))!;
      const itk = await itkRead(repoPath(file));
      expect(ours).not.toBeNull();
      expect(ours.size).toEqual(Array.from(itk.size));
      expect(ours.spacing).toEqual(Array.from(itk.spacing));
      expect(ours.origin).toEqual(Array.from(itk.origin));
      expect(ours.direction).toEqual(Array.from(itk.direction as ArrayLike<number>));
      expect(ours.pixelType).toBe(itk.imageType.componentType);
      expect(firstDifference(ours.data, itk.data)).toBe(-1);
    });
  }

  it("reads a right-anterior-superior raw big-endian file as ITK does", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nrrd-"));
    const file = join(dir, "ras.nrrd");
    const values = [1, -2, 300, -400, 5, 6, 7, 8];
    const body = Buffer.alloc(values.length * 2);
    values.forEach((v, i) => body.writeInt16BE(v, i * 2));
    const header =
      "NRRD0004\ntype: short\ndimension: 3\nspace: right-anterior-superior\nsizes: 2 2 2\n" +
      "space directions: (0.5,0,0) (0,0.75,0) (0,0.1,2)\nkinds: domain domain domain\nendian: big\nencoding: raw\nspace origin: (10,20,30)\n\n";
    writeFileSync(file, Buffer.concat([Buffer.from(header, "latin1"), body]));
    const ours = readNrrd(file)!;
    const itk = await itkRead(file);
    expect(ours.origin).toEqual(Array.from(itk.origin));
    expect(ours.spacing.map((s) => Number(s.toFixed(12)))).toEqual(Array.from(itk.spacing as ArrayLike<number>).map((s) => Number(s.toFixed(12))));
    Array.from(itk.direction as ArrayLike<number>).forEach((d, k) => expect(ours.direction[k]).toBeCloseTo(d, 12));
    expect(Array.from(ours.data)).toEqual(values);
  });

  it("reads the synthetic cohort's files identically", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nrrd-"));
    const file = join(dir, "syn.nrrd");
    const data = Int16Array.from({ length: 6 * 5 * 4 }, (_, i) => (i * 37) % 900 - 300);
    writeFileSync(file, encodeNrrd({ data, size: [6, 5, 4], spacing: [0.7, 0.8, 2.5], origin: [1, 2, 3] }));
    const ours = readNrrd(file)!;
    const itk = await itkRead(file);
    expect(ours.data).toEqual(Float64Array.from(itk.data as ArrayLike<number>));
    expect(ours.spacing).toEqual(Array.from(itk.spacing));
  });

  it("leaves detached-data files to itk-wasm and names a truncated file", () => {
    const dir = mkdtempSync(join(tmpdir(), "nrrd-"));
    const detached = join(dir, "d.nhdr.nrrd");
    writeFileSync(detached, "NRRD0004\ntype: short\ndimension: 3\nsizes: 2 2 2\nspace directions: (1,0,0) (0,1,0) (0,0,1)\nencoding: raw\ndata file: d.raw\n\n");
    expect(readNrrd(detached)).toBeNull();
    const truncated = join(dir, "t.nrrd");
    writeFileSync(truncated, "NRRD0004\ntype: short\ndimension: 3\nsizes: 2 2 2\nspace directions: (1,0,0) (0,1,0) (0,0,1)\nencoding: raw\n\n\u0001\u0000");
    expect(() => readNrrd(truncated, "P001/T1C.nrrd")).toThrow(/P001\/T1C\.nrrd: image data holds 1 voxels, header declares 8/);
  });
});
