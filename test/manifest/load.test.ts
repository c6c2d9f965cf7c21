import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadManifest, validateClinicalTable } from "../../src/manifest/load";
import { Sha256Cache, sha256File } from "../../src/manifest/checksum";

let dir: string;
const hasher = () => new Sha256Cache(null);

const CLINICAL = "patient_id,age,er,nodes,site\nP1,45,positive,0,A\nP2,61,negative,3,B\nP3,NA,positive,,A\n";

function baseManifest(): Record<string, any> {
  return {
    name: "toy",
    description: "toy cohort",
    licence: "CC0",
    source: "made in the test",
    root: "data",
    files: [{ path: "readme.txt", sha256: sha256File(join(dir, "data", "readme.txt")) }],
    clinical: {
      path: "clinical.csv",
      sha256: sha256File(join(dir, "data", "clinical.csv")),
      idColumn: "patient_id",
      columns: {
        age: { type: "number", min: 18, max: 100 },
        er: { type: "category", levels: ["negative", "positive"], required: true },
        nodes: { type: "integer", min: 0 },
        site: { type: "string" },
      },
    },
    cases: [
      { patientId: "P1", sequence: "T1C", region: "tumour", image: "img/P1.nrrd", mask: "img/P1_mask.nrrd", label: 1 },
      { patientId: "P2", sequence: "ADC", region: "aln", image: "img/P2.nrrd", mask: "img/P2_mask.nrrd" },
    ],
  };
}

function write(manifest: unknown, name = "m.json"): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(manifest));
  return file;
}

function writeClinical(text: string): Record<string, any> {
  writeFileSync(join(dir, "data", "clinical.csv"), text);
  const m = baseManifest();
  return m;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "alnm-manifest-"));
  mkdirSync(join(dir, "data", "img"), { recursive: true });
  writeFileSync(join(dir, "data", "readme.txt"), "hello\n");
  writeFileSync(join(dir, "outside.txt"), "outside\n");
  for (const f of ["P1.nrrd", "P1_mask.nrrd", "P2.nrrd", "P2_mask.nrrd"]) writeFileSync(join(dir, "data", "img", f), f);
  writeFileSync(join(dir, "data", "clinical.csv"), CLINICAL);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("loadManifest", () => {
  it("loads a valid manifest with absolute paths and typed clinical columns", () => {
    const m = loadManifest(write(baseManifest()), { hasher: hasher() });
    expect(m.root).toBe(join(dir, "data"));
    expect(m.cases.map((c) => [c.patientId, c.sequence, c.region, c.label])).toEqual([["P1", "T1C", "tumour", 1], ["P2", "ADC", "aln", 1]]);
    expect(m.cases[0].image).toBe(join(dir, "data", "img", "P1.nrrd"));
    expect(Object.keys(m.files)).toEqual([join(dir, "data", "readme.txt")]);
    const t = validateClinicalTable(m);
    expect(t.ids).toEqual(["P1", "P2", "P3"]);
    expect(t.columns.age).toEqual([45, 61, null]);
    expect(t.columns.nodes).toEqual([0, 3, null]);
    expect(t.columns.er).toEqual(["positive", "negative", "positive"]);
  });

  it("rejects unknown fields, naming the entry", () => {
    const m = baseManifest();
    m.colour = "blue";
    expect(() => loadManifest(write(m), { hasher: hasher() })).toThrow(/\(top level\): unknown field\(s\) 'colour'/);
    const m2 = baseManifest();
    m2.cases[1].sequnce = "T2WI";
    expect(() => loadManifest(write(m2), { hasher: hasher() })).toThrow(/cases\[1\]: unknown field\(s\) 'sequnce'/);
    const m3 = baseManifest();
    m3.clinical.columns.age.levels = ["x"];
    expect(() => loadManifest(write(m3), { hasher: hasher() })).toThrow(/clinical.columns\["age"\]: unknown field\(s\) 'levels'/);
  });

  it("rejects missing required fields", () => {
    const m = baseManifest();
    delete m.licence;
    expect(() => loadManifest(write(m), { hasher: hasher() })).toThrow(/licence: required field is missing/);
  });

  it("reports a missing file with the entry and patient", () => {
    const m = baseManifest();
    m.cases[1].mask = "img/nope.nrrd";
    expect(() => loadManifest(write(m), { hasher: hasher() })).toThrow(/cases\[1\] \(patient P2\) mask: file not found: .*nope\.nrrd/);
    expect(() => loadManifest(write(m), { checkFiles: false, hasher: hasher() })).not.toThrow();
  });

  it("reports a checksum mismatch naming the file", () => {
    const m = baseManifest();
    m.files[0].sha256 = "0".repeat(64);
    expect(() => loadManifest(write(m), { hasher: hasher() })).toThrow(/files\[0\] \("readme.txt"\): checksum mismatch for .*readme\.txt: manifest says 0{64}, file has [0-9a-f]{64}/);
    expect(() => loadManifest(write(m), { verify: false })).not.toThrow();
    m.files[0].sha256 = "xyz";
    expect(() => loadManifest(write(m), { hasher: hasher() })).toThrow(/sha256 must be 64 lowercase hex digits/);
  });

  it("rejects paths escaping the data root, lexically or through a symbolic link", () => {
    const m = baseManifest();
    m.files.push({ path: "../outside.txt", sha256: sha256File(join(dir, "outside.txt")) });
    expect(() => loadManifest(write(m), { hasher: hasher() })).toThrow(/files\[1\] \("..\/outside.txt"\): path "..\/outside.txt" escapes the data root/);
    const m2 = baseManifest();
    m2.cases[0].image = join(dir, "data", "img", "P1.nrrd");
    expect(() => loadManifest(write(m2), { hasher: hasher() })).toThrow(/is absolute/);
    symlinkSync(join(dir, "outside.txt"), join(dir, "data", "link.txt"));
    const m3 = baseManifest();
    m3.files.push({ path: "link.txt", sha256: sha256File(join(dir, "outside.txt")) });
    expect(() => loadManifest(write(m3), { hasher: hasher() })).toThrow(/through a symbolic link/);
  });

  it("rejects unknown sequences and regions, and duplicate cases", () => {
    const m = baseManifest();
    m.cases[0].sequence = "DWI";
    expect(() => loadManifest(write(m), { hasher: hasher() })).toThrow(/cases\[0\] \(patient P1\): unknown sequence "DWI" \(declared sequences: T1C, T2WI, ADC\)/);
    const m2 = baseManifest();
    m2.cases[1].region = "liver";
    expect(() => loadManifest(write(m2), { hasher: hasher() })).toThrow(/unknown region "liver"/);
    const m3 = baseManifest();
    m3.cases.push({ ...m3.cases[0] });
    expect(() => loadManifest(write(m3), { hasher: hasher() })).toThrow(/cases\[2\] \(patient P1\): duplicate case T1C\/tumour/);
  });

  it("reads cases from a casesTable CSV and validates them like inline cases", () => {
    writeFileSync(join(dir, "data", "cases.csv"), "patient_id,sequence,region,image,mask,label\nP1,T1C,tumour,img/P1.nrrd,img/P1_mask.nrrd,1\nP3,T2WI,tumour,img/P2.nrrd,img/P2_mask.nrrd,2\n");
    const m = baseManifest();
    delete m.cases;
    m.casesTable = { path: "cases.csv", sha256: sha256File(join(dir, "data", "cases.csv")) };
    const loaded = loadManifest(write(m), { hasher: hasher() });
    expect(loaded.cases.map((c) => `${c.patientId}/${c.sequence}/${c.label}`)).toEqual(["P1/T1C/1", "P3/T2WI/2"]);
    writeFileSync(join(dir, "data", "cases.csv"), "patient_id,sequence,region,image,mask\nP1,FLAIR,tumour,img/P1.nrrd,img/P1_mask.nrrd\n");
    m.casesTable.sha256 = sha256File(join(dir, "data", "cases.csv"));
    expect(() => loadManifest(write(m), { hasher: hasher() })).toThrow(/casesTable row 2 \(patient P1\): unknown sequence "FLAIR"/);
  });
});

describe("validateClinicalTable", () => {
  const load = (text: string, edit: (m: Record<string, any>) => void = () => {}) => {
    const m = writeClinical(text);
    delete m.clinical.sha256;
    edit(m);
    return validateClinicalTable(loadManifest(write(m), { hasher: hasher() }));
  };
  afterAll(() => writeFileSync(join(dir, "data", "clinical.csv"), CLINICAL));

  it("reports duplicate patient IDs", () => {
    expect(() => load("patient_id,age,er,nodes,site\nP1,45,positive,0,A\nP2,50,negative,0,A\nP1,47,positive,1,B\n")).toThrow(/patient P1: duplicate patient ID \(rows 2 and 4\)/);
  });

  it("reports missing columns", () => {
    expect(() => load("patient_id,age,nodes,site\nP1,45,0,A\nP2,50,0,A\n")).toThrow(/missing column\(s\) 'er'/);
  });

  it("reports wrong codings and unknown category levels", () => {
    expect(() => load("patient_id,age,er,nodes,site\nP1,45,pos,0,A\nP2,50,negative,0,A\n")).toThrow(/patient P1, column 'er': unknown level 'pos' \(declared levels: negative, positive\)/);
  });

  it("reports mistyped values and out-of-range numbers", () => {
    expect(() => load("patient_id,age,er,nodes,site\nP1,forty,positive,0,A\nP2,50,negative,1.5,A\nP3,12,negative,0,A\n")).toThrow(
      /patient P1, column 'age': 'forty' is not a number[\s\S]*patient P3, column 'age': 12 is below the minimum 18[\s\S]*patient P2, column 'nodes': '1.5' is not an integer/,
    );
  });

  it("reports missing required values and imaging cases without a clinical row", () => {
    expect(() => load("patient_id,age,er,nodes,site\nP1,45,NA,0,A\nP3,50,negative,0,A\n")).toThrow(
      /patient P1, column 'er': required value is missing[\s\S]*patient P2: has imaging cases but no row/,
    );
  });

  it("honours headerRow, skipRows and the delimiter", () => {
    const t = load("# comment\npatient_id;age;er;nodes;site\ncodes;;;;\nP1;45;positive;0;A\nP2;50;negative;2;B\n", (m) => {
      Object.assign(m.clinical, { headerRow: 1, skipRows: 1, delimiter: ";" });
    });
    expect(t.ids).toEqual(["P1", "P2"]);
    expect(t.columns.nodes).toEqual([0, 2]);
  });
});

describe("Sha256Cache", () => {
  it("reuses a hash while size and mtime are unchanged and recomputes after a change", () => {
    const cacheFile = join(dir, "hashes.json");
    const f = join(dir, "data", "cached.txt");
    writeFileSync(f, "aaaa");
    const t = new Date("2020-01-01T00:00:00Z");
    utimesSync(f, t, t);
    const first = new Sha256Cache(cacheFile);
    const h1 = first.hash(f);
    first.save();
    writeFileSync(f, "bbbb"); // same size
    utimesSync(f, t, t); // same mtime: the cached (now stale) hash is returned, as designed
    expect(new Sha256Cache(cacheFile).hash(f)).toBe(h1);
    const t2 = new Date("2021-01-01T00:00:00Z");
    utimesSync(f, t2, t2);
    expect(new Sha256Cache(cacheFile).hash(f)).toBe(sha256File(f));
    expect(sha256File(f)).not.toBe(h1);
  });
});
