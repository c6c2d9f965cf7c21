/**
 * Writes the bad-input corpus test/fixtures/bad/ (see its SOURCE.md): small images, masks, DICOM series,
 * manifests and clinical tables, each broken in one way. Deterministic: running it again gives the same bytes.
 *
 *   npx tsx scripts/make-bad-fixtures.ts [outDir]
 */
import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { dicomSliceBytes, niftiBytes, nrrdBytes, type DicomIdentity, type NrrdSpec } from "../test/reliability/writers";


/** Grid of every 3D fixture: 8 x 8 x 6 voxels, spacing 0.7 x 0.7 x 1.5 mm. */
export const GRID = { sizes: [8, 8, 6], spacing: [0.7, 0.7, 1.5], origin: [-2.8, -2.8, 0] };
const N = 8 * 8 * 6;

/** A deterministic texture (a fixed permutation of 0..100 scaled), so every feature class has something to count. */
const texture = Array.from({ length: N }, (_v, i) => 200 + ((i * 37 + (i >> 3) * 11) % 101) * 7);
/** The ROI: a 4 x 4 x 3 box (48 voxels) at x, y in 2..5, z in 1..3. */
const inBox = (i: number) => {
  const x = i % 8, y = Math.floor(i / 8) % 8, z = Math.floor(i / 64);
  return x >= 2 && x <= 5 && y >= 2 && y <= 5 && z >= 1 && z <= 3;
};
const boxMask = Array.from({ length: N }, (_v, i) => (inBox(i) ? 1 : 0));
const at = (x: number, y: number, z: number) => x + 8 * (y + 8 * z);

function vol(type: NrrdSpec["type"], data: ArrayLike<number> | Buffer, more: Partial<NrrdSpec> = {}): Buffer {
  return nrrdBytes({ type, sizes: GRID.sizes, spacing: GRID.spacing, origin: GRID.origin, data, ...more });
}

/** Identifiers planted in the DICOM fixtures; the privacy test looks for each of them in every output. */
export const PLANTED: DicomIdentity = {
  PatientName: "PLANTED^JANE^QUINCY",
  PatientID: "MRN-PLANTED-7734",
  PatientBirthDate: "19471129",
  AccessionNumber: "ACC-PLANTED-5521",
  InstitutionName: "Planted Memorial Hospital",
  StudyDate: "20180923",
  SeriesDate: "20180924",
  AcquisitionDate: "20180925",
  ReferringPhysicianName: "PLANTED^REFERRER",
};

/**
 * A DICOM series on GRID's x-y plane: 8 x 8 pixels, 6 slices (files named so that name order is not slice order).
 * `breakSlice` truncates that slice's file by 40 bytes (inside the pixel data).
 */
export function dicomSeries(dir: string, identity: DicomIdentity = PLANTED, breakSlice?: number): void {
  mkdirSync(dir, { recursive: true });
  for (let k = 0; k < 6; k++) {
    const bytes = dicomSliceBytes({
      identity,
      studyUid: "1.2.826.0.1.3680043.10.1111.7",
      seriesUid: "1.2.826.0.1.3680043.10.1111.7.1",
      instance: k + 1,
      rows: 8,
      columns: 8,
      pixelSpacing: [GRID.spacing[1], GRID.spacing[0]],
      sliceThickness: GRID.spacing[2],
      position: [GRID.origin[0], GRID.origin[1], GRID.origin[2] + GRID.spacing[2] * k],
      pixels: texture.slice(64 * k, 64 * (k + 1)),
    });
    writeFileSync(join(dir, `im${String((k * 5) % 6).padStart(2, "0")}.dcm`), k === breakSlice ? bytes.subarray(0, bytes.length - 40) : bytes);
  }
}

function sha256(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The corpus, file name -> bytes (under images/). */
function images(): Record<string, Buffer> {
  const nifti = niftiBytes({ type: "short", sizes: GRID.sizes, spacing: GRID.spacing, data: texture });
  const good = vol("short", texture);
  const floatTexture = (f: (v: number, i: number) => number) => vol("float", texture.map(f));
  const oneVoxel = boxMask.map((_v, i) => (i === at(3, 3, 2) ? 1 : 0));
  return {
    "good_image.nrrd": good,
    "good_mask.nrrd": vol("uchar", boxMask),
    "good_image.nii": nifti,
    "truncated.nrrd": good.subarray(0, good.length - 100),
    "truncated.nii": nifti.subarray(0, nifti.length - 100),
    "truncated.nii.gz": gzipSync(nifti.subarray(0, 600), { level: 6 }),
    "header-only.nrrd": good.subarray(0, 60),
    "corrupt.nii.gz": Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(60, 0x5a)]),
    "not-an-image.nrrd": Buffer.from("Patient list exported 2019-04-01\nthis is a text file, not an image\n"),
    "png-bytes.nii": Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(400, 7)]),
    "empty.nrrd": Buffer.alloc(0),
    "huge.nrrd": nrrdBytes({ type: "short", sizes: [100000, 100000, 100000], data: texture.slice(0, 16) }),
    "huge.nii": niftiBytes({ type: "float", sizes: [30000, 30000, 30000], data: texture.slice(0, 16) }),
    "image-4d.nrrd": nrrdBytes({ type: "short", sizes: [8, 8, 6, 2], spacing: [...GRID.spacing, 1], data: [...texture, ...texture] }),
    "image-vector.nrrd": nrrdBytes({ type: "float", sizes: [3, ...GRID.sizes], vector: true, spacing: GRID.spacing, data: texture.flatMap((v) => [v, v, v]) }),
    "image-2d.nrrd": nrrdBytes({ type: "short", sizes: [8, 8], spacing: [0.7, 0.7], origin: [0, 0], data: texture.slice(64, 128) }),
    "mask-2d.nrrd": nrrdBytes({ type: "uchar", sizes: [8, 8], spacing: [0.7, 0.7], origin: [0, 0], data: boxMask.slice(64, 128) }),
    "mask-size.nrrd": nrrdBytes({ type: "uchar", sizes: [8, 8, 5], spacing: GRID.spacing, origin: GRID.origin, data: boxMask.slice(0, 320) }),
    "mask-spacing.nrrd": vol("uchar", boxMask, { spacing: [0.7, 0.7, 1.6] }),
    "mask-origin.nrrd": vol("uchar", boxMask, { origin: [-2.8, -2.8, 0.01] }),
    "mask-direction.nrrd": vol("uchar", boxMask, { direction: [0, 1, 0, 1, 0, 0, 0, 0, 1] }),
    "mask-label2.nrrd": vol("uchar", boxMask.map((v) => 2 * v)),
    "mask-empty.nrrd": vol("uchar", boxMask.map(() => 0)),
    "mask-one-voxel.nrrd": vol("uchar", oneVoxel),
    "mask-float.nrrd": vol("float", boxMask.map((v, i) => (v && i % 2 ? 0.5 : v))),
    "mask-float-offlabel.nrrd": vol("float", boxMask.map((v) => v * 1.0000001)),
    "image-constant.nrrd": vol("short", texture.map(() => 100)),
    "image-nan.nrrd": floatTexture((v, i) => (i === at(3, 3, 2) ? NaN : v)),
    "image-inf.nrrd": floatTexture((v, i) => (i === at(4, 4, 2) ? Infinity : v)),
    "image-nan-outside.nrrd": floatTexture((v, i) => (i === 0 ? NaN : v)),
  };
}

/** Writes manifests (root "../images") and clinical tables, each with one kind of problem. */
function manifests(files: Record<string, Buffer>): Record<string, string> {
  const base = {
    name: "bad-fixture",
    description: "one manifest problem per file (test/fixtures/bad)",
    licence: "CC0-1.0",
    source: "generated by scripts/make-bad-fixtures.ts",
    root: "../images",
  };
  const goodCase = { patientId: "GOOD01", sequence: "T1C", region: "tumour", image: "good_image.nrrd", mask: "good_mask.nrrd", label: 1 };
  const json = (m: unknown) => JSON.stringify(m, null, 2) + "\n";
  const clinicalCsv =
    "patient_id,age,er,grade,nodes\n" +
    "GOOD01,54,positive,2,0\n" +
    "BAD02,,negative,3,1\n" + // age missing (required)
    "BAD03,fifty,positive,2,0\n" + // mistyped number
    "BAD04,61,unknown,2,0\n" + // code not among the declared levels
    "BAD05,47,positive,2.5,0\n" + // integer expected
    "BAD06,39,negative,1,-2\n" + // below the minimum
    "GOOD01,70,negative,1,0\n"; // duplicate patient ID
  return {
    "clinical.csv": clinicalCsv,
    "missing-file.json": json({ ...base, cases: [goodCase, { ...goodCase, patientId: "LOST07", image: "lost_image.nrrd" }] }),
    "wrong-checksum.json": json({ ...base, cases: [{ ...goodCase, imageSha256: sha256(files["good_image.nrrd"]), maskSha256: "0".repeat(64) }] }),
    "escape-root.json": json({ ...base, cases: [{ ...goodCase, patientId: "ESC08", mask: "../manifests/missing-file.json" }] }),
    "absolute-path.json": json({ ...base, cases: [{ ...goodCase, patientId: "ABS09", image: "/etc/passwd" }] }),
    "duplicate-case.json": json({ ...base, cases: [goodCase, { ...goodCase, image: "good_image.nii" }] }),
    "clinical-bad.json": json({
      ...base,
      clinical: {
        path: "clinical.csv",
        idColumn: "patient_id",
        columns: {
          age: { type: "number", min: 18, max: 100, required: true },
          er: { type: "category", levels: ["negative", "positive"] },
          grade: { type: "integer", min: 1, max: 3 },
          nodes: { type: "integer", min: 0 },
        },
      },
      cases: [goodCase],
    }),
  };
}

/** This folder's SOURCE.md (written with the corpus, so a fresh run reproduces every committed file). */
const SOURCE_MD = `# Bad-input corpus

Origin: every file here is generated by \`scripts/make-bad-fixtures.ts\` (run \`npx tsx scripts/make-bad-fixtures.ts\`
to rewrite it; \`test/reliability/bad-inputs.test.ts\` checks the committed bytes equal a fresh run, this file included). No patient data:
the images are a fixed synthetic texture, the DICOM identifiers are invented ("PLANTED^..."). Licence: CC0-1.0.

- \`images/\`: truncated, corrupt, empty and non-image files with image extensions; enormous declared sizes; 4D,
  vector and 2D images; DICOM slices with short pixel data or 65535 x 65535 pixels; masks mismatching the image (size, spacing, origin, direction), without the label, empty,
  one voxel, non-integer; constant, NaN and Inf images; a DICOM series with one truncated slice; a folder without
  DICOM; \`clinical.csv\` (missing, mistyped, unknown-code and duplicate-ID rows).
- \`manifests/\`: data manifests (root \`../images\`) with a missing file, a wrong checksum, a path escaping the
  data root, an absolute path, a duplicate case, and a clinical table with problems.
`;

/** Writes the whole corpus into `ROOT` (emptied first). */
export function writeBadFixtures(ROOT: string): void {
  rmSync(ROOT, { recursive: true, force: true });
  mkdirSync(ROOT, { recursive: true });
  writeFileSync(join(ROOT, "SOURCE.md"), SOURCE_MD);
  const imgs = images();
  mkdirSync(join(ROOT, "images"), { recursive: true });
  for (const [name, bytes] of Object.entries(imgs)) writeFileSync(join(ROOT, "images", name), bytes);
  dicomSeries(join(ROOT, "images", "dicom-truncated"), PLANTED, 3);
  // One-slice series whose pixel data is shorter than Rows x Columns, and one declaring 65535 x 65535 pixels.
  const slice = (rows: number, columns: number, pixels: number[]) =>
    dicomSliceBytes({
      identity: PLANTED, studyUid: "1.2.826.0.1.3680043.10.1111.8", seriesUid: "1.2.826.0.1.3680043.10.1111.8.1", instance: 1,
      rows, columns, pixelSpacing: [0.7, 0.7], sliceThickness: 1.5, position: [0, 0, 0], pixels,
    });
  for (const [name, bytes] of [["dicom-short-pixels", slice(8, 8, texture.slice(0, 32))], ["dicom-huge", slice(65535, 65535, texture.slice(0, 32))]] as const) {
    mkdirSync(join(ROOT, "images", name), { recursive: true });
    writeFileSync(join(ROOT, "images", name, "im00.dcm"), bytes);
  }
  mkdirSync(join(ROOT, "images", "dicom-not-dicom"), { recursive: true });
  writeFileSync(join(ROOT, "images", "dicom-not-dicom", "notes.dcm"), "scanner log, not a DICOM file\n");
  mkdirSync(join(ROOT, "manifests"), { recursive: true });
  for (const [name, text] of Object.entries(manifests(imgs))) {
    // The clinical table lives next to the images so that it is inside the manifests' data root.
    writeFileSync(join(ROOT, name === "clinical.csv" ? "images" : "manifests", name), text);
  }
}

if (process.argv[1] && /make-bad-fixtures\.ts$/.test(process.argv[1])) {
  const out = process.argv[2] ?? join(process.cwd(), "test", "fixtures", "bad");
  writeBadFixtures(out);
  console.log(`wrote the bad-input corpus to ${out}`);
}
