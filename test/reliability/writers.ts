/**
 * Minimal writers of the three image formats the engine reads, able to write what a careful writer never
 * would (4D and vector images, float masks, NaN voxels, headers declaring more data than the file holds),
 * for the bad-input corpus (scripts/make-bad-fixtures.ts) and the reliability tests.
 *
 * - NRRD: Teem NRRD0004 text header, raw little-endian data.
 * - NIfTI-1: single-file .nii (348-byte header, 4 extension bytes, data), qform/sform codes 0 (spacing only).
 * - DICOM: Part 10 file (preamble, "DICM", file meta group), explicit VR little endian, one MR slice per file.
 */

export type PixelType = "uchar" | "short" | "ushort" | "int" | "float" | "double";

const BYTES: Record<PixelType, number> = { uchar: 1, short: 2, ushort: 2, int: 4, float: 4, double: 8 };

/** Little-endian bytes of `values` as `type`. */
export function pixelBytes(values: ArrayLike<number>, type: PixelType): Buffer {
  const b = Buffer.alloc(values.length * BYTES[type]);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (type === "uchar") b.writeUInt8(v, i);
    else if (type === "short") b.writeInt16LE(v, 2 * i);
    else if (type === "ushort") b.writeUInt16LE(v, 2 * i);
    else if (type === "int") b.writeInt32LE(v, 4 * i);
    else if (type === "float") b.writeFloatLE(v, 4 * i);
    else b.writeDoubleLE(v, 8 * i);
  }
  return b;
}

export interface NrrdSpec {
  type: PixelType;
  /** Axis sizes, fastest first; a leading vector axis when `vector` is set. */
  sizes: number[];
  spacing?: number[];
  origin?: number[];
  /** Row-major direction cosines (column j = axis j), spatial axes only; default identity. */
  direction?: number[];
  /** First axis holds vector components (kinds: vector domain ...). */
  vector?: boolean;
  /** First axis is a list of layers (kinds: list domain ..., as 3D Slicer writes overlapping segments). */
  list?: boolean;
  /** `key:=value` fields written after the header fields (e.g. Slicer's Segment0_Name). */
  keyValues?: Record<string, string>;
  /** Voxel values (or raw bytes to append as they are). */
  data: ArrayLike<number> | Buffer;
}

/**
 * A raw-encoded NRRD file: `sizes` may have 2 to 4 spatial axes (after a vector or list axis if asked); the
 * header states exactly `sizes` whatever `data` holds (so a header can declare more voxels than follow).
 */
export function nrrdBytes(spec: NrrdSpec): Buffer {
  const lead = spec.vector ? "vector" : spec.list ? "list" : null;
  const spatial = lead ? spec.sizes.slice(1) : spec.sizes;
  const d = spatial.length;
  const spacing = spec.spacing ?? Array(d).fill(1);
  const origin = spec.origin ?? Array(d).fill(0);
  const dir = spec.direction ?? Array.from({ length: d * d }, (_v, k) => (Math.floor(k / d) === k % d ? 1 : 0));
  const axes = Array.from({ length: d }, (_v, j) => `(${Array.from({ length: d }, (_w, i) => dir[i * d + j] * spacing[j]).join(",")})`);
  const space = d === 3 ? "space: left-posterior-superior\n" : `space dimension: ${d}\n`;
  const header =
    "NRRD0004\n" +
    `type: ${spec.type}\n` +
    `dimension: ${spec.sizes.length}\n` +
    space +
    `sizes: ${spec.sizes.join(" ")}\n` +
    `space directions: ${lead ? "none " : ""}${axes.join(" ")}\n` +
    `kinds: ${lead ? `${lead} ` : ""}${Array(d).fill("domain").join(" ")}\n` +
    "endian: little\n" +
    "encoding: raw\n" +
    `space origin: (${origin.join(",")})\n` +
    Object.entries(spec.keyValues ?? {}).map(([k, v]) => `${k}:=${v}\n`).join("") +
    "\n";
  const body = Buffer.isBuffer(spec.data) ? spec.data : pixelBytes(spec.data, spec.type);
  return Buffer.concat([Buffer.from(header, "ascii"), body]);
}

const NIFTI_TYPES: Record<PixelType, [code: number, bitpix: number]> = {
  uchar: [2, 8], short: [4, 16], int: [8, 32], float: [16, 32], double: [64, 64], ushort: [512, 16],
};

export interface NiftiSpec {
  type: PixelType;
  /** dim[1..n]: sizes of up to 7 axes. */
  sizes: number[];
  /** pixdim[1..n]. */
  spacing?: number[];
  data: ArrayLike<number> | Buffer;
}

/** A single-file NIfTI-1 image (.nii), little endian, no orientation codes (ITK then uses spacing only). */
export function niftiBytes(spec: NiftiSpec): Buffer {
  const h = Buffer.alloc(352);
  h.writeInt32LE(348, 0); // sizeof_hdr
  h.writeInt16LE(spec.sizes.length, 40); // dim[0]
  spec.sizes.forEach((s, i) => h.writeInt16LE(s, 42 + 2 * i));
  for (let i = spec.sizes.length; i < 7; i++) h.writeInt16LE(1, 42 + 2 * i);
  const [code, bitpix] = NIFTI_TYPES[spec.type];
  h.writeInt16LE(code, 70);
  h.writeInt16LE(bitpix, 72);
  h.writeFloatLE(1, 76); // pixdim[0] = qfac
  for (let i = 0; i < 7; i++) h.writeFloatLE(spec.spacing?.[i] ?? 1, 80 + 4 * i);
  h.writeFloatLE(352, 108); // vox_offset
  h.writeFloatLE(0, 112); // scl_slope 0: no scaling
  h.write("n+1\0", 344, "latin1");
  const body = Buffer.isBuffer(spec.data) ? spec.data : pixelBytes(spec.data, spec.type);
  return Buffer.concat([h, body]);
}

/** One DICOM data element: tag (group, element), VR and value (string, numbers for US/SS, or bytes). */
export interface DicomElement {
  tag: [number, number];
  vr: string;
  value: string | number[] | Buffer;
}

const LONG_VRS = new Set(["OB", "OW", "OF", "SQ", "UT", "UN"]);

function elementBytes(e: DicomElement): Buffer {
  let value: Buffer;
  if (Buffer.isBuffer(e.value)) value = e.value;
  else if (typeof e.value === "string") value = Buffer.from(e.value, "latin1");
  else value = pixelBytes(e.value, e.vr === "SS" ? "short" : "ushort");
  if (value.length % 2 === 1) value = Buffer.concat([value, Buffer.from(e.vr === "UI" || e.vr === "OB" ? "\0" : " ", "latin1")]);
  const head = Buffer.alloc(LONG_VRS.has(e.vr) ? 12 : 8);
  head.writeUInt16LE(e.tag[0], 0);
  head.writeUInt16LE(e.tag[1], 2);
  head.write(e.vr, 4, "latin1");
  if (LONG_VRS.has(e.vr)) head.writeUInt32LE(value.length, 8);
  else head.writeUInt16LE(value.length, 6);
  return Buffer.concat([head, value]);
}

/** Identifying attributes planted in a DICOM slice (PS3.15 basic profile names). */
export interface DicomIdentity {
  PatientName: string;
  PatientID: string;
  PatientBirthDate: string;
  AccessionNumber: string;
  InstitutionName: string;
  StudyDate: string;
  SeriesDate: string;
  AcquisitionDate: string;
  ReferringPhysicianName: string;
}

/** A full set of identifying attributes around the given name, ID and birth date (fixed test values for the rest). */
export function plantedIdentity(patient: Pick<DicomIdentity, "PatientName" | "PatientID" | "PatientBirthDate">): DicomIdentity {
  return { ...patient, AccessionNumber: "A1", InstitutionName: "Test", StudyDate: "20200101", SeriesDate: "20200101", AcquisitionDate: "20200101", ReferringPhysicianName: "REF^X" };
}

export interface DicomSliceSpec {
  identity: DicomIdentity;
  studyUid: string;
  seriesUid: string;
  instance: number;
  rows: number;
  columns: number;
  /** Row and column spacing (mm), slice position (mm along z). */
  pixelSpacing: [number, number];
  sliceThickness: number;
  position: [number, number, number];
  /** rows * columns signed 16-bit values. */
  pixels: ArrayLike<number>;
  /** ImageOrientationPatient (default axial, "1\\0\\0\\0\\1\\0"). */
  orientation?: string;
  /** SeriesDescription (omitted when absent) and SeriesNumber (default 1). */
  seriesDescription?: string;
  seriesNumber?: number;
  /** RescaleSlope and RescaleIntercept (omitted when absent). */
  rescale?: { slope: number; intercept: number };
}

/**
 * One MR slice as a DICOM Part 10 file, explicit VR little endian, with identifying attributes as given.
 *
 * @example
 * writeFileSync("s1.dcm", dicomSliceBytes({ identity, studyUid: "1.2.3", seriesUid: "1.2.3.4", instance: 1, ... }));
 */
export function dicomSliceBytes(s: DicomSliceSpec): Buffer {
  const sopClass = "1.2.840.10008.5.1.4.1.1.4"; // MR Image Storage
  const sopInstance = `${s.seriesUid}.${s.instance}`;
  const explicitLittle = "1.2.840.10008.1.2.1";
  const meta = [
    { tag: [2, 1], vr: "OB", value: Buffer.from([0, 1]) },
    { tag: [2, 2], vr: "UI", value: sopClass },
    { tag: [2, 3], vr: "UI", value: sopInstance },
    { tag: [2, 0x10], vr: "UI", value: explicitLittle },
    { tag: [2, 0x12], vr: "UI", value: "1.2.826.0.1.3680043.10.1111" },
  ].map((e) => elementBytes(e as DicomElement));
  const metaBody = Buffer.concat(meta);
  const groupLength = Buffer.alloc(12);
  groupLength.writeUInt16LE(2, 0);
  groupLength.writeUInt16LE(0, 2);
  groupLength.write("UL", 4, "latin1");
  groupLength.writeUInt16LE(4, 6);
  groupLength.writeUInt32LE(metaBody.length, 8);
  const id = s.identity;
  const elements: DicomElement[] = [
    { tag: [0x0008, 0x0008], vr: "CS", value: "ORIGINAL\\PRIMARY" },
    { tag: [0x0008, 0x0016], vr: "UI", value: sopClass },
    { tag: [0x0008, 0x0018], vr: "UI", value: sopInstance },
    { tag: [0x0008, 0x0020], vr: "DA", value: id.StudyDate },
    { tag: [0x0008, 0x0021], vr: "DA", value: id.SeriesDate },
    { tag: [0x0008, 0x0022], vr: "DA", value: id.AcquisitionDate },
    { tag: [0x0008, 0x0050], vr: "SH", value: id.AccessionNumber },
    { tag: [0x0008, 0x0060], vr: "CS", value: "MR" },
    { tag: [0x0008, 0x0080], vr: "LO", value: id.InstitutionName },
    { tag: [0x0008, 0x0090], vr: "PN", value: id.ReferringPhysicianName },
    ...(s.seriesDescription !== undefined ? [{ tag: [0x0008, 0x103e], vr: "LO", value: s.seriesDescription } as DicomElement] : []),
    { tag: [0x0010, 0x0010], vr: "PN", value: id.PatientName },
    { tag: [0x0010, 0x0020], vr: "LO", value: id.PatientID },
    { tag: [0x0010, 0x0030], vr: "DA", value: id.PatientBirthDate },
    { tag: [0x0018, 0x0050], vr: "DS", value: String(s.sliceThickness) },
    { tag: [0x0020, 0x000d], vr: "UI", value: s.studyUid },
    { tag: [0x0020, 0x000e], vr: "UI", value: s.seriesUid },
    { tag: [0x0020, 0x0011], vr: "IS", value: String(s.seriesNumber ?? 1) },
    { tag: [0x0020, 0x0013], vr: "IS", value: String(s.instance) },
    { tag: [0x0020, 0x0032], vr: "DS", value: s.position.join("\\") },
    { tag: [0x0020, 0x0037], vr: "DS", value: s.orientation ?? "1\\0\\0\\0\\1\\0" },
    { tag: [0x0028, 0x0002], vr: "US", value: [1] },
    { tag: [0x0028, 0x0004], vr: "CS", value: "MONOCHROME2" },
    { tag: [0x0028, 0x0010], vr: "US", value: [s.rows] },
    { tag: [0x0028, 0x0011], vr: "US", value: [s.columns] },
    { tag: [0x0028, 0x0030], vr: "DS", value: s.pixelSpacing.join("\\") },
    { tag: [0x0028, 0x0100], vr: "US", value: [16] },
    { tag: [0x0028, 0x0101], vr: "US", value: [16] },
    { tag: [0x0028, 0x0102], vr: "US", value: [15] },
    { tag: [0x0028, 0x0103], vr: "US", value: [1] },
    ...(s.rescale
      ? ([
          { tag: [0x0028, 0x1052], vr: "DS", value: String(s.rescale.intercept) },
          { tag: [0x0028, 0x1053], vr: "DS", value: String(s.rescale.slope) },
        ] as DicomElement[])
      : []),
    { tag: [0x7fe0, 0x0010], vr: "OW", value: pixelBytes(s.pixels, "short") },
  ];
  return Buffer.concat([Buffer.alloc(128), Buffer.from("DICM", "latin1"), groupLength, metaBody, ...elements.map(elementBytes)]);
}
