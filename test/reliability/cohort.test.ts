/**
 * Cohort extraction on a manifest mixing good and bad cases: the good cases finish, each failure is recorded
 * with its patient, file and problem; and a run whose disk fills up (writes failing with ENOSPC, half-written,
 * at case files or at the merged tables) leaves no partial file that a resumed run would trust, and the resumed
 * run ends with the same bytes as an uninterrupted one. (SIGKILL + resume: test/batch/resume.test.ts.)
 * One good case is a DICOM series with planted patient identifiers: none may reach any output or log.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// vitest's module runner gives importEsm's Function-wrapped import() no loader; use a plain import() there.
vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { dicomIdentifiers, listFiles, scanFiles, scanText, type Identifier } from "../../src/privacy/identifiers";
import { dicomSeries, PLANTED } from "../../scripts/make-bad-fixtures";
import { alnm, type CliRun } from "./cli";
import { scanIdentifiers } from "../../src/cli/commands/scan-identifiers";

const root = mkdtempSync(join(tmpdir(), "alnm-reliability-cohort-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
/** The data root: a copy of the bad-input images plus a DICOM series with planted identifiers. */
const IMAGES = join(root, "data");
const TABLES = ["features.csv", "features.json", "failures.csv"];
const FULL_DISK = resolve("test/fixtures/reliability/full-disk.mjs");

/** Patient, image, mask: two good cases and seven bad ones. */
const CASES: [string, string, string][] = [
  ["GOOD01", "good_image.nrrd", "good_mask.nrrd"],
  ["TRUNC02", "truncated.nrrd", "good_mask.nrrd"],
  ["HUGE03", "huge.nrrd", "good_mask.nrrd"],
  ["SIZE04", "good_image.nrrd", "mask-size.nrrd"],
  ["NAN05", "image-nan.nrrd", "good_mask.nrrd"],
  ["CONST06", "image-constant.nrrd", "good_mask.nrrd"],
  ["LABEL07", "good_image.nrrd", "mask-label2.nrrd"],
  ["DICOM08", "dicom-truncated", "good_mask.nrrd"],
  ["VECTOR09", "image-vector.nrrd", "good_mask.nrrd"],
  ["DICOM10", "series-p10", "good_mask.nrrd"],
];

let manifest: string;
let params: string;
let clean: string;
let cleanRun: CliRun;
/** Started with the clean run (independent runs overlap to keep the test short). */
let diskFullAtCases: CliRun;
let extractRun: CliRun;
const EXTRACT_OUT = join(root, "extract.json");
const DISK_FULL = join(root, "disk-full");

function extractCohort(out: string, extra: string[] = [], env: Record<string, string> = {}, preload = false): Promise<CliRun> {
  const args = ["extract-cohort", "--manifest", manifest, "--out", out, "--params", params, "--workers", "2", "--no-verify", ...extra];
  return alnm(args, env, preload ? FULL_DISK : undefined);
}

/** Every case file left in `out` parses as complete JSON; no temporary is left behind. */
function expectOnlyCompleteCaseFiles(out: string): number {
  const files = existsSync(join(out, "cases")) ? readdirSync(join(out, "cases")) : [];
  expect(files.filter((f) => f.includes(".tmp-"))).toEqual([]);
  for (const f of files) expect(() => JSON.parse(readFileSync(join(out, "cases", f), "utf8")), f).not.toThrow();
  return files.length;
}

beforeAll(async () => {
  cpSync(resolve("test/fixtures/bad/images"), IMAGES, { recursive: true });
  dicomSeries(join(IMAGES, "series-p10"), PLANTED);
  manifest = join(root, "manifest.json");
  writeFileSync(
    manifest,
    JSON.stringify({
      name: "mixed", description: "good and bad cases", licence: "CC0-1.0", source: "test/fixtures/bad", root: "data",
      cases: CASES.map(([patientId, image, mask]) => ({ patientId, sequence: "T1C", region: "tumour", image, mask, label: 1 })),
    }),
  );
  params = join(root, "params.yaml");
  writeFileSync(params, "imageType:\n  Original: {}\nfeatureClass:\n  firstorder:\n  glcm:\nsetting:\n  binWidth: 25\n");
  clean = join(root, "clean");
  [cleanRun, diskFullAtCases, extractRun] = await Promise.all([
    extractCohort(clean),
    extractCohort(DISK_FULL, [], { ALNM_FAIL_MATCH: "/cases/.*\\.tmp-", ALNM_FAIL_AFTER: "3" }, true),
    alnm(["extract", join(IMAGES, "series-p10"), join(IMAGES, "good_mask.nrrd"), "--params", params, "--out", EXTRACT_OUT]),
  ]);
});

describe("extract-cohort on good and bad cases", () => {
  it("finishes the good cases and records every failure with patient, file and problem", () => {
    expect(cleanRun.stdout).toContain("10 cases: 0 kept from before, 3 extracted, 7 failed");
    expect(cleanRun.status).toBe(1);
    const csv = readFileSync(join(clean, "features.csv"), "utf8").trim().split("\n");
    expect(csv.map((line) => line.split(",")[0])).toEqual(["Patient", "GOOD01", "CONST06", "DICOM10"]);
    // The DICOM series holds good_image.nrrd's voxels on its grid: every diagnostic and feature agrees.
    const cells = (line: string) => line.split(",").slice(6);
    expect(cells(csv[3])).toEqual(cells(csv[1]));
    const img = (f: string) => join(IMAGES, f);
    expect(Papa.parse<string[]>(readFileSync(join(clean, "failures.csv"), "utf8").trim()).data).toEqual([
      ["Case", "File", "Error"],
      ["TRUNC02/T1C/tumour", img("truncated.nrrd"), `${img("truncated.nrrd")}: file is truncated: the header declares 768 bytes of raw voxel data, the file holds 668`],
      ["HUGE03/T1C/tumour", img("huge.nrrd"), `${img("huge.nrrd")}: header declares 100000 x 100000 x 100000 = 1000000000000000 voxels, more than this reader accepts (268435456); the header is corrupt or the image too large`],
      ["SIZE04/T1C/tumour", img("mask-size.nrrd"), `${img("mask-size.nrrd")}: mask size 8 x 8 x 5 differs from image size 8 x 8 x 6 (${img("good_image.nrrd")})`],
      ["NAN05/T1C/tumour", img("image-nan.nrrd"), `${img("image-nan.nrrd")}: original image has NaN voxels inside the ROI; cannot discretise`],
      ["LABEL07/T1C/tumour", img("mask-label2.nrrd"), `${img("mask-label2.nrrd")}: label 1 not present in mask; labels present: 2`],
      ["DICOM08/T1C/tumour", img("dicom-truncated"), `${img("dicom-truncated/im03.dcm")}: file is truncated: the header declares 1004 bytes of DICOM data up to the end of element (7FE0,0010), the file holds 964`],
      ["VECTOR09/T1C/tumour", img("image-vector.nrrd"), `${img("image-vector.nrrd")}: image has 3 components per voxel; a scalar image is required`],
    ]);
  });
});

describe("a full disk during extract-cohort, then --resume", () => {
  it("fails at case files, then at the merged tables: never a partial file, and the final resume equals the clean run", async () => {
    const out = DISK_FULL;
    const atCases = diskFullAtCases;
    expect(atCases.status).toBe(1);
    expect(atCases.stderr).toMatch(/alnm extract-cohort: cannot write \S+\/cases\/\S+\.json: ENOSPC: no space left on device/);
    const left = expectOnlyCompleteCaseFiles(out);
    expect(left).toBeGreaterThanOrEqual(3);
    expect(left).toBeLessThan(CASES.length);
    for (const t of TABLES) expect(existsSync(join(out, t)), t).toBe(false);

    const atTables = await extractCohort(out, ["--resume"], { ALNM_FAIL_MATCH: "features\\.json\\.tmp-", ALNM_FAIL_AFTER: "0" }, true);
    expect(atTables.status).toBe(1);
    expect(atTables.stderr).toMatch(/cannot write \S+features\.json: ENOSPC/);
    expect(existsSync(join(out, "features.json"))).toBe(false);
    expect(readdirSync(out).filter((f) => f.includes(".tmp-"))).toEqual([]);
    expect(expectOnlyCompleteCaseFiles(out)).toBe(CASES.length);

    const resumed = await extractCohort(out, ["--resume"]);
    expect(resumed.stdout).toContain("10 cases: 3 kept from before, 0 extracted, 7 failed");
    for (const t of TABLES) expect(readFileSync(join(out, t)).equals(readFileSync(join(clean, t))), t).toBe(true);
  });
});

describe("privacy: identifiers planted in DICOM never reach outputs or logs", () => {
  let planted: Identifier[];
  beforeAll(async () => {
    planted = await dicomIdentifiers(listFiles([join(IMAGES, "series-p10")]));
  });

  it("@itk-wasm/dicom reads every planted identifier back (the scan has something to find)", () => {
    expect(Object.fromEntries(planted.map((p) => [p.attribute, p.value]))).toEqual(PLANTED);
    expect(scanFiles([join(IMAGES, "series-p10")], planted).length).toBeGreaterThan(0);
  });

  it("extract-cohort: no identifier in any output file or in stdout/stderr; rows carry the manifest's pseudonym", () => {
    expect(scanFiles([clean], planted)).toEqual([]);
    expect(scanText(`${cleanRun.stdout}\n${cleanRun.stderr}`, "extract-cohort output", planted)).toEqual([]);
    expect(readFileSync(join(clean, "features.csv"), "utf8")).toContain("DICOM10,T1C,tumour,");
  });

  it("alnm scan-identifiers: exit 0 on the cohort outputs, 1 (with the findings) on the DICOM files themselves", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      expect(await scanIdentifiers.run(["--dicom", join(IMAGES, "series-p10"), clean])).toBe(0);
      expect(await scanIdentifiers.run(["--dicom", join(IMAGES, "series-p10"), join(IMAGES, "series-p10", "im00.dcm")])).toBe(1);
      expect(log.mock.calls.map((c) => String(c[0]))).toContain(`PatientID: 'MRN-PLANTED-7734' found in ${join(IMAGES, "series-p10", "im00.dcm")}`);
    } finally {
      log.mockRestore();
    }
  });

  it("extract: no identifier in the feature file or the logs", () => {
    const out = EXTRACT_OUT;
    const run = extractRun;
    expect(run.status, run.stderr).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(out, "utf8")))).toContain("original_glcm_Idmn");
    expect(scanFiles([out], planted)).toEqual([]);
    expect(scanText(`${run.stdout}\n${run.stderr}`, "extract output", planted)).toEqual([]);
  });
});

describe("privacy scan: forms and boundaries", () => {
  const ids: Identifier[] = [
    { attribute: "PatientName", value: "DOE^JANE", source: "x" },
    { attribute: "StudyDate", value: "20180923", source: "x" },
  ];
  it("finds name parts and reformatted dates, not a date inside the digits of a number", () => {
    expect(scanText("seen: Jane", "a", ids).map((f) => f.match)).toEqual(["JANE"]);
    expect(scanText("acquired 2018-09-23", "a", ids).map((f) => f.match)).toEqual(["2018-09-23"]);
    expect(scanText("date=20180923,", "a", ids).map((f) => f.match)).toEqual(["20180923"]);
    expect(scanText("0.1201809231 and 3.2018092345", "a", ids)).toEqual([]); // digits run on around the date
    expect(scanText("DOE", "a", ids)).toEqual([]); // parts under 4 characters are not searched for alone
  });
});
