/**
 * A minimal NRRD (v4) writer for the synthetic cohort: 3D scalar volumes, little-endian, gzip encoding, LPS
 * space with axis-aligned directions. The bytes depend only on the input (gzip header time 0, fixed
 * compression level), so the same volume always gives the same file. Read back with itk-wasm (readImage).
 *
 * Header fields written (Teem NRRD format spec): type, dimension, space, sizes, space directions, kinds,
 * endian, encoding, space origin.
 *
 * @example
 * const bytes = encodeNrrd({ data: new Int16Array(8), size: [2, 2, 2], spacing: [0.8, 0.8, 2], origin: [0, 0, 0] });
 * writeFileAtomic("x.nrrd", bytes);
 */
import { gzipSync } from "node:zlib";

export interface NrrdVolume {
  /** Voxels in x-fastest order; Int16Array is written as 'short', Uint8Array as 'uchar'. */
  data: Int16Array | Uint8Array;
  size: [number, number, number];
  spacing: [number, number, number];
  origin: [number, number, number];
}

const fmt = (x: number) => String(Math.round(x * 1e6) / 1e6);

/** The file bytes of a gzip-encoded NRRD holding `volume`. */
export function encodeNrrd(volume: NrrdVolume): Uint8Array {
  const { data, size, spacing, origin } = volume;
  const n = size[0] * size[1] * size[2];
  if (data.length !== n) throw new Error(`encodeNrrd: ${data.length} voxels for size ${size.join(" x ")}`);
  const type = data instanceof Int16Array ? "short" : "uchar";
  const header =
    "NRRD0004\n" +
    `type: ${type}\n` +
    "dimension: 3\n" +
    "space: left-posterior-superior\n" +
    `sizes: ${size.join(" ")}\n` +
    `space directions: (${fmt(spacing[0])},0,0) (0,${fmt(spacing[1])},0) (0,0,${fmt(spacing[2])})\n` +
    "kinds: domain domain domain\n" +
    "endian: little\n" +
    "encoding: gzip\n" +
    `space origin: (${origin.map(fmt).join(",")})\n\n`;
  const raw = Buffer.alloc(data.byteLength);
  if (data instanceof Int16Array) for (let i = 0; i < n; i++) raw.writeInt16LE(data[i], 2 * i);
  else raw.set(data);
  const body = gzipSync(raw, { level: 6 });
  const out = new Uint8Array(header.length + body.length);
  out.set(Buffer.from(header, "latin1"), 0);
  out.set(body, header.length);
  return out;
}
