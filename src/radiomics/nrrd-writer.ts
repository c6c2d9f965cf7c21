/**
 * The project's NRRD (v4) writer: 3D scalar volumes of 16-bit signed ("short") or 8-bit unsigned ("uchar")
 * integers, little-endian, gzip or raw encoding, LPS space. The bytes depend only on the input (gzip header
 * time 0, fixed compression level), so the same volume always gives the same file (the synthetic cohort's
 * checksums rely on it). Read back with radiomics/nrrd.ts or itk-wasm. Other formats: preprocess/write.ts.
 *
 * Header fields written (Teem NRRD format spec): type, dimension, space, sizes, space directions, kinds,
 * endian, encoding, space origin.
 *
 * @example
 * const bytes = encodeNrrd({ data: new Int16Array(8), size: [2, 2, 2], spacing: [0.8, 0.8, 2], origin: [0, 0, 0] });
 * writeFileAtomic("x.nrrd", bytes);
 * writeNrrd("/tmp/mask.nrrd", makeVolume(new Float64Array(8).fill(1), [2, 2, 2]), "uchar", { encoding: "raw" });
 */
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import type { Volume } from "./image";

export interface NrrdVolume {
  /** Voxels in x-fastest order; Int16Array is written as 'short', Uint8Array as 'uchar'. */
  data: Int16Array | Uint8Array;
  size: [number, number, number];
  spacing: [number, number, number];
  origin: [number, number, number];
  /** Direction cosines, row-major 3 x 3 (ITK's); default identity. */
  direction?: ArrayLike<number>;
}

const fmt = (x: number) => String(Math.round(x * 1e6) / 1e6);

/** The file bytes of a gzip-encoded NRRD holding `volume`. */
export function encodeNrrd(volume: NrrdVolume, options: { encoding?: "gzip" | "raw" } = {}): Uint8Array {
  const { data, size, spacing, origin } = volume;
  const encoding = options.encoding ?? "gzip";
  const d = volume.direction ?? [1, 0, 0, 0, 1, 0, 0, 0, 1];
  // Column j of the direction matrix times spacing j: where one step along axis j goes in LPS.
  const axis = (j: number) => `(${[d[j], d[3 + j], d[6 + j]].map((c) => fmt(c * spacing[j])).join(",")})`;
  const n = size[0] * size[1] * size[2];
  if (data.length !== n) throw new Error(`encodeNrrd: ${data.length} voxels for size ${size.join(" x ")}`);
  const type = data instanceof Int16Array ? "short" : "uchar";
  const header =
    "NRRD0004\n" +
    `type: ${type}\n` +
    "dimension: 3\n" +
    "space: left-posterior-superior\n" +
    `sizes: ${size.join(" ")}\n` +
    `space directions: ${axis(0)} ${axis(1)} ${axis(2)}\n` +
    "kinds: domain domain domain\n" +
    "endian: little\n" +
    `encoding: ${encoding}\n` +
    `space origin: (${origin.map(fmt).join(",")})\n\n`;
  const raw = Buffer.alloc(data.byteLength);
  if (data instanceof Int16Array) for (let i = 0; i < n; i++) raw.writeInt16LE(data[i], 2 * i);
  else raw.set(data);
  const body = encoding === "gzip" ? gzipSync(raw, { level: 6 }) : raw;
  const out = new Uint8Array(header.length + body.length);
  out.set(Buffer.from(header, "latin1"), 0);
  out.set(body, header.length);
  return out;
}

/** Writes a Volume (values rounded; each must fit `type`) as NRRD; an out-of-range value is an error naming the voxel. */
export function writeNrrd(path: string, volume: Volume, type: "short" | "uchar", options: { encoding?: "gzip" | "raw" } = {}): void {
  const n = volume.data.length;
  const data = type === "short" ? new Int16Array(n) : new Uint8Array(n);
  const [lo, hi] = type === "short" ? [-32768, 32767] : [0, 255];
  for (let i = 0; i < n; i++) {
    const v = Math.round(volume.data[i]);
    if (v < lo || v > hi) throw new Error(`writeNrrd ${path}: value ${volume.data[i]} at voxel ${i} does not fit ${type}`);
    data[i] = v;
  }
  writeFileSync(path, encodeNrrd({ data, size: volume.size, spacing: volume.spacing, origin: volume.origin, direction: volume.direction }, options));
}
