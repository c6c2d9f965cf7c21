/**
 * Header checks run before an image is handed to itk-wasm, so that a corrupt or hostile header fails with a
 * precise message instead of an opaque wasm exception, an attempt to allocate what it declares, or (seen with
 * itk-wasm 1.6 on truncated NIfTI and DICOM files) a silently zero-filled volume.
 *
 * - NRRD (Teem NRRD000x, attached data): voxel count from `sizes`; raw data must fit in the file; gzip data must
 *   inflate to the declared size (gzip trailer ISIZE, RFC 1952).
 * - NIfTI-1 (.nii, .nii.gz, magic n+1): dim[0] in 1..7 and positive dim[1..dim[0]]; bitpix equal to the datatype's
 *   size; vox_offset a number >= 352; voxel count from dim[]; vox_offset + voxels * bitpix / 8 bytes needed. A
 *   .nii.gz is inflated only as far as its header (with a cap on the output).
 * - DICOM Part 10 (little-endian transfer syntaxes): every data element's declared length must fit in the file,
 *   and native pixel data must hold Rows x Columns x frames x samples x BitsAllocated / 8 bytes.
 * Other formats pass through unchecked (itk-wasm's own checks apply).
 */
import { checkVoxelsFit } from "./memory";
import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import { constants, gunzipSync } from "node:zlib";

/** Largest voxel count accepted (2^28: 2 GiB as the Float64Array a Volume holds). */
export const MAX_VOXELS = 2 ** 28;

/** Reads up to `length` bytes at `position` (fewer at the end of the file). */
function readAt(fd: number, position: number, length: number): Buffer {
  const b = Buffer.alloc(length);
  const n = readSync(fd, b, 0, length, position);
  return b.subarray(0, n);
}

/** Uncompressed size from a gzip trailer (ISIZE, the size mod 2^32). */
function gzipStoredSize(fd: number, fileSize: number): number {
  return fileSize >= 18 ? readAt(fd, fileSize - 4, 4).readUInt32LE(0) : 0;
}

function checkVoxelCount(sizes: number[], source: string): number {
  if (sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new Error(`${source}: header declares invalid image size ${sizes.join(" x ")}`);
  }
  const voxels = sizes.reduce((a, b) => a * b, 1);
  if (voxels > MAX_VOXELS) {
    throw new Error(
      `${source}: header declares ${sizes.join(" x ")} = ${voxels} voxels, more than this reader accepts (${MAX_VOXELS}); the header is corrupt or the image too large`,
    );
  }
  checkVoxelsFit(voxels, source, `the image (${sizes.join(" x ")})`, "extract it on a machine with more memory, or crop it to the region of interest first");
  return voxels;
}

function truncated(source: string, needed: number, has: number, what: string): Error {
  return new Error(`${source}: file is truncated: the header declares ${needed} bytes of ${what}, the file holds ${has}`);
}

const NRRD_TYPE_BYTES: [RegExp, number][] = [
  [/^(signed char|int8|int8_t|uchar|unsigned char|uint8|uint8_t)$/, 1],
  [/^(short|short int|signed short|signed short int|int16|int16_t|ushort|unsigned short|unsigned short int|uint16|uint16_t)$/, 2],
  [/^(int|signed int|int32|int32_t|uint|unsigned int|uint32|uint32_t|float)$/, 4],
  [/^(longlong|long long|long long int|signed long long|signed long long int|int64|int64_t|ulonglong|unsigned long long|unsigned long long int|uint64|uint64_t|double)$/, 8],
];

function checkNrrd(fd: number, fileSize: number, source: string): void {
  const head = readAt(fd, 0, Math.min(fileSize, 1 << 16)).toString("latin1");
  const end = head.search(/\r?\n\r?\n/);
  if (end < 0) {
    if (fileSize <= 1 << 16) throw new Error(`${source}: NRRD header is incomplete (no blank line ends it); the file is truncated or corrupt`);
    return;
  }
  const headerBytes = end + (head.slice(end).startsWith("\r\n\r\n") ? 4 : head[end] === "\r" ? 3 : 2);
  const fields = new Map<string, string>();
  for (const line of head.slice(0, end).split(/\r?\n/).slice(1)) {
    const m = /^([^#:][^:]*):=?\s*(.*)$/.exec(line);
    if (m) fields.set(m[1].trim().toLowerCase(), m[2].trim());
  }
  const sizes = (fields.get("sizes") ?? "").split(/\s+/).filter(Boolean).map(Number);
  if (sizes.length === 0) throw new Error(`${source}: NRRD header has no 'sizes' field`);
  const voxels = checkVoxelCount(sizes, source);
  if (fields.has("data file") || fields.has("datafile") || fields.has("byte skip") || fields.has("byteskip") || fields.has("line skip")) return;
  const type = (fields.get("type") ?? "").toLowerCase();
  const bytes = NRRD_TYPE_BYTES.find(([re]) => re.test(type))?.[1];
  if (bytes === undefined) return;
  const needed = voxels * bytes;
  const encoding = (fields.get("encoding") ?? "").toLowerCase();
  if (encoding === "raw") {
    if (fileSize - headerBytes < needed) throw truncated(source, needed, fileSize - headerBytes, "raw voxel data");
  } else if ((encoding === "gzip" || encoding === "gz") && needed < 2 ** 32) {
    const stored = gzipStoredSize(fd, fileSize);
    if (stored < needed) throw truncated(source, needed, stored, "voxel data (gzip stream)");
  }
}

/** Bits per voxel of each NIfTI-1 datatype code (nifti1.h); bitpix must equal it. */
const NIFTI_DATATYPE_BITS = new Map<number, number>([
  [1, 1], [2, 8], [4, 16], [8, 32], [16, 32], [32, 64], [64, 64], [128, 24], [256, 8], [512, 16], [768, 32],
  [1024, 64], [1280, 64], [1536, 128], [1792, 128], [2048, 256], [2304, 32],
]);

/** `dataSize` is the file's size, or for .nii.gz the gzip ISIZE (`sizeMod32`: only meaningful below 2^32). */
function checkNifti(header: Buffer, dataSize: number, source: string, sizeMod32 = false): void {
  if (header.length < 4) return;
  const little = header.readInt32LE(0) === 348;
  if (!little && header.readInt32BE(0) !== 348) return; // not NIfTI-1 (NIfTI-2, or not NIfTI at all): left to itk-wasm
  if (header.length < 348) throw truncated(source, 348, header.length, "NIfTI header");
  const i16 = (o: number) => (little ? header.readInt16LE(o) : header.readInt16BE(o));
  const ndim = i16(40);
  if (ndim < 1 || ndim > 7) throw new Error(`${source}: NIfTI header has dim[0] = ${ndim}, not 1..7; the header is corrupt`);
  const sizes = Array.from({ length: ndim }, (_v, i) => i16(42 + 2 * i));
  sizes.forEach((n, i) => {
    if (n < 1) throw new Error(`${source}: NIfTI header has dim[${i + 1}] = ${n}, not a positive size; the header is corrupt`);
  });
  const voxels = checkVoxelCount(sizes, source);
  const datatype = i16(70);
  const bitpix = i16(72);
  const bits = NIFTI_DATATYPE_BITS.get(datatype);
  if (bits === undefined) throw new Error(`${source}: NIfTI header has datatype = ${datatype}, not a NIfTI-1 data type; the header is corrupt`);
  if (bitpix !== bits) {
    throw new Error(`${source}: NIfTI header has bitpix = ${bitpix}, but datatype ${datatype} has ${bits} bits per voxel; the header is corrupt`);
  }
  const magic = header.toString("latin1", 344, 347);
  if (magic !== "n+1") return; // header/image pair (.hdr/.img): data lives in another file
  const offset = little ? header.readFloatLE(108) : header.readFloatBE(108);
  if (!Number.isFinite(offset) || offset < 352) {
    throw new Error(`${source}: NIfTI header has vox_offset = ${offset}, not a number >= 352 (a single-file .nii holds its voxels after the 352-byte header); the header is corrupt`);
  }
  const needed = offset + (voxels * bitpix) / 8;
  if (sizeMod32 && needed >= 2 ** 32) return;
  if (dataSize < needed) throw truncated(source, needed, dataSize, "header and voxel data");
}

/**
 * The first 352 bytes of a gzip stream, inflating no more than needed: growing compressed prefixes (each inflates
 * to at most about 1032 times its length, deflate's largest ratio), with a hard cap on the output.
 */
function gunzipHead(fd: number, fileSize: number, source: string): Buffer {
  let inflated = Buffer.alloc(0);
  for (const prefix of [512, 4096, 64 * 1024]) {
    try {
      inflated = gunzipSync(readAt(fd, 0, prefix), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 64 * 1024 * 1024 });
    } catch (err) {
      throw new Error(`${source}: not a valid gzip stream (${(err as Error).message})`);
    }
    if (inflated.length >= 352 || prefix >= fileSize) break;
  }
  return inflated.subarray(0, 352);
}

const DICOM_LONG_VRS = new Set(["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "UC", "UN", "UR", "UT"]);
const UNDEFINED = 0xffffffff;

/**
 * Walks a little-endian DICOM data set from `pos` (to the end of the file, or to the delimiter closing an
 * undefined-length item or sequence when `nested`) and throws if an element's declared length runs past the
 * end of the file. Defined-length sequences, items and fragments are skipped whole; the values of the walked
 * level's defined-length elements go to `values` (key group * 65536 + element). Returns the position after the
 * walked part.
 */
function walkDicom(b: Buffer, pos: number, explicit: boolean, source: string, nested: boolean, values?: Map<number, Buffer>): number {
  const tagName = (g: number, e: number) => `(${[g, e].map((x) => x.toString(16).padStart(4, "0").toUpperCase()).join(",")})`;
  while (pos + 8 <= b.length) {
    const group = b.readUInt16LE(pos);
    const element = b.readUInt16LE(pos + 2);
    let length: number;
    let vr = "";
    if (group === 0xfffe) {
      // Item (E000), item delimiter (E00D), sequence delimiter (E0DD): tag + 4-byte length, no VR.
      length = b.readUInt32LE(pos + 4);
      pos += 8;
      if (element === 0xe00d || element === 0xe0dd) {
        if (nested) return pos;
        continue;
      }
    } else if (explicit) {
      vr = b.toString("latin1", pos + 4, pos + 6);
      if (DICOM_LONG_VRS.has(vr)) {
        if (pos + 12 > b.length) break;
        length = b.readUInt32LE(pos + 8);
        pos += 12;
      } else {
        length = b.readUInt16LE(pos + 6);
        pos += 8;
      }
    } else {
      length = b.readUInt32LE(pos + 4);
      pos += 8;
    }
    if (length === UNDEFINED) {
      // A sequence or item of undefined length (or encapsulated pixel data): walk to its delimiter.
      pos = walkDicom(b, pos, explicit && vr !== "UN", source, true);
      continue;
    }
    if (pos + length > b.length) {
      throw truncated(source, pos + length, b.length, `DICOM data up to the end of element ${tagName(group, element)}`);
    }
    values?.set(group * 0x10000 + element, b.subarray(pos, pos + length));
    pos += length;
  }
  if (nested) throw new Error(`${source}: DICOM sequence or item of undefined length has no delimiter; the file is truncated`);
  return pos;
}

/** The top-level element values of a little-endian Part 10 DICOM file (null for other files, left to itk-wasm). */
function dicomValues(b: Buffer, source: string): Map<number, Buffer> | null {
  if (b.length < 132 || b.toString("latin1", 128, 132) !== "DICM") return null; // no Part 10 preamble: left to itk-wasm
  // File meta information: explicit VR little endian, group 0002.
  let pos = 132;
  let syntax = "1.2.840.10008.1.2.1";
  while (pos + 8 <= b.length && b.readUInt16LE(pos) === 0x0002) {
    const element = b.readUInt16LE(pos + 2);
    const vr = b.toString("latin1", pos + 4, pos + 6);
    const long = DICOM_LONG_VRS.has(vr);
    const length = long ? b.readUInt32LE(pos + 8) : b.readUInt16LE(pos + 6);
    pos += long ? 12 : 8;
    if (pos + length > b.length) throw truncated(source, pos + length, b.length, "DICOM file meta information");
    if (element === 0x0010) syntax = b.toString("latin1", pos, pos + length).replace(/[\0 ]+$/, "");
    pos += length;
  }
  if (syntax === "1.2.840.10008.1.2.2" || syntax === "1.2.840.10008.1.2.1.99") return null; // big endian / deflated
  const values = new Map<number, Buffer>();
  walkDicom(b, pos, syntax !== "1.2.840.10008.1.2", source, false, values);
  return values;
}

/**
 * A DICOM Part 10 file's checks (as {@link checkImageHeader}) and its top-level element values (key
 * group * 65536 + element), null for other files. For callers that need more than the series fields (e.g. the
 * manifest builder's study and patient keys); they decide what leaves memory.
 *
 * @example
 * inspectDicom(readFileSync("im1.dcm"), "im1.dcm")?.values.get(0x0020000d); // StudyInstanceUID bytes
 */
export function inspectDicom(b: Buffer, source: string): { info: DicomSliceInfo; values: Map<number, Buffer> } | null {
  const values = dicomValues(b, source);
  return values ? { info: checkDicomValues(values, source), values } : null;
}

/** A DICOM text value (trailing NUL and spaces removed), or undefined when absent or empty. */
export function dicomText(values: Map<number, Buffer>, tag: number): string | undefined {
  return values.get(tag)?.toString("latin1").replace(/[\0 ]+$/, "").trim() || undefined;
}

function checkDicom(b: Buffer, source: string): DicomSliceInfo | null {
  const values = dicomValues(b, source);
  return values ? checkDicomValues(values, source) : null;
}

function checkDicomValues(values: Map<number, Buffer>, source: string): DicomSliceInfo {
  // Native (not encapsulated) pixel data must hold Rows x Columns x frames x samples x BitsAllocated / 8 bytes.
  const pixels = values.get(0x7fe00010);
  const us = (tag: number) => (values.get(tag)?.length === 2 ? values.get(tag)!.readUInt16LE(0) : undefined);
  const rows = us(0x00280010);
  const columns = us(0x00280011);
  const bits = us(0x00280100);
  const text = (tag: number) => dicomText(values, tag);
  const info: DicomSliceInfo = {
    seriesUid: text(0x0020000e), seriesDescription: text(0x0008103e), seriesNumber: text(0x00200011), sopClassUid: text(0x00080016),
    rows, columns, position: text(0x00200032), orientation: text(0x00200037),
  };
  const frames = Number(values.get(0x00280008)?.toString("latin1").trim() || 1);
  if (Number.isInteger(frames) && frames > 1) info.frames = frames;
  if (!pixels || rows === undefined || columns === undefined || bits === undefined) return info;
  const samples = us(0x00280002) ?? 1;
  checkVoxelCount([columns, rows, Number.isInteger(frames) && frames > 0 ? frames : 1], source);
  const needed = Math.ceil((rows * columns * frames * samples * bits) / 8);
  if (pixels.length < needed) {
    throw new Error(
      `${source}: DICOM pixel data holds ${pixels.length} bytes, but Rows ${rows} x Columns ${columns} x ${frames} frame(s) x ${samples} sample(s) x ${bits} bits need ${needed}; the file is corrupt`,
    );
  }
  return info;
}

/**
 * Checks an image file's header against its size before it is read: declared voxel count at most
 * {@link MAX_VOXELS}, and the declared data present. Throws an Error naming `source` and the problem.
 *
 * @example
 * checkImageHeader("/abs/scan.nii.gz", "scan.nii.gz"); // throws "scan.nii.gz: file is truncated: ..." if so
 * checkImageHeader("/abs/series/im01.dcm");           // a DICOM slice: its series fields, from the same single read
 */
export function checkImageHeader(path: string, source: string = path): DicomSliceInfo | null {
  const fd = openSync(path, "r");
  try {
    const fileSize = fstatSync(fd).size;
    if (fileSize === 0) throw new Error(`${source}: file is empty`);
    const head = readAt(fd, 0, 352);
    if (head.toString("latin1", 0, 7) === "NRRD000") checkNrrd(fd, fileSize, source);
    else if (head[0] === 0x1f && head[1] === 0x8b && /\.nii\.gz$/i.test(path)) checkNifti(gunzipHead(fd, fileSize, source), gzipStoredSize(fd, fileSize), source, true);
    else if (/\.nii$/i.test(path)) checkNifti(head, fileSize, source);
    else if (fileSize > 132 && head.toString("latin1", 128, 132) === "DICM") return checkDicom(readFileSync(path), source);
    return null;
  } finally {
    closeSync(fd);
  }
}

/** What a series check needs of one DICOM slice (absent fields are undefined). No identifying attribute is read. */
export interface DicomSliceInfo {
  /** SOPClassUID: what kind of object the file holds (an image, a Segmentation, an RT Structure Set...). */
  sopClassUid?: string;
  seriesUid?: string;
  /** SeriesDescription (0008,103E), e.g. "Ax DCE post 1". */
  seriesDescription?: string;
  /** SeriesNumber (0020,0011) as written, e.g. "7". */
  seriesNumber?: string;
  rows?: number;
  columns?: number;
  /** ImagePositionPatient as written, e.g. "-120\\-100\\35.5". */
  position?: string;
  /** ImageOrientationPatient as written, e.g. "1\\0\\0\\0\\1\\0". */
  orientation?: string;
  /** NumberOfFrames (0028,0008): more than 1 for a multi-frame (e.g. enhanced MR) file. */
  frames?: number;
}

