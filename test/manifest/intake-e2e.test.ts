/**
 * From a DICOM tree to features (issue 16, end to end): 3 patients, each with a DCE folder holding two series (pre
 * and post contrast), T2 and ADC; masks as 3D Slicer .seg.nrrd (patient 1), DICOM-SEG (patient 2) and RTSTRUCT
 * (patient 3). `alnm manifest init --dicom` builds the manifest, `alnm extract-cohort` extracts it, and every
 * feature equals, within 1e-6, the features of the same voxels given as an NRRD label map. No planted identifier
 * reaches any output.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { extractFeatures } from "../../src/radiomics/extractor";
import { makeVolume, readImage } from "../../src/radiomics/image";
import { readParamsFile } from "../../src/radiomics/settings";
import { scanText } from "../../src/privacy/identifiers";
import { nrrdBytes } from "../reliability/writers";
import { dicomSegBytes, PLANTED, rtStructBytes } from "../radiomics/segmentation-writers";
import { identityOf, labelMap, pattern, SIZE, SLICES, SPACING, writeDicomPatient } from "./trees";

const ORIGIN = [-4, -6, 10];
const MRNS = ["MRN0031337", "MRN0042424", "MRN0053535"];
const SEQUENCES: [string, string, number][] = [["T1C", "dce", 6], ["T2WI", "t2", 3], ["ADC", "adc", 8]];
const at = (x: number, y: number, k: number): [number, number, number] => [ORIGIN[0] + SPACING[0] * x, ORIGIN[1] + SPACING[1] * y, ORIGIN[2] + SPACING[2] * k];
const studyUid = (p: number) => `1.2.826.0.1.3680043.10.1111.${p + 100}`;

/** The boxes of labelMap(p) (label 1 tumour, 2 node) as [x0, x1) x [y0, y1) x [z0, z1). */
const boxes = (p: number) => ({ 1: [2 + (p % 2), 7, 3, 8, 1, 4], 2: [8, 11, 1 + (p % 3), 6, 1, 4] }) as Record<1 | 2, number[]>;

let root: string;
let out: string;
const logs: string[] = [];

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/alnm.mjs", ...args], { encoding: "utf8" });
  logs.push(r.stdout, r.stderr);
  if (r.status !== 0) throw new Error(`alnm ${args[0]} exited ${r.status}:\n${r.stderr}`);
  return r;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "alnm-intake-e2e-"));
  MRNS.forEach((mrn, p) => {
    const dir = join(root, `export${p + 1}`, "study1");
    writeDicomPatient(dir, mrn, p, [
      { folder: "dce", description: "Ax DCE pre", number: 5, value: pattern(p, 0) },
      { folder: "dce", description: "Ax DCE post 1", number: 6, value: pattern(p, 1) },
      { folder: "t2", description: "Ax T2 TSE", number: 3, value: pattern(p, 2) },
      { folder: "adc", description: "ADC map", number: 8, value: pattern(p, 3) },
    ]);
    const labels = labelMap(p).data;
    for (const [, folder, number] of SEQUENCES) {
      const referencedSeriesUid = `${studyUid(p)}.${number}`;
      if (p === 0) {
        // Slicer: tumour and node in two layers of a 4D NRRD (list axis first).
        const layered = Array.from(labels).flatMap((v) => [v === 1 ? 1 : 0, v === 2 ? 1 : 0]);
        writeFileSync(join(dir, folder, "segmentation.seg.nrrd"), nrrdBytes({
          type: "uchar", sizes: [2, SIZE, SIZE, SLICES], list: true, spacing: SPACING, origin: ORIGIN, data: layered,
          keyValues: { Segment0_Name: "Tumour", Segment0_Layer: "0", Segment0_LabelValue: "1", Segment1_Name: "Node", Segment1_Layer: "1", Segment1_LabelValue: "1" },
        }));
      } else if (p === 1) {
        mkdirSync(join(dir, "seg"), { recursive: true });
        const frames = [1, 2].flatMap((label) =>
          Array.from({ length: SLICES }, (_, k) => ({ segmentNumber: label, position: at(0, 0, k), bits: Array.from({ length: SIZE * SIZE }, (_, i) => (labels[k * SIZE * SIZE + i] === label ? 1 : 0)) })),
        );
        writeFileSync(join(dir, "seg", `${folder}.dcm`), dicomSegBytes({
          segments: [{ number: 1, label: "Tumour" }, { number: 2, label: "Node" }], rows: SIZE, columns: SIZE, pixelSpacing: [SPACING[1], SPACING[0]],
          orientation: [1, 0, 0, 0, 1, 0], sliceThickness: SPACING[2], frames, referencedSeriesUid, uid: `${referencedSeriesUid}.77`,
        }));
      } else {
        // Rectangles with vertices half a voxel outside the box: their voxel centres inside are exactly the box.
        const contours = (b: number[]) =>
          Array.from({ length: b[5] - b[4] }, (_, i) => ({ points: [at(b[0] - 0.5, b[2] - 0.5, b[4] + i), at(b[1] - 0.5, b[2] - 0.5, b[4] + i), at(b[1] - 0.5, b[3] - 0.5, b[4] + i), at(b[0] - 0.5, b[3] - 0.5, b[4] + i)] }));
        mkdirSync(join(dir, "rt"), { recursive: true });
        writeFileSync(join(dir, "rt", `${folder}.dcm`), rtStructBytes(
          [{ number: 1, name: "Tumour", contours: contours(boxes(p)[1]) }, { number: 2, name: "Node", contours: contours(boxes(p)[2]) }],
          { referencedSeriesUid, uid: `${referencedSeriesUid}.88` },
        ));
      }
    }
  });
  writeFileSync(join(root, "key"), "fedcba98765432100123456789abcdef\n");
  writeFileSync(join(root, "params.yaml"), "setting:\n  binWidth: 25\nimageType:\n  Original: {}\nfeatureClass:\n  shape:\n  firstorder:\n  glcm:\n  glszm:\n");
  cli(
    "manifest", "init", root, "--dicom", "--sequence", "T1C=post", "--sequence", "T2WI=t2", "--sequence", "ADC=adc",
    "--masks", "{folder}/segmentation.seg.nrrd", "--segment", "tumour=Tumour", "--segment", "aln=Node",
    "--pseudonym-key", join(root, "key"), "--out", join(root, "cohort.json"), "--workers", "2",
  );
  out = join(root, "out");
  cli("extract-cohort", "--manifest", join(root, "cohort.json"), "--out", out, "--params", join(root, "params.yaml"), "--workers", "2");
}, 240_000);

describe("DICOM tree -> alnm manifest init --dicom -> alnm extract-cohort", () => {
  it("18 cases: T1C is the post-contrast series of the shared DCE folder; each patient's masks are its segmentation files", () => {
    const lines = readFileSync(join(root, "cases.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("patient_id,sequence,region,timepoint,image,series,mask,label,segment,image_sha256,mask_sha256");
    const rows = lines.slice(1).map((l) => l.split(","));
    expect(rows).toHaveLength(18);
    expect(rows.filter((r) => r[1] === "T1C").every((r) => r[5] === "Ax DCE post 1" && r[4].endsWith("/dce"))).toBe(true);
    const masks = rows.map((r) => r[6].replace(/^export\d\/study1\//, "")).sort();
    expect(new Set(masks)).toEqual(new Set(["adc/segmentation.seg.nrrd", "dce/segmentation.seg.nrrd", "t2/segmentation.seg.nrrd", "seg/adc.dcm", "seg/dce.dcm", "seg/t2.dcm", "rt/adc.dcm", "rt/dce.dcm", "rt/t2.dcm"]));
    expect(rows.every((r) => r[7] === "1" && (r[2] === "tumour" ? r[8] === "Tumour" : r[8] === "Node"))).toBe(true);
  });

  it("every feature equals, within 1e-6, the same voxels' features from an NRRD label map", async () => {
    const params = readParamsFile(join(root, "params.yaml"));
    const table = JSON.parse(readFileSync(join(out, "features.json"), "utf8")) as { rows: number; columns: { name: string; values: (number | string | null)[] }[] };
    expect(table.rows).toBe(18);
    expect(readFileSync(join(out, "failures.csv"), "utf8").trim().split("\n")).toHaveLength(1);
    const column = (name: string) => table.columns.find((c) => c.name === name)!.values;
    const names = table.columns.map((c) => c.name).filter((n) => n.startsWith("original_"));
    expect(names.length).toBeGreaterThan(60);
    let compared = 0;
    for (let r = 0; r < table.rows; r++) {
      const image = String(column("Image")[r]);
      const p = Number(/export(\d)/.exec(image)![1]) - 1;
      const sequence = String(column("Sequence")[r]);
      const series = sequence === "T1C" ? "Ax DCE post 1" : undefined;
      const label = column("Region")[r] === "tumour" ? 1 : 2;
      const volume = await readImage(image, { series });
      const reference = makeVolume(labelMap(p).data.map((v) => (v === label ? 1 : 0)), [SIZE, SIZE, SLICES], { spacing: SPACING, origin: ORIGIN as [number, number, number] });
      const expected = extractFeatures(volume, reference, { ...params, settings: { ...params.settings, label: 1 } }, { image, mask: "reference.nrrd" });
      for (const n of names) {
        const got = Number(column(n)[r]);
        const want = expected[n] as number;
        expect(Math.abs(got - want), `${n} of ${image} ${column("Region")[r]}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want)));
        compared++;
      }
    }
    expect(compared).toBe(18 * names.length);
  });

  it("no planted identifier (PatientName, PatientID, birth date, institution, the segmentation objects' fake patient) in any output or log", () => {
    const identifiers = [...MRNS.flatMap((m) => Object.entries(identityOf(m))), ...Object.entries(PLANTED)].map(([attribute, value]) => ({ attribute, value, source: "planted" }));
    const outputs = [join(root, "cohort.json"), join(root, "cases.csv"), ...readdirSync(out).filter((f) => /\.(csv|json)$/.test(f)).map((f) => join(out, f))];
    const findings = [...outputs.flatMap((f) => scanText(readFileSync(f, "utf8"), f, identifiers)), ...logs.flatMap((l, i) => scanText(l, `log ${i}`, identifiers))];
    expect(findings).toEqual([]);
  });
});
