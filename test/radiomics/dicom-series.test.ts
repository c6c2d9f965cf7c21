import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";

vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { readImage } from "../../src/radiomics/image";
import { dicomSliceBytes, plantedIdentity, type DicomIdentity } from "../reliability/writers";

const identity: DicomIdentity = plantedIdentity({ PatientName: "TEST^SERIES", PatientID: "SER-0001", PatientBirthDate: "19700101" });
const root = mkdtempSync(join(tmpdir(), "alnm-dicom-series-"));

/** Six 8 x 8 slices 2 mm apart; `change(k)` may alter slice k's series UID, matrix size or position. */
type SliceChange = Partial<{ seriesUid: string; size: number; z: number; orientation: string; seriesDescription: string; seriesNumber: number; rescale: { slope: number; intercept: number } }>;

/** Stored value of voxel i of slice k (before any rescale). */
const stored = (i: number, k: number) => 100 + ((i * 7 + k * 13) % 50);

function series(name: string, change: (k: number) => SliceChange = () => ({})): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (let k = 0; k < 6; k++) {
    const c = change(k);
    const n = c.size ?? 8;
    writeFileSync(
      join(dir, `im${k}.dcm`),
      dicomSliceBytes({
        identity,
        studyUid: "1.2.826.0.1.3680043.10.1111.9",
        seriesUid: c.seriesUid ?? "1.2.826.0.1.3680043.10.1111.9.1",
        instance: k + 1,
        rows: n,
        columns: n,
        pixelSpacing: [0.7, 0.7],
        sliceThickness: 2,
        position: [-10, -10, c.z ?? 2 * k],
        pixels: Array.from({ length: n * n }, (_, i) => stored(i, k)),
        ...(c.orientation ? { orientation: c.orientation } : {}),
        ...(c.seriesDescription ? { seriesDescription: c.seriesDescription } : {}),
        ...(c.seriesNumber ? { seriesNumber: c.seriesNumber } : {}),
        ...(c.rescale ? { rescale: c.rescale } : {}),
      }),
    );
  }
  return dir;
}

describe("a DICOM directory must be one consistent series (never silently one of several, or merged)", () => {
  it("a consistent series reads as a 8 x 8 x 6 volume with 2 mm slices", async () => {
    const v = await readImage(series("ok"));
    expect(v.size).toEqual([8, 8, 6]);
    expect(v.spacing[2]).toBeCloseTo(2, 6);
  });

  it("two series in one folder (e.g. two DCE phases): refused, counting the files of each, no UID printed", async () => {
    const dir = series("two", (k) => (k >= 3 ? { seriesUid: "1.2.826.0.1.3680043.10.1111.9.2" } : {}));
    const err = await readImage(dir).then(() => null, (e: Error) => e.message);
    expect(err).toMatch(/holds 2 DICOM series \(series 1: 3 file\(s\), e\.g\. .*im0\.dcm; series 2: 3 file\(s\), e\.g\. .*im3\.dcm\); name the one to read with the manifest's series field \(SeriesDescription, number:<SeriesNumber> or SeriesInstanceUID; here: "\(no description\)" \(number 1, 3 file\(s\)\), "\(no description\)" \(number 1, 3 file\(s\)\)\)/);
    expect(err).not.toContain("1.2.826.0.1.3680043.10.1111.9.2");
  });

  it("a slice with another matrix size: refused, naming the slice (it was merged, ROI mean 1676 instead of 676)", async () => {
    const dir = series("size", (k) => (k === 4 ? { size: 16 } : {}));
    await expect(readImage(dir)).rejects.toThrow(/im4\.dcm: Rows x Columns 16 x 16 differ from .*im0\.dcm's 8 x 8; a series' slices must share one matrix size/);
  });

  it("two slices at one position: refused, naming both (the spacing would have been invented)", async () => {
    const dir = series("dup", (k) => (k === 5 ? { z: 8 } : {}));
    await expect(readImage(dir)).rejects.toThrow(/im5\.dcm: slice at the same ImagePositionPatient \(-10\\-10\\8\) as .*im4\.dcm/);
  });

  it("a missing slice (uneven spacing): refused, naming the gap and the slices on either side", async () => {
    const dir = series("gap", (k) => (k >= 3 ? { z: 2 * k + 2 } : {}));
    await expect(readImage(dir)).rejects.toThrow(/slices are not evenly spaced: 4\.000 mm between .*im2\.dcm and .*im3\.dcm, 2\.000 mm elsewhere/);
  });

  it("a slice with another orientation: refused, naming it", async () => {
    const dir = series("tilt", (k) => (k === 1 ? { orientation: "1\\0\\0\\0\\0.8\\0.6" } : {}));
    await expect(readImage(dir)).rejects.toThrow(/im1\.dcm: ImageOrientationPatient \(1\\0\\0\\0\\0\.8\\0\.6\) differs from .*im0\.dcm's \(1\\0\\0\\0\\1\\0\)/);
  });
});

describe("the manifest's series field reads one series of a shared folder", () => {
  const POST_UID = "1.2.826.0.1.3680043.10.1111.9.4";
  const dce = (description: (k: number) => string) =>
    (k: number): SliceChange => (k >= 3 ? { seriesUid: POST_UID, seriesDescription: description(k), seriesNumber: 4 } : { seriesDescription: description(k), seriesNumber: 3 });
  const dir = series("dce", dce((k) => (k >= 3 ? "DCE post 1" : "DCE pre")));
  const postSlices = [3, 4, 5].flatMap((k) => Array.from({ length: 64 }, (_, i) => stored(i, k)));

  it.each([["description", "DCE post 1"], ["SeriesNumber", "number:4"], ["SeriesInstanceUID", POST_UID]])("by %s: exactly the post-contrast slices", async (_, selector) => {
    const v = await readImage(dir, { series: selector });
    expect(v.size).toEqual([8, 8, 3]);
    expect(v.origin[2]).toBeCloseTo(6, 9);
    expect(Array.from(v.data)).toEqual(postSlices);
  });

  it("a selector matching no series: refused, listing the series by description and number", async () => {
    await expect(readImage(dir, { series: "DCE post 2" })).rejects.toThrow(
      /dce: no DICOM series matches series "DCE post 2" \(by SeriesInstanceUID, SeriesDescription or number:<SeriesNumber>\); here: "DCE pre" \(number 3, 3 file\(s\)\), "DCE post 1" \(number 4, 3 file\(s\)\)/,
    );
  });

  it("a description two series share: refused, asking for the number or UID", async () => {
    const same = series("dce-same", dce(() => "DCE"));
    await expect(readImage(same, { series: "DCE" })).rejects.toThrow(/dce-same: series "DCE" matches 2 DICOM series .*; select one by number:<SeriesNumber> or SeriesInstanceUID/);
  });

  it("a series selector on a file: refused", async () => {
    await expect(readImage(join(dir, "im0.dcm"), { series: "DCE pre" })).rejects.toThrow(/im0\.dcm: series "DCE pre" selects a DICOM series, but this is a file/);
  });

  it("RescaleSlope and RescaleIntercept are applied (stored 2 x v - 100)", async () => {
    const v = await readImage(series("rescaled", () => ({ rescale: { slope: 2, intercept: -100 } })));
    const expected = [0, 1, 2, 3, 4, 5].flatMap((k) => Array.from({ length: 64 }, (_, i) => 2 * stored(i, k) - 100));
    expect(Array.from(v.data)).toEqual(expected);
  });
});
