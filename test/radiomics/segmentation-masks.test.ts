/**
 * Masks from segmentation files (issue 16): one segment of a 3D Slicer .seg.nrrd (overlapping segments in
 * layers), of a DICOM-SEG, or one ROI of an RTSTRUCT, read by readMask as a binary mask on the image grid.
 * Every expected voxel set is known by construction; DICOM objects are written by dcmjs with a planted fake
 * patient identity that must reach no message.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";

vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { physicalToIndex, readImage, type Volume } from "../../src/radiomics/image";
import { loadManifest } from "../../src/manifest/load";
import { extractCases } from "../../src/radiomics/batch/extract-case";
import { caseIdentity } from "../../src/radiomics/batch/results";
import { extractCohort } from "../../src/radiomics/batch/runner";
import { writeNrrd } from "../../src/radiomics/nrrd-writer";
import { paramsFromObject } from "../../src/radiomics/settings";
import { readMask } from "../../src/radiomics/segmentation/read-mask";
import { dicomSliceBytes, nrrdBytes, plantedIdentity, type DicomIdentity } from "../reliability/writers";
import { alnm } from "../reliability/cli";
import { dicomSegBytes, PLANTED, rtStructBytes } from "./segmentation-writers";

const root = mkdtempSync(join(tmpdir(), "alnm-segmasks-"));

/** Image grid of every test: 7 columns x 6 rows x 5 slices, 0.8 x 0.7 x 2.5 mm, axial, origin (-10, 5.5, 12.25). */
const SIZE: [number, number, number] = [7, 6, 5];
const SPACING: [number, number, number] = [0.8, 0.7, 2.5];
const ORIGIN: [number, number, number] = [-10, 5.5, 12.25];
/** Physical point (mm) of the continuous image index (i, j, k) of that grid, to 6 decimals (as a DICOM DS holds it). */
const at = (i: number, j: number, k: number): [number, number, number] =>
  [ORIGIN[0] + SPACING[0] * i, ORIGIN[1] + SPACING[1] * j, ORIGIN[2] + SPACING[2] * k].map((x) => Number(x.toFixed(6))) as [number, number, number];
/** Image intensities: a deterministic pattern with some texture. */
const intensity = (x: number, y: number, z: number) => 100 + ((x * 37 + y * 11 + z * 23) % 41);

const identity: DicomIdentity = plantedIdentity({ PatientName: PLANTED.PatientName, PatientID: PLANTED.PatientID, PatientBirthDate: PLANTED.PatientBirthDate });

/** The image as a DICOM series (one file per slice), with the planted identity. */
function dicomImage(): string {
  const dir = join(root, "image");
  mkdirSync(dir, { recursive: true });
  for (let k = 0; k < SIZE[2]; k++) {
    const pixels = Array.from({ length: SIZE[0] * SIZE[1] }, (_v, p) => intensity(p % SIZE[0], Math.floor(p / SIZE[0]), k));
    writeFileSync(
      join(dir, `im${k}.dcm`),
      dicomSliceBytes({
        identity, studyUid: "1.2.826.0.1.3680043.10.1111.8", seriesUid: "1.2.826.0.1.3680043.10.1111.8.1", instance: k + 1,
        rows: SIZE[1], columns: SIZE[0], pixelSpacing: [SPACING[1], SPACING[0]], sliceThickness: SPACING[2], position: at(0, 0, k), pixels,
      }),
    );
  }
  return dir;
}
const imageDir = dicomImage();

/** "x,y,z" of every voxel set to 1, sorted; fails if a voxel holds anything but 0 or 1. */
function voxelSet(mask: Volume): string[] {
  const out: string[] = [];
  mask.data.forEach((v, i) => {
    if (v !== 0 && v !== 1) throw new Error(`voxel ${i} holds ${v}`);
    if (v === 1) out.push([i % mask.size[0], Math.floor(i / mask.size[0]) % mask.size[1], Math.floor(i / (mask.size[0] * mask.size[1]))].join(","));
  });
  return out.sort();
}
const key = (x: number, y: number, z: number) => `${x},${y},${z}`;
const sorted = (keys: string[]) => [...keys].sort();
const message = (p: Promise<unknown>) => p.then(() => "(no error)", (e: Error) => e.message);

describe("3D Slicer .seg.nrrd: a segment chosen by name, overlapping segments in layers", () => {
  // The segmentation is cropped to 4 x 4 x 3 voxels starting at image voxel (2, 1, 1), as Slicer crops to extent.
  const cropOffset = [2, 1, 1];
  const crop: [number, number, number] = [4, 4, 3];
  // Layer 0 holds "tumour" (value 1) and "edge" (value 2); layer 1 holds "aln" (value 1), overlapping "tumour".
  const tumour = [[0, 0, 0], [1, 0, 0], [1, 1, 0], [1, 1, 1], [2, 1, 1], [2, 2, 1]];
  const edge = [[3, 3, 2], [0, 3, 2]];
  const aln = [[1, 1, 0], [1, 1, 1], [3, 0, 2]];
  const layer = (marks: [number[][], number][]) => {
    const data = new Array(crop[0] * crop[1] * crop[2]).fill(0);
    for (const [voxels, value] of marks) for (const [x, y, z] of voxels) data[x + crop[0] * (y + crop[1] * z)] = value;
    return data;
  };
  const layers = [layer([[tumour, 1], [edge, 2]]), layer([[aln, 1]])];
  const interleaved = layers[0].flatMap((v, i) => [v, layers[1][i]]);
  const segments = {
    Segment0_Name: "tumour", Segment0_Layer: "0", Segment0_LabelValue: "1", Segment0_Extent: "0 3 0 3 0 2",
    Segment1_Name: "aln", Segment1_Layer: "1", Segment1_LabelValue: "1", Segment1_Extent: "0 3 0 3 0 2",
    Segment2_Name: "edge", Segment2_Layer: "0", Segment2_LabelValue: "2", Segment2_Extent: "0 3 0 3 0 2",
  };
  const segPath = join(root, "case.seg.nrrd");
  writeFileSync(segPath, nrrdBytes({ type: "uchar", sizes: [2, ...crop], list: true, spacing: SPACING, origin: at(2, 1, 1), data: interleaved, keyValues: segments }));
  const shifted = (voxels: number[][]) => sorted(voxels.map(([x, y, z]) => key(x + cropOffset[0], y + cropOffset[1], z + cropOffset[2])));

  it("each segment read by name is exactly its voxels, on the image grid (overlap kept in both)", async () => {
    const image = await readImage(imageDir);
    for (const [name, voxels] of [["tumour", tumour], ["aln", aln], ["edge", edge]] as const) {
      const mask = await readMask(segPath, { image, segment: name });
      expect(mask.size).toEqual(image.size);
      expect(mask.origin).toEqual(image.origin);
      expect(mask.spacing).toEqual(image.spacing);
      expect(voxelSet(mask)).toEqual(shifted(voxels as number[][]));
    }
  });

  it("refusals by name: unknown segment (names listed), several segments and none named, segment for a label map", async () => {
    const image = await readImage(imageDir);
    expect(await message(readMask(segPath, { image, segment: "node" }))).toBe(`${segPath}: segment "node" not found (segments: tumour, aln, edge)`);
    expect(await message(readMask(segPath, { image }))).toBe(
      `${segPath}: holds 3 segments (tumour, aln, edge); name one with segment (manifest case field "segment", alnm extract --segment)`,
    );
    const labelMap = join(root, "labelmap.nrrd");
    writeNrrd(labelMap, { ...image, data: new Float64Array(image.data.length).fill(1) }, "uchar");
    expect(await message(readMask(labelMap, { image, segment: "tumour" }))).toBe(
      `${labelMap}: segment "tumour" given, but the file is not a segmentation (3D Slicer .seg.nrrd, DICOM-SEG or RTSTRUCT file); a label map's region is chosen by its label value`,
    );
  });

  it("a Slicer segmentation in a form the reader does not handle (here a byte skip) is named as such, not as a non-segmentation", async () => {
    const image = await readImage(imageDir);
    const skipped = join(root, "skipped.seg.nrrd");
    const bytes = nrrdBytes({ type: "uchar", sizes: crop, spacing: SPACING, origin: at(2, 1, 1), data: layers[1], keyValues: { Segment0_Name: "aln" } });
    writeFileSync(skipped, Buffer.from(bytes.toString("latin1").replace("encoding: raw\n", "encoding: raw\nbyte skip: 0\n"), "latin1"));
    expect(await message(readMask(skipped, { image, segment: "aln" }))).toBe(
      `${skipped}: a 3D Slicer segmentation written in a form this reader does not handle (detached data, byte skips, or another encoding, space or axis kind); save it again from 3D Slicer as one .seg.nrrd file`,
    );
  });

  it("a 3D .seg.nrrd of one segment without Layer/LabelValue fields (Slicer before 4.11) is that segment, named or not", async () => {
    const image = await readImage(imageDir);
    const single = join(root, "single.seg.nrrd");
    writeFileSync(single, nrrdBytes({ type: "uchar", sizes: crop, spacing: SPACING, origin: at(2, 1, 1), data: layers[1], keyValues: { Segment0_Name: "aln" } }));
    expect(voxelSet(await readMask(single, { image }))).toEqual(shifted(aln));
    expect(voxelSet(await readMask(single, { image, segment: "aln" }))).toEqual(shifted(aln));
  });

  it("a segment voxel beyond the image's edge is refused (it would be cut silently)", async () => {
    const image = await readImage(imageDir);
    const beyond = join(root, "beyond.seg.nrrd");
    writeFileSync(beyond, nrrdBytes({ type: "uchar", sizes: [2, ...crop], list: true, spacing: SPACING, origin: at(4, 1, 1), data: interleaved, keyValues: segments }));
    expect(await message(readMask(beyond, { image, segment: "edge" }))).toBe(
      `${beyond}: segment "edge": segment voxel (3, 3, 2) falls at image index (7, 4, 3), outside the image (size 7 x 6 x 5)`,
    );
  });

  it("a segmentation half a voxel off the image grid is refused, not resampled", async () => {
    const image = await readImage(imageDir);
    const off = join(root, "off.seg.nrrd");
    writeFileSync(off, nrrdBytes({ type: "uchar", sizes: [2, ...crop], list: true, spacing: SPACING, origin: at(2.5, 1, 1), data: interleaved, keyValues: segments }));
    expect(await message(readMask(off, { image, segment: "tumour" }))).toMatch(
      new RegExp(`^${off.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: origin \\(.*\\) lies between the image's voxels \\(at image index 2\\.5, 1, 1\\) \\(tolerance 0\\.000001; see setting geometryTolerance\\); resample the segmentation onto the image first$`),
    );
  });
});

/** Deterministic pseudo-random bits (a 32-bit linear congruential generator), about `density` of them set. */
function bitsOf(count: number, seed: number, density: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 < density ? 1 : 0;
  });
}

/** Every error message met in these tests: none may hold the planted identity. */
const messages: string[] = [];
const refusal = async (p: Promise<unknown>) => {
  const m = await message(p);
  messages.push(m);
  return m;
};

// A DICOM-SEG cropped to 5 columns x 4 rows from image voxel (1, 2): 20 bits per frame, so frames share bytes.
const segFrames = [
  { segmentNumber: 1, k: 1, bits: bitsOf(20, 1, 0.5) },
  { segmentNumber: 2, k: 2, bits: bitsOf(20, 2, 0.5) },
  { segmentNumber: 1, k: 2, bits: bitsOf(20, 3, 0.5) },
  { segmentNumber: 1, k: 3, bits: bitsOf(20, 4, 0.5) },
];
/** Image voxels set in segment `n`'s frames, by construction. */
const segVoxels = (n: number) =>
  sorted(segFrames.filter((f) => f.segmentNumber === n).flatMap((f) => f.bits.flatMap((b, p) => (b ? [key((p % 5) + 1, Math.floor(p / 5) + 2, f.k)] : []))));
const segSpec = {
  segments: [{ number: 1, label: "tumour" }, { number: 2, label: "aln" }],
  rows: 4, columns: 5, pixelSpacing: [SPACING[1], SPACING[0]] as [number, number], sliceThickness: SPACING[2], orientation: [1, 0, 0, 0, 1, 0] as [number, number, number, number, number, number],
  frames: segFrames.map((f) => ({ segmentNumber: f.segmentNumber, position: at(1, 2, f.k), bits: f.bits })),
};
const segPath = join(root, "seg.dcm");
writeFileSync(segPath, dicomSegBytes(segSpec));

describe("DICOM-SEG: a segment chosen by SegmentLabel (or number), frames placed on the image grid", () => {
  it("each segment reads back to exactly the voxels its frames set", async () => {
    const image = await readImage(imageDir);
    expect(segVoxels(1).length).toBeGreaterThan(15);
    expect(voxelSet(await readMask(segPath, { image, segment: "tumour" }))).toEqual(segVoxels(1));
    expect(voxelSet(await readMask(segPath, { image, segment: "aln" }))).toEqual(segVoxels(2));
    expect(voxelSet(await readMask(segPath, { image, segment: "2" }))).toEqual(segVoxels(2));
  });

  it("each segment matches what dcmqi (itk-wasm's readOverlappingSegmentation) reads, mapped onto the image by physical position", async () => {
    const image = await readImage(imageDir);
    const dicom = await import("@itk-wasm/dicom");
    const { segImage, metaInfo } = (await dicom.readOverlappingSegmentationNode(segPath)) as any;
    const groups: { SegmentLabel: string; labelID: number }[][] = metaInfo.segmentAttributes;
    const [nx, ny, nz] = segImage.size as number[];
    const components: number = segImage.imageType.components;
    expect(Array.from(segImage.direction as ArrayLike<number>)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    for (const label of ["tumour", "aln"]) {
      const g = groups.findIndex((group) => group.some((s) => s.SegmentLabel === label));
      const id = groups[g].find((s) => s.SegmentLabel === label)!.labelID;
      const theirs: string[] = [];
      for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
        if (segImage.data[(x + nx * (y + ny * z)) * components + g] !== id) continue;
        const physical = [0, 1, 2].map((a) => segImage.origin[a] + segImage.spacing[a] * [x, y, z][a]); // dcmqi's direction is identity here
        theirs.push(key(...(physicalToIndex(image, physical).map(Math.round) as [number, number, number])));
      }
      expect(voxelSet(await readMask(segPath, { image, segment: label }))).toEqual(sorted(theirs));
    }
  });

  it("refusals by name: unknown segment, none named, a frame off the slice planes, a FRACTIONAL segmentation", async () => {
    const image = await readImage(imageDir);
    expect(await refusal(readMask(segPath, { image, segment: "node" }))).toBe(`${segPath}: segment "node" not found (segments: tumour, aln)`);
    expect(await refusal(readMask(segPath, { image }))).toBe(`${segPath}: holds 2 segments (tumour, aln); name one with segment (manifest case field "segment", alnm extract --segment)`);
    const between = join(root, "between.dcm");
    writeFileSync(between, dicomSegBytes({ ...segSpec, frames: segSpec.frames.map((f, i) => (i === 2 ? { ...f, position: at(1, 2, 2.5) } : f)) }));
    expect(await refusal(readMask(between, { image, segment: "tumour" }))).toMatch(/^.*between\.dcm: frame 3 \(segment "tumour"\): origin \(.*\) lies between the image's voxels \(at image index 1, 2, 2\.5\)/);
    const fractional = join(root, "fractional.dcm");
    writeFileSync(fractional, dicomSegBytes({ ...segSpec, segmentationType: "FRACTIONAL" }));
    expect(await refusal(readMask(fractional, { image, segment: "tumour" }))).toBe(
      `${fractional}: DICOM-SEG of SegmentationType FRACTIONAL; only BINARY segmentations are read (a FRACTIONAL one would need a threshold)`,
    );
  });
});

// RTSTRUCT: polygons with vertices between voxel centres, so that their voxels are known by construction.
const rectangle = (x0: number, y0: number, x1: number, y1: number, k: number) => [at(x0, y0, k), at(x1, y0, k), at(x1, y1, k), at(x0, y1, k)];
const rois = [
  {
    number: 1,
    name: "GTV",
    contours: [
      { points: rectangle(1.5, 0.5, 4.5, 3.5, 2) }, // columns 2..4, rows 1..3 of slice 2
      { points: rectangle(3.5, 2.5, 5.5, 4.5, 2) }, // columns 4..5, rows 3..4: overlaps the first at (4, 3)
      // An L on slice 3: rows 1-2 over columns 1..5, rows 3-4 over columns 1..2.
      { points: [at(0.5, 0.5, 3), at(5.5, 0.5, 3), at(5.5, 2.5, 3), at(2.5, 2.5, 3), at(2.5, 4.5, 3), at(0.5, 4.5, 3)] },
    ],
  },
  { number: 7, name: "Off", contours: [{ points: rectangle(1.5, 0.5, 4.5, 3.5, 1) }, { points: rectangle(1.5, 0.5, 4.5, 3.5, 1.5) }] },
  { number: 8, name: "Tilted", contours: [{ points: [at(1.5, 0.5, 1), at(4.5, 0.5, 1), at(4.5, 3.5, 2), at(1.5, 3.5, 2)] }] },
  { number: 9, name: "Marker", contours: [{ points: [at(2, 2, 2)], type: "POINT" }] },
];
const gtvVoxels = (() => {
  const out = new Set<string>();
  for (let x = 2; x <= 4; x++) for (let y = 1; y <= 3; y++) out.add(key(x, y, 2));
  for (let x = 4; x <= 5; x++) for (let y = 3; y <= 4; y++) out.add(key(x, y, 2));
  for (let x = 1; x <= 5; x++) for (let y = 1; y <= 2; y++) out.add(key(x, y, 3));
  for (let x = 1; x <= 2; x++) for (let y = 3; y <= 4; y++) out.add(key(x, y, 3));
  return sorted([...out]);
})();
const rtPath = join(root, "rtstruct.dcm");
writeFileSync(rtPath, rtStructBytes(rois));

describe("RTSTRUCT: an ROI rasterised slice by slice (voxel centres inside, even-odd rule, contours OR-ed)", () => {
  it("rectangles and an L-shaped polygon with vertices between voxel centres give exactly their voxels", async () => {
    const image = await readImage(imageDir);
    expect(voxelSet(await readMask(rtPath, { image, segment: "GTV" }))).toEqual(gtvVoxels);
    expect(gtvVoxels.length).toBe(9 + 4 - 1 + 10 + 4);
  });

  it("refusals by name: a contour between slice planes, a contour across planes, a POINT contour, an unknown ROI", async () => {
    const image = await readImage(imageDir);
    expect(await refusal(readMask(rtPath, { image, segment: "Off" }))).toBe(
      `${rtPath}: ROI "Off" contour 2 is not in an image slice plane: its points lie at slice index 1.5 to 1.5 (a contour must lie within 0.001 of one slice's centre plane)`,
    );
    expect(await refusal(readMask(rtPath, { image, segment: "Tilted" }))).toBe(
      `${rtPath}: ROI "Tilted" contour 1 is not in an image slice plane: its points lie at slice index 1 to 2 (a contour must lie within 0.001 of one slice's centre plane)`,
    );
    expect(await refusal(readMask(rtPath, { image, segment: "Marker" }))).toBe(`${rtPath}: ROI "Marker" contour 1 is POINT; only CLOSED_PLANAR contours enclose voxels`);
    expect(await refusal(readMask(rtPath, { image, segment: "Bladder" }))).toBe(`${rtPath}: segment "Bladder" not found (segments: GTV, Off, Tilted, Marker)`);
    expect(await refusal(readMask(rtPath, { image }))).toBe(`${rtPath}: holds 4 segments (GTV, Off, Tilted, Marker); name one with segment (manifest case field "segment", alnm extract --segment)`);
  });

  it("alnm extract --segment reads the ROI (26 voxels); an unknown ROI is refused by name; no output holds the planted identity", async () => {
    const [ok, unknown] = await Promise.all([
      alnm(["extract", imageDir, rtPath, "--segment", "GTV", "--setting", "binWidth=5"]),
      alnm(["extract", imageDir, rtPath, "--segment", "Bladder"]),
    ]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)["diagnostics_Mask-original_VoxelNum"]).toBe(gtvVoxels.length);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain(`${rtPath}: segment "Bladder" not found (segments: GTV, Off, Tilted, Marker)`);
    for (const run of [ok, unknown]) for (const v of Object.values(PLANTED)) expect(run.stdout + run.stderr).not.toContain(v);
  }, 60_000);

  it("no message holds the planted patient identity", () => {
    expect(messages.length).toBeGreaterThanOrEqual(9);
    for (const m of messages) for (const v of Object.values(PLANTED)) expect(m).not.toContain(v);
  });
});

describe("extraction through a manifest's segment field equals extraction from the same voxels as an NRRD label map", () => {
  it("seg.nrrd, DICOM-SEG and RTSTRUCT segments: every feature within 1e-6 of the label-map case's", async () => {
    const image = await readImage(imageDir);
    // The same voxel sets, written independently of the readers as NRRD label maps on the image's geometry.
    const labelMap = (name: string, voxels: string[]) => {
      const data = new Float64Array(image.data.length);
      for (const v of voxels) {
        const [x, y, z] = v.split(",").map(Number);
        data[x + SIZE[0] * (y + SIZE[1] * z)] = 1;
      }
      writeNrrd(join(root, name), { ...image, data }, "uchar");
      return name;
    };
    const tumourNrrd = ["0,0,0", "1,0,0", "1,1,0", "1,1,1", "2,1,1", "2,2,1"].map((v) => v.split(",").map(Number)).map(([x, y, z]) => key(x + 2, y + 1, z + 1));
    const pairs = [
      { region: "slicer", mask: "case.seg.nrrd", segment: "tumour", voxels: tumourNrrd, reference: labelMap("slicer-label.nrrd", tumourNrrd) },
      { region: "seg", mask: "seg.dcm", segment: "tumour", voxels: segVoxels(1), reference: labelMap("seg-label.nrrd", segVoxels(1)) },
      { region: "rt", mask: "rtstruct.dcm", segment: "GTV", voxels: gtvVoxels, reference: labelMap("rt-label.nrrd", gtvVoxels) },
    ];
    writeFileSync(join(root, "cases.csv"), [
      "patient_id,sequence,region,image,mask,label,segment",
      ...pairs.flatMap((p) => [`P1,T1C,${p.region},image,${p.mask},,${p.segment}`, `P2,T1C,${p.region},image,${p.reference},1,`]),
    ].join("\n") + "\n");
    const manifestFile = join(root, "manifest.json");
    writeFileSync(manifestFile, JSON.stringify({
      name: "segmasks", description: "segmentation masks", licence: "CC0", source: "generated by this test", root: ".",
      regions: pairs.map((p) => p.region), casesTable: { path: "cases.csv" },
    }));
    const manifest = loadManifest(manifestFile, { verify: false });
    expect(manifest.cases.filter((c) => c.patientId === "P1").map((c) => c.segment)).toEqual(["tumour", "tumour", "GTV"]);
    const outcomes = await extractCases({ cases: manifest.cases.map(caseIdentity), params: paramsFromObject({ setting: { binWidth: 5 } }) });
    for (const [i, p] of pairs.entries()) {
      const [ours, reference] = [outcomes[2 * i], outcomes[2 * i + 1]];
      if (!ours.ok || !reference.ok) throw new Error(`${p.region}: ${!ours.ok ? ours.error : ""} ${!reference.ok ? reference.error : ""}`);
      const names = Object.keys(reference.features).filter((n) => !n.startsWith("diagnostics_"));
      expect(names.length).toBeGreaterThan(90);
      expect(Object.keys(ours.features).filter((n) => !n.startsWith("diagnostics_"))).toEqual(names);
      for (const n of names) {
        const [a, b] = [ours.features[n] as number, reference.features[n] as number];
        if (Number.isNaN(b)) expect(a, `${p.region} ${n}`).toBeNaN();
        else expect(Math.abs(a - b), `${p.region} ${n}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(b)));
      }
      expect(ours.features["diagnostics_Mask-original_VoxelNum"]).toBe(p.voxels.length);
      expect(ours.features["diagnostics_Mask-original_Hash"]).toBe(reference.features["diagnostics_Mask-original_Hash"]);
      for (const v of Object.values(PLANTED)) expect(JSON.stringify(ours.features)).not.toContain(v);
    }
  });

  it("a cohort run (worker threads) extracts the segment cases and writes a Segment column", async () => {
    // The manifest and masks are those of the test above.
    const manifest = loadManifest(join(root, "manifest.json"), { verify: false });
    const outDir = join(root, "cohort-out");
    const summary = await extractCohort({ manifest, outDir, workers: 1, params: paramsFromObject({ setting: { binWidth: 5 } }) });
    expect([summary.extracted, summary.failed]).toEqual([6, 0]);
    const rows = readFileSync(join(outDir, "features.csv"), "utf8").trim().split("\n").map((line) => line.split(","));
    const column = rows[0].indexOf("Segment");
    expect(rows[0].slice(0, column + 1)).toEqual(["Patient", "Sequence", "Region", "Image", "Mask", "Label", "Segment"]);
    expect(rows.slice(1).map((r) => `${r[0]}/${r[2]}:${r[column]}`)).toEqual(["P1/slicer:tumour", "P2/slicer:", "P1/seg:tumour", "P2/seg:", "P1/rt:GTV", "P2/rt:"]);
  }, 120_000);

  it("the manifest refuses a label other than 1 given with a segment, naming the case", () => {
    const manifestFile = join(root, "bad-manifest.json");
    writeFileSync(manifestFile, JSON.stringify({
      name: "segmasks", description: "d", licence: "CC0", source: "s", root: ".", regions: ["rt"],
      cases: [{ patientId: "P1", sequence: "T1C", region: "rt", image: "image", mask: "rtstruct.dcm", label: 2, segment: "GTV" }],
    }));
    expect(() => loadManifest(manifestFile, { verify: false })).toThrow(
      `manifest ${manifestFile}: cases[0] (patient P1): label 2 given with segment "GTV"; a segment is read as a binary mask of label 1 (leave label out)`,
    );
  });
});
