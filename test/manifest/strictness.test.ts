/**
 * Manifest strictness: patient IDs with leading/trailing whitespace (in cases, casesTable and the clinical table)
 * and labels not written as plain decimal integers >= 1 (e.g. "0x1", which Number() reads as 1) are refused,
 * each naming the manifest entry and the patient.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadManifest, validateClinicalTable } from "../../src/manifest/load";
import { Sha256Cache } from "../../src/manifest/checksum";

let dir: string;
const hasher = () => new Sha256Cache(null);

function manifest(cases: Record<string, unknown>[]): Record<string, any> {
  return {
    name: "toy",
    description: "toy cohort",
    licence: "CC0",
    source: "made in the test",
    root: "data",
    clinical: { path: "clinical.csv", idColumn: "patient_id", columns: { age: { type: "number" } } },
    cases,
  };
}

const CASE = { patientId: "P1", sequence: "T1C", region: "tumour", image: "img/P1.nrrd", mask: "img/P1_mask.nrrd" };

function write(m: unknown): string {
  const file = join(dir, "m.json");
  writeFileSync(file, JSON.stringify(m));
  return file;
}

function writeCasesTable(text: string): string {
  writeFileSync(join(dir, "data", "cases.csv"), text);
  const m = manifest([]);
  delete m.cases;
  m.casesTable = { path: "cases.csv" };
  return write(m);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "alnm-strict-"));
  mkdirSync(join(dir, "data", "img"), { recursive: true });
  for (const f of ["P1.nrrd", "P1_mask.nrrd"]) writeFileSync(join(dir, "data", "img", f), f);
  writeFileSync(join(dir, "data", "clinical.csv"), "patient_id,age\nP1,45\n");
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const load = (file: string) => loadManifest(file, { hasher: hasher() });

describe("patient IDs with leading or trailing whitespace", () => {
  it("inline cases", () => {
    const file = write(manifest([CASE, { ...CASE, patientId: "P1 " }]));
    expect(() => load(file)).toThrow(
      `manifest ${file}: cases[1] (patient "P1 "): patientId has leading or trailing whitespace (it would not match the same patient written without it)`,
    );
    expect(() => load(write(manifest([{ ...CASE, patientId: "\tP1" }])))).toThrow(/cases\[0\] \(patient "\\tP1"\): patientId has leading or trailing whitespace/);
  });

  it("casesTable rows", () => {
    const file = writeCasesTable("patient_id,sequence,region,image,mask\nP1,T1C,tumour,img/P1.nrrd,img/P1_mask.nrrd\nP1 ,T1C,tumour,img/P1.nrrd,img/P1_mask.nrrd\n");
    expect(() => load(file)).toThrow(`manifest ${file}: casesTable row 3 (patient "P1 "): patientId has leading or trailing whitespace`);
  });

  it("clinical table IDs", () => {
    const file = write(manifest([CASE]));
    writeFileSync(join(dir, "data", "clinical.csv"), "patient_id,age\nP1,45\nP1 ,50\n P2,40\n");
    try {
      expect(() => validateClinicalTable(load(file))).toThrow(
        /patient "P1 " \(row 3\): patient ID in 'patient_id' has leading or trailing whitespace\n {2}patient " P2" \(row 4\): patient ID in 'patient_id' has leading or trailing whitespace/,
      );
    } finally {
      writeFileSync(join(dir, "data", "clinical.csv"), "patient_id,age\nP1,45\n");
    }
    expect(validateClinicalTable(load(file)).ids).toEqual(["P1"]);
  });
});

describe("labels must be plain decimal integers >= 1", () => {
  it("accepts 1, 2, \"3\" and an absent or empty label (1)", () => {
    const ok = load(write(manifest([
      { ...CASE, label: 2 },
      { ...CASE, sequence: "T2WI", label: "3" },
      { ...CASE, sequence: "ADC" },
      { ...CASE, region: "aln", label: "" },
    ])));
    expect(ok.cases.map((c) => c.label)).toEqual([2, 3, 1, 1]);
  });

  for (const bad of ["0x1", "1e0", "1.0", " 1", "+1", "01", "0", "-1", "one"]) {
    it(`refuses ${JSON.stringify(bad)} in a casesTable and inline`, () => {
      const file = writeCasesTable(`patient_id,sequence,region,image,mask,label\nP1,T1C,tumour,img/P1.nrrd,img/P1_mask.nrrd,"${bad}"\n`);
      expect(() => load(file)).toThrow(
        `manifest ${file}: casesTable row 2 (patient P1): label must be a positive integer written in decimal (1, 2, ...), got ${JSON.stringify(bad)}`,
      );
      const inline = write(manifest([{ ...CASE, label: bad }]));
      expect(() => load(inline)).toThrow(`cases[0] (patient P1): label must be a positive integer written in decimal (1, 2, ...), got ${JSON.stringify(bad)}`);
    });
  }

  it("refuses non-integer, zero, negative and non-number JSON labels", () => {
    for (const bad of [1.5, 0, -2, true, [1], null]) {
      expect(() => load(write(manifest([{ ...CASE, label: bad }])))).toThrow(`cases[0] (patient P1): label must be a positive integer written in decimal (1, 2, ...), got ${JSON.stringify(bad)}`);
    }
  });
});
