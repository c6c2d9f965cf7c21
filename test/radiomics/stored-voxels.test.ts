import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { imageDiagnostics, voxelHash } from "../../src/radiomics/diagnostics";
import { readImage } from "../../src/radiomics/image";
import { labelBoundingBox } from "../../src/radiomics/mask";
import { storedVoxels } from "../../src/radiomics/stored-voxels";
import { createRng } from "../../src/util/random";

const dir = mkdtempSync(join(tmpdir(), "alnm-stored-"));

/** Writes a raw little-endian NRRD of the given type and returns its path. */
function writeNrrd(name: string, type: "short" | "uchar" | "ushort" | "float", size: number[], values: number[]): string {
  const Ctor = { short: Int16Array, uchar: Uint8Array, ushort: Uint16Array, float: Float32Array }[type];
  const body = new Uint8Array(Ctor.from(values).buffer);
  const header = `NRRD0004\ntype: ${type}\ndimension: 3\nspace: left-posterior-superior\nsizes: ${size.join(" ")}\nspace directions: (1,0,0) (0,1,0) (0,0,1)\nkinds: domain domain domain\nendian: little\nencoding: raw\nspace origin: (0,0,0)\n\n`;
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([Buffer.from(header, "latin1"), body]));
  return path;
}

/** The same volume without stored voxels (a fresh float64 buffer): the plain float64 code path. */
const plain = <T extends { data: Float64Array }>(v: T): T => ({ ...v, data: new Float64Array(v.data) });

describe("stored voxels: whole-image work on the file's pixel type gives the float64 path's results", () => {
  const rng = createRng(11);
  for (const [nx, ny, nz] of [
    [8, 6, 5],
    [7, 5, 3],
    [13, 4, 9],
  ]) {
    it(`bounding box, hashes and statistics agree for a ${nx} x ${ny} x ${nz} volume`, async () => {
      const n = nx * ny * nz;
      // Sparse multi-label mask (labels 1, 2 and 3) and a signed image spanning the int16 range.
      const labels = Array.from({ length: n }, () => (rng.next() < 0.15 ? 1 + rng.int(3) : 0));
      const values = Array.from({ length: n }, () => rng.int(65536) - 32768);
      for (const type of ["uchar", "ushort"] as const) {
        const mask = await readImage(writeNrrd(`mask-${nx}-${type}.nrrd`, type, [nx, ny, nz], labels));
        expect(storedVoxels(mask.data)).not.toBeNull();
        for (const label of [1, 2, 3, 4]) expect(labelBoundingBox(mask, label)).toEqual(labelBoundingBox(plain(mask), label));
        expect(voxelHash(mask.data, "uint32")).toBe(voxelHash(plain(mask).data, "uint32"));
      }
      const image = await readImage(writeNrrd(`image-${nx}.nrrd`, "short", [nx, ny, nz], values));
      expect(imageDiagnostics(image, "original")).toEqual(imageDiagnostics(plain(image), "original"));
      const floats = await readImage(writeNrrd(`float-${nx}.nrrd`, "float", [nx, ny, nz], values.map((v) => v / 7)));
      expect(imageDiagnostics(floats, "original")).toEqual(imageDiagnostics(plain(floats), "original"));
    });
  }

  it("a derived volume (new buffer) has no stored voxels", async () => {
    const mask = await readImage(writeNrrd("derived.nrrd", "uchar", [4, 4, 4], Array.from({ length: 64 }, (_, i) => i % 2)));
    expect(storedVoxels(mask.data)).not.toBeNull();
    expect(storedVoxels(new Float64Array(mask.data))).toBeNull();
    expect(storedVoxels(mask.data.subarray(8))).toBeNull();
  });
});
