/**
 * Reader strictness on malformed headers and data (found by an outside bad-input corpus): NRRD attached data is
 * read from the end of the header as ITK (Teem) reads it, an invalid `endian` and a gzip stream inflating past
 * the declared size are errors, and NIfTI headers with bitpix/datatype disagreeing, an invalid vox_offset or
 * invalid dims are errors, each naming the file and the field.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { checkImageHeader } from "../../src/radiomics/image-header";
import { readNrrd } from "../../src/radiomics/nrrd";

const dir = mkdtempSync(join(tmpdir(), "reader-strictness-"));

/** itk-wasm's reading of the same file (the reference), through a plain dynamic import. */
async function itkRead(path: string) {
  const io: any = await import("@itk-wasm/image-io");
  return io.readImageNode(path);
}

function nrrdHeader(fields: Record<string, string>): string {
  const all = {
    type: "short",
    dimension: "3",
    space: "left-posterior-superior",
    sizes: "2 2 2",
    "space directions": "(1,0,0) (0,1,0) (0,0,1)",
    kinds: "domain domain domain",
    endian: "little",
    encoding: "raw",
    "space origin": "(0,0,0)",
    ...fields,
  };
  return "NRRD0004\n" + Object.entries(all).map(([k, v]) => `${k}: ${v}\n`).join("") + "\n";
}

function write(name: string, ...parts: (string | Buffer)[]): string {
  const file = join(dir, name);
  writeFileSync(file, Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : p))));
  return file;
}

function int16le(values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => b.writeInt16LE(v, i * 2));
  return b;
}

/** A single-file NIfTI-1 header (352 bytes, little endian, uint8 2 x 2 x 2), with fields overridden. */
function niftiHeader(o: { datatype?: number; bitpix?: number; voxOffset?: number; dims?: number[] } = {}): Buffer {
  const h = Buffer.alloc(352);
  h.writeInt32LE(348, 0);
  const dims = o.dims ?? [3, 2, 2, 2];
  dims.forEach((d, i) => h.writeInt16LE(d, 40 + 2 * i));
  for (let i = dims.length; i < 8; i++) h.writeInt16LE(1, 40 + 2 * i);
  h.writeInt16LE(o.datatype ?? 2, 70);
  h.writeInt16LE(o.bitpix ?? 8, 72);
  h.writeFloatLE(1, 76);
  for (let i = 0; i < 7; i++) h.writeFloatLE(1, 80 + 4 * i);
  h.writeFloatLE(o.voxOffset ?? 352, 108);
  h.write("n+1\0", 344, "latin1");
  return h;
}

describe("NRRD reader strictness", () => {
  const values = [1, -2, 300, -400, 5, 6, 7, 8];

  it("raw data with trailing bytes is read from the end of the header, as ITK reads it", async () => {
    const file = write("trailing.nrrd", nrrdHeader({}), int16le(values), int16le([9999, -9999, 1234]));
    const ours = readNrrd(file)!;
    expect(Array.from(ours.data)).toEqual(values);
    const itk = await itkRead(file);
    expect(Array.from(ours.data)).toEqual(Array.from(itk.data as ArrayLike<number>));
    expect(() => checkImageHeader(file)).not.toThrow();
  });

  it("raw data shorter than declared: an error naming the file", () => {
    const file = write("short.nrrd", nrrdHeader({}), int16le(values.slice(0, 5)));
    expect(() => readNrrd(file, "short.nrrd")).toThrow(new Error("short.nrrd: image data holds 5 voxels, header declares 8; the file is truncated"));
  });

  it("endian other than little or big: an error naming the file and the field", () => {
    const file = write("middle.nrrd", nrrdHeader({ endian: "middle" }), int16le(values));
    expect(() => readNrrd(file, "middle.nrrd")).toThrow(new Error("middle.nrrd: NRRD field 'endian' is 'middle'; only 'little' and 'big' are valid"));
  });

  it("a gzip stream inflating past the declared size: an error, without inflating it", () => {
    // 1024 concatenated gzip members of 1 MiB of zeros each: about 1 MB on disk, 1 GiB inflated, 16 bytes declared.
    const member = gzipSync(Buffer.alloc(1 << 20), { level: 9 });
    const file = write("bomb.nrrd", nrrdHeader({ encoding: "gzip" }), Buffer.concat(new Array(1024).fill(member)));
    const peakBefore = process.resourceUsage().maxRSS; // kilobytes
    expect(() => readNrrd(file, "bomb.nrrd")).toThrow(
      new Error("bomb.nrrd: gzip image data inflates to more than the 16 bytes the header declares (sizes 2 x 2 x 2 x 2 bytes per voxel); the file is corrupt"),
    );
    expect(process.resourceUsage().maxRSS - peakBefore).toBeLessThan(256 * 1024); // far below the 1 GiB inflated
  });
});

describe("NIfTI header strictness", () => {
  const voxels = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);

  it("a valid header passes", () => {
    expect(() => checkImageHeader(write("ok.nii", niftiHeader(), voxels))).not.toThrow();
  });

  it("bitpix disagreeing with datatype: an error naming the file and the field", () => {
    const file = write("bitpix.nii", niftiHeader({ datatype: 2, bitpix: 16 }), voxels, voxels);
    expect(() => checkImageHeader(file, "bitpix.nii")).toThrow(
      new Error("bitpix.nii: NIfTI header has bitpix = 16, but datatype 2 has 8 bits per voxel; the header is corrupt"),
    );
    const unknown = write("datatype.nii", niftiHeader({ datatype: 3, bitpix: 8 }), voxels);
    expect(() => checkImageHeader(unknown, "datatype.nii")).toThrow(
      new Error("datatype.nii: NIfTI header has datatype = 3, not a NIfTI-1 data type; the header is corrupt"),
    );
  });

  it("vox_offset NaN or below 352: an error naming the file and the field", () => {
    const nan = write("offset-nan.nii", niftiHeader({ voxOffset: NaN }), voxels);
    expect(() => checkImageHeader(nan, "offset-nan.nii")).toThrow(
      new Error("offset-nan.nii: NIfTI header has vox_offset = NaN, not a number >= 352 (a single-file .nii holds its voxels after the 352-byte header); the header is corrupt"),
    );
    const low = write("offset-low.nii", niftiHeader({ voxOffset: 100 }), voxels);
    expect(() => checkImageHeader(low, "offset-low.nii")).toThrow(
      new Error("offset-low.nii: NIfTI header has vox_offset = 100, not a number >= 352 (a single-file .nii holds its voxels after the 352-byte header); the header is corrupt"),
    );
    const gz = write("offset-low.nii.gz", gzipSync(Buffer.concat([niftiHeader({ voxOffset: 100 }), voxels])));
    expect(() => checkImageHeader(gz, "offset-low.nii.gz")).toThrow(
      new Error("offset-low.nii.gz: NIfTI header has vox_offset = 100, not a number >= 352 (a single-file .nii holds its voxels after the 352-byte header); the header is corrupt"),
    );
  });

  it("dim[0] outside 1..7 or a non-positive size: an error naming the file and the field", () => {
    const ndim = write("dim0.nii", niftiHeader({ dims: [9, 2, 2, 2] }), voxels);
    expect(() => checkImageHeader(ndim, "dim0.nii")).toThrow(new Error("dim0.nii: NIfTI header has dim[0] = 9, not 1..7; the header is corrupt"));
    const zero = write("dim2.nii", niftiHeader({ dims: [3, 2, 0, 2] }), voxels);
    expect(() => checkImageHeader(zero, "dim2.nii")).toThrow(new Error("dim2.nii: NIfTI header has dim[2] = 0, not a positive size; the header is corrupt"));
  });
});

describe("itk-wasm's console output on a failing read", () => {
  it("a truncated MetaImage: one error line naming the file and the reader's complaint, nothing else on stdout or stderr", async () => {
    const { spawnSync } = await import("node:child_process");
    const file = join(dir, "short.mha");
    writeFileSync(file, Buffer.concat([Buffer.from("ObjectType = Image\nNDims = 3\nDimSize = 4 4 4\nElementType = MET_SHORT\nElementDataFile = LOCAL\n"), Buffer.alloc(20)]));
    const r = spawnSync(process.execPath, ["bin/alnm.mjs", "extract", file, "data/pyradiomics/brain1_label.nrrd"], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `alnm extract: ${file}: cannot read image (MetaImage: M_ReadElementsData: data not read completely ideal = 128 : actual = 20); the file may be truncated, corrupt or of an unsupported format\n`,
    );
  }, 60_000);
});
