/**
 * A direct reader for the NRRD files radiomics pipelines exchange (Teem NRRD0001-5, attached data, raw or gzip
 * encoding, scalar 2D/3D, any ITK pixel type), giving the same Volume as ITK's NrrdImageIO through itk-wasm:
 * spacing = norms of the `space directions`, direction = their normalised columns, origin = `space origin`,
 * right-anterior-superior spaces turned into ITK's left-posterior-superior.
 *
 * Why not itk-wasm for these: each itk-wasm read instantiates its WebAssembly pipeline anew (about 20-40 ms of
 * CPU for a 32 x 32 x 16 volume, 160 ms on a loaded machine), which dominated cohort extraction of small ROIs.
 * Anything this reader does not handle (detached data, other encodings, vector pixels, odd spaces) returns
 * null and goes to itk-wasm, which stays the reference: a test reads every NRRD the project ships both ways.
 *
 * 3D Slicer's segmentation files (.seg.nrrd) are NRRD too: their `key:=value` fields (Segment0_Name, ...) are
 * kept, and overlapping segments come as a 4D NRRD whose first axis is the layer (kinds `list domain domain
 * domain`, space directions `none (..) (..) (..)`), read by {@link readNrrdLayers} as one 3D array per layer.
 *
 * @example
 * const v = readNrrd("data/pyradiomics/brain1_label.nrrd"); // Volume, or null to fall back to itk-wasm
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { Volume } from "./image";
import { MAX_VOXELS } from "./image-header";
import { TYPED_ARRAYS } from "./pixel-types";
import { rememberStoredVoxels, type StoredArray } from "./stored-voxels";

const TYPES: Record<string, { name: string; bytes: number; read: (b: Buffer, o: number, le: boolean) => number }> = {
  int8: { name: "int8", bytes: 1, read: (b, o) => b.readInt8(o) },
  uint8: { name: "uint8", bytes: 1, read: (b, o) => b.readUInt8(o) },
  int16: { name: "int16", bytes: 2, read: (b, o, le) => (le ? b.readInt16LE(o) : b.readInt16BE(o)) },
  uint16: { name: "uint16", bytes: 2, read: (b, o, le) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o)) },
  int32: { name: "int32", bytes: 4, read: (b, o, le) => (le ? b.readInt32LE(o) : b.readInt32BE(o)) },
  uint32: { name: "uint32", bytes: 4, read: (b, o, le) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o)) },
  float32: { name: "float32", bytes: 4, read: (b, o, le) => (le ? b.readFloatLE(o) : b.readFloatBE(o)) },
  float64: { name: "float64", bytes: 8, read: (b, o, le) => (le ? b.readDoubleLE(o) : b.readDoubleBE(o)) },
};

/** NRRD type spellings (NRRD spec, "type" field) to the types above. */
const TYPE_ALIASES: Record<string, string> = {
  "signed char": "int8", int8: "int8", int8_t: "int8",
  uchar: "uint8", "unsigned char": "uint8", uint8: "uint8", uint8_t: "uint8",
  short: "int16", "short int": "int16", "signed short": "int16", "signed short int": "int16", int16: "int16", int16_t: "int16",
  ushort: "uint16", "unsigned short": "uint16", "unsigned short int": "uint16", uint16: "uint16", uint16_t: "uint16",
  int: "int32", "signed int": "int32", int32: "int32", int32_t: "int32",
  uint: "uint32", "unsigned int": "uint32", uint32: "uint32", uint32_t: "uint32",
  float: "float32", double: "float64",
};

function vector(text: string): number[] | null {
  const m = /^\(([^)]*)\)$/.exec(text.trim());
  return m ? m[1].split(",").map(Number) : null;
}

/** The Volume of a 2D or 3D scalar NRRD file, or null when the file uses a feature left to itk-wasm. Throws on corrupt data. */
export function readNrrd(path: string, shown = path): Volume | null {
  const content = readNrrdLayers(path, shown);
  return content && !content.layered ? content.volume : null;
}

/** An NRRD file's voxels, one 3D array per layer, with its `key:=value` fields. */
export interface NrrdLayers {
  /** Geometry of the spatial axes; `data` is layer 0. */
  volume: Volume;
  /** Voxels of each layer (x fastest), all on `volume`'s grid; one entry for a 2D/3D file. */
  layers: Float64Array[];
  /** True for a 4D file whose first axis (kind `list`) is the layer. */
  layered: boolean;
  /** The header's key/value pairs (`key:=value`, NRRD spec), keys as written (case kept). */
  keyValues: Map<string, string>;
}

/**
 * Reads a 2D/3D scalar NRRD, or a 4D one whose first axis is a list of layers (3D Slicer's overlapping
 * segments), or returns null when the file uses a feature left to itk-wasm. Throws on corrupt data.
 */
export function readNrrdLayers(path: string, shown = path): NrrdLayers | null {
  const bytes = readFileSync(path);
  if (bytes.subarray(0, 7).toString("latin1") !== "NRRD000") return null;
  const blank = bytes.indexOf("\n\n");
  if (blank < 0) return null;
  const fields = new Map<string, string>();
  const keyValues = new Map<string, string>();
  for (const line of bytes.subarray(0, blank).toString("latin1").split("\n").slice(1)) {
    if (line.startsWith("#")) continue;
    const kv = line.indexOf(":=");
    const i = line.indexOf(": ");
    if (kv >= 0 && (i < 0 || kv < i)) keyValues.set(line.slice(0, kv), line.slice(kv + 2));
    else if (i >= 0) fields.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 2).trim());
  }
  const endian = fields.get("endian") ?? "little";
  if (endian !== "little" && endian !== "big") {
    throw new Error(`${shown}: NRRD field 'endian' is '${endian}'; only 'little' and 'big' are valid`);
  }
  const type = TYPES[TYPE_ALIASES[fields.get("type") ?? ""] ?? ""];
  const axes = Number(fields.get("dimension"));
  const encoding = fields.get("encoding");
  const space = fields.get("space") ?? "left-posterior-superior";
  if (!type || (axes !== 2 && axes !== 3 && axes !== 4) || fields.has("data file") || fields.has("datafile")) return null;
  // Byte or line skips (byte skip -1: data at the end of the file) are left to itk-wasm.
  if (["byte skip", "byteskip", "line skip", "lineskip"].some((f) => fields.has(f))) return null;
  if (encoding !== "raw" && encoding !== "gzip" && encoding !== "gz") return null;
  if (!["left-posterior-superior", "LPS", "right-anterior-superior", "RAS"].includes(space)) return null;
  // A 4D file is read only as layers: first axis of kind "list" with no space direction, then three space axes.
  const layered = axes === 4;
  const dimension = layered ? 3 : axes;
  const kinds = (fields.get("kinds") ?? "").split(/\s+/).filter(Boolean);
  if (layered && kinds[0] !== "list") return null;
  if (kinds.slice(layered ? 1 : 0).some((k) => k !== "domain" && k !== "space")) return null;
  const allSizes = (fields.get("sizes") ?? "").split(/\s+/).map(Number);
  const allDirs = (fields.get("space directions") ?? "").match(/\([^)]*\)|none/g) ?? [];
  if (layered && allDirs[0] !== "none") return null;
  const sizes = layered ? allSizes.slice(1) : allSizes;
  const dirs = layered ? allDirs.slice(1) : allDirs;
  if (allSizes.length !== axes || allDirs.length !== axes || dirs.some((d) => d === "none")) return null;
  const columns = dirs.map((d) => vector(d));
  const originVec = fields.has("space origin") ? vector(fields.get("space origin")!) : new Array(dimension).fill(0);
  if (columns.some((c) => !c || c.length !== dimension || c.some((x) => !Number.isFinite(x))) || !originVec || originVec.length !== dimension) return null;

  const ras = space === "right-anterior-superior" || space === "RAS";
  const flip = (v: number[]) => v.map((x, k) => (ras && k < 2 ? -x : x));
  const spacing = columns.map((c) => Math.hypot(...c!));
  if (spacing.some((s) => s === 0)) return null;
  const unit = columns.map((c, j) => flip(c!).map((x) => x / spacing[j]));
  const origin = flip(originVec);
  const pad3 = (v: number[], fill: number) => [v[0], v[1], dimension === 3 ? v[2] : fill] as [number, number, number];
  const direction =
    dimension === 3
      ? [0, 1, 2].flatMap((r) => [0, 1, 2].map((c) => unit[c][r]))
      : [unit[0][0], unit[1][0], 0, unit[0][1], unit[1][1], 0, 0, 0, 1];

  if (allSizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new Error(`${shown}: NRRD field 'sizes' is '${fields.get("sizes")}'; sizes must be positive integers`);
  }
  const voxels = allSizes.reduce((a, b) => a * b, 1);
  if (voxels > MAX_VOXELS) {
    throw new Error(`${shown}: header declares ${allSizes.join(" x ")} = ${voxels} voxels, more than this reader accepts (${MAX_VOXELS}); the header is corrupt or the image too large`);
  }
  const needed = voxels * type.bytes;
  // Attached data starts right after the header's blank line, as ITK (Teem) reads it; bytes after the declared
  // data are ignored.
  let payload = bytes.subarray(blank + 2);
  if (encoding !== "raw") {
    try {
      // Inflate no more than the declared data: a stream that would inflate further is refused, not allocated.
      // One output chunk of the data's size: zlib then fills a single buffer (its default 16 KiB chunks are
      // concatenated at the end, a second copy of the whole image).
      payload = gunzipSync(payload, { maxOutputLength: needed, chunkSize: Math.max(64, needed) });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
        throw new Error(`${shown}: gzip image data inflates to more than the ${needed} bytes the header declares (sizes ${allSizes.join(" x ")} x ${type.bytes} bytes per voxel); the file is corrupt`);
      }
      throw new Error(`${shown}: cannot inflate gzip image data (${(e as Error).message}); the file is truncated or corrupt`);
    }
  }
  if (payload.length < needed) {
    throw new Error(`${shown}: image data holds ${Math.floor(payload.length / type.bytes)} voxels, header declares ${voxels}; the file is truncated`);
  }
  payload = payload.subarray(0, needed);
  const littleEndian = endian === "little";
  let data: Float64Array;
  if (type.bytes === 1 || littleEndian) {
    // Inflated data that fills a buffer of its own is viewed in place; anything else (raw data inside the file's
    // bytes, a small buffer from Node's shared pool) is copied to a buffer of its own, which also aligns it.
    const own = payload.byteOffset === 0 && payload.byteLength === payload.buffer.byteLength;
    const aligned = own ? payload : new Uint8Array(payload);
    const stored = new TYPED_ARRAYS[type.name](aligned.buffer, aligned.byteOffset, voxels);
    // A float64 file's stored voxels are the float64 voxels: one array, not two.
    data = stored instanceof Float64Array ? stored : new Float64Array(stored as ArrayLike<number>);
    rememberStoredVoxels(data, type.name, stored as unknown as StoredArray);
  } else {
    data = new Float64Array(voxels);
    for (let i = 0; i < voxels; i++) data[i] = type.read(payload, i * type.bytes, false);
  }
  const layers = layered ? splitLayers(data, allSizes[0]) : [data];
  const volume: Volume = {
    data: layers[0],
    size: pad3(sizes, 1),
    spacing: pad3(spacing, 1),
    origin: pad3(origin, 0),
    direction,
    pixelType: type.name,
    dimension: dimension as 2 | 3,
  };
  return { volume, layers, layered, keyValues };
}

/** Splits voxels stored layer-fastest (NRRD's first axis varies fastest) into one array per layer. */
function splitLayers(data: Float64Array, count: number): Float64Array[] {
  const n = data.length / count;
  const layers = Array.from({ length: count }, () => new Float64Array(n));
  for (let i = 0, k = 0; i < n; i++) for (let l = 0; l < count; l++) layers[l][i] = data[k++];
  return layers;
}
