import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it, vi } from "vitest";

vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { sha256File } from "../../src/manifest/checksum";
import { checkManifest } from "../../src/manifest/check";
import { initManifest } from "../../src/manifest/intake/init";
import { keyedPseudonymiser, mappingPseudonymiser, pathPseudonymiser } from "../../src/manifest/intake/pseudonym";
import { loadManifest } from "../../src/manifest/load";
import { readImage } from "../../src/radiomics/image";
import { makeVolume } from "../../src/radiomics/image";
import { writeNrrd } from "../../src/radiomics/nrrd-writer";
import { identityOf, labelMap, pattern, SLICES, SIZE, writeStudyTree } from "./trees";

const quiet = new Writable({ write: (_c, _e, done) => done() }) as unknown as NodeJS.WriteStream;
const fresh = (name: string) => mkdtempSync(join(tmpdir(), `alnm-init-${name}-`));
const MRNS = ["MRN0012345", "MRN0067890", "MRN0024680"];

/** Everything init wrote, to search for planted identifiers. */
const written = (r: { written?: { manifest: string; cases: string } }) => readFileSync(r.written!.manifest, "utf8") + readFileSync(r.written!.cases, "utf8");

describe("alnm manifest init --layout", () => {
  /** Three patients named by record number, T1C and T2WI per patient, tumour and aln masks per sequence. */
  function layoutTree() {
    const root = fresh("layout");
    MRNS.forEach((mrn, p) => {
      mkdirSync(join(root, mrn));
      for (const [s, sequence] of ["T1C", "T2WI"].entries()) {
        const data = Array.from({ length: SIZE * SIZE * SLICES }, (_, i) => pattern(p, s)(i % (SIZE * SIZE), Math.floor(i / (SIZE * SIZE))));
        writeNrrd(join(root, mrn, `${sequence}.nrrd`), makeVolume(data, [SIZE, SIZE, SLICES]), "short");
        for (const [region, label] of [["tumour", 1], ["aln", 2]] as const) {
          const mask = labelMap(p);
          writeNrrd(join(root, mrn, `${sequence}_${region}.nrrd`), makeVolume(mask.data.map((v) => (v === label ? 1 : 0)), [SIZE, SIZE, SLICES]), "uchar");
        }
      }
    });
    writeFileSync(join(root, "ids.csv"), "source,patient_id\n" + MRNS.map((m, i) => `${m},P00${i + 1}`).join("\n") + "\n");
    writeFileSync(join(root, "clinical.csv"), "patient_id,aln_status,age,centre\nP001,positive,51,A\nP002,negative,63.5,B\nP003,negative,47,A\nP004,positive,70,B\n");
    return root;
  }

  it("pairs every image with its masks, hashes every file, maps IDs through the mapping file and writes no record number", async () => {
    const root = layoutTree();
    const report = await initManifest({
      root, out: join(root, "cohort.json"), layout: "{patient}/{sequence}.nrrd", masks: "{patient}/{sequence}_{region}.nrrd",
      pseudonymiser: mappingPseudonymiser(join(root, "ids.csv")), clinical: { path: "clinical.csv", idColumn: "patient_id" }, progress: quiet,
    });
    expect(report.problems).toEqual([]);
    expect(report.cases.map((c) => `${c.patientId}/${c.sequence}/${c.region}`)).toEqual(
      ["P001", "P002", "P003"].flatMap((p) => [`${p}/T1C/aln`, `${p}/T1C/tumour`, `${p}/T2WI/aln`, `${p}/T2WI/tumour`]),
    );
    expect(report.notes).toContain("--clinical clinical.csv: 1 patient(s) have clinical data but no case");
    const m = loadManifest(report.written!.manifest);
    expect(m.cases).toHaveLength(12);
    const c = m.cases.find((k) => k.patientId === "P002" && k.sequence === "T2WI" && k.region === "tumour")!;
    expect(c.image).toBe(join(root, "MRN0067890", "T2WI.nrrd"));
    expect(c.imageSha256).toBe(sha256File(c.image));
    expect(c.maskSha256).toBe(sha256File(join(root, "MRN0067890", "T2WI_tumour.nrrd")));
    expect(m.clinical!.columns).toMatchObject({ aln_status: { type: "category", levels: ["negative", "positive"] }, age: { type: "number" }, centre: { type: "category" } });
    expect(m.sequences).toEqual(["T1C", "T2WI"]);
    // The record numbers are folder names: they stay in image paths the user chose, never as patient IDs.
    expect(readFileSync(report.written!.cases, "utf8").split("\n").slice(1).every((l) => l === "" || /^P00\d,/.test(l))).toBe(true);
  });

  it("reports every problem at once and writes nothing: a patient missing from the mapping, a clinical row missing", async () => {
    const root = layoutTree();
    writeFileSync(join(root, "ids.csv"), `source,patient_id\n${MRNS[0]},P001\n${MRNS[1]},P009\n`);
    const report = await initManifest({
      root, out: join(root, "cohort.json"), layout: "{patient}/{sequence}.nrrd", masks: "{patient}/{sequence}_{region}.nrrd",
      pseudonymiser: mappingPseudonymiser(join(root, "ids.csv")), clinical: { path: "clinical.csv", idColumn: "patient_id" }, progress: quiet,
    });
    expect(report.problems).toEqual([
      "MRN0024680/T1C.nrrd: its patient has no row in the ID mapping (patient IDs from the mapping file " + join(root, "ids.csv") + ")",
      "MRN0024680/T2WI.nrrd: its patient has no row in the ID mapping (patient IDs from the mapping file " + join(root, "ids.csv") + ")",
      "--clinical clinical.csv: 1 imaging patient(s) have no row: P009",
    ]);
    expect(report.written).toBeUndefined();
  });

  it("one mask holding both regions (--label), keyed pseudonyms that are stable and keyed", async () => {
    const root = layoutTree();
    MRNS.forEach((mrn, p) => writeNrrd(join(root, mrn, "labels.nrrd"), labelMap(p), "uchar"));
    writeFileSync(join(root, "key"), "0123456789abcdef0123456789abcdef\n");
    writeFileSync(join(root, "other-key"), "fedcba9876543210fedcba9876543210\n");
    const run = (key: string, out: string) =>
      initManifest({ root, out: join(root, out), layout: "{patient}/T1C.nrrd".replace("T1C", "{sequence}"), masks: "{patient}/labels.nrrd", labels: { tumour: 1, aln: 2 }, pseudonymiser: keyedPseudonymiser(join(root, key)), progress: quiet, force: true });
    const a = await run("key", "a.json");
    const b = await run("key", "b.json");
    const ids = [...new Set(a.cases.map((c) => c.patientId))];
    expect(ids).toHaveLength(3);
    expect(ids.every((id) => /^P[0-9a-f]{12}$/.test(id))).toBe(true);
    expect(b.cases.map((c) => c.patientId)).toEqual(a.cases.map((c) => c.patientId));
    const other = await run("other-key", "c.json");
    expect(other.cases.filter((c) => ids.includes(c.patientId))).toEqual([]);
    expect(a.cases.filter((c) => c.region === "aln").every((c) => c.label === 2 && c.mask.endsWith("labels.nrrd"))).toBe(true);
    expect(() => keyedPseudonymiser(join(root, "ids.csv"))).not.toThrow();
    writeFileSync(join(root, "short-key"), "abc\n");
    expect(() => keyedPseudonymiser(join(root, "short-key"))).toThrow(/short-key: the key holds 3 bytes; use at least 16 random bytes/);
  });

  it("pattern errors name the option", async () => {
    const root = fresh("bad");
    const base = { root, out: join(root, "m.json"), pseudonymiser: pathPseudonymiser, progress: quiet };
    await expect(initManifest({ ...base, layout: "{patient}/{seq}.nrrd", masks: "{patient}/{region}.nrrd" })).rejects.toThrow("--layout '{patient}/{seq}.nrrd': unknown placeholder {seq}");
    await expect(initManifest({ ...base, layout: "../{patient}/{sequence}.nrrd", masks: "{patient}/{region}.nrrd" })).rejects.toThrow("--layout '../{patient}/{sequence}.nrrd': '..' is not allowed");
    await expect(initManifest({ ...base, layout: "{patient}/{sequence}.nrrd", masks: "{patient}/mask.nrrd" })).rejects.toThrow("--masks '{patient}/mask.nrrd': without {region}, say which label marks which region with --label REGION=VALUE");
  });
});

describe("alnm manifest init --dicom", () => {
  const SEQUENCES = { T1C: "post", T2WI: "t2", ADC: "adc" };

  it("groups slices into series, maps descriptions to sequences, selects a DCE phase in a shared folder; no identifier written", async () => {
    const root = fresh("dicom");
    MRNS.forEach((mrn, p) => writeStudyTree(root, `export${p + 1}`, p, mrn));
    writeFileSync(join(root, "key"), "0123456789abcdef0123456789abcdef\n");
    const report = await initManifest({
      root, out: join(root, "cohort.json"), dicomSequences: SEQUENCES, masks: "{folder}/labels.nrrd", labels: { tumour: 1, aln: 2 },
      pseudonymiser: keyedPseudonymiser(join(root, "key")), workers: 2, progress: quiet,
    });
    expect(report.problems).toEqual([]);
    expect(report.notes).toContain('DICOM series matching no --sequence, left out: "Ax DCE pre" x 3, "Localizer" x 3');
    expect(report.cases).toHaveLength(18);
    const t1c = report.cases.filter((c) => c.sequence === "T1C");
    expect(t1c.every((c) => c.series === "Ax DCE post 1" && c.image.endsWith("/dce"))).toBe(true);
    expect(report.cases.filter((c) => c.sequence !== "T1C").every((c) => c.series === "")).toBe(true);
    // The selected series reads as exactly the post-contrast phase.
    const m = loadManifest(report.written!.manifest);
    const c = m.cases.find((k) => k.sequence === "T1C" && k.image.includes("export2"))!;
    const v = await readImage(c.image, { series: c.series });
    expect(Array.from(v.data)).toEqual(Array.from({ length: SIZE * SIZE * SLICES }, (_, i) => pattern(1, 1)(i % (SIZE * SIZE), Math.floor(i / (SIZE * SIZE)))));
    const text = written(report);
    for (const mrn of MRNS) {
      const id = identityOf(mrn);
      for (const value of [id.PatientName, id.PatientID, "SMITHSON", id.PatientBirthDate, id.StudyDate, id.InstitutionName]) expect(text).not.toContain(value);
    }
  });

  it("refusals: a folder named after the patient (path withheld), two series of one patient matching one sequence, a description matching two sequences", async () => {
    const root = fresh("dicom-bad");
    writeStudyTree(root, "MRN0012345_SMITHSON", 0, MRNS[0]);
    writeStudyTree(root, "export2", 1, MRNS[1]);
    const report = await initManifest({
      root, out: join(root, "cohort.json"), dicomSequences: { T1C: "dce", T2WI: "t2|loc", ADC: "adc|loc" }, masks: "{folder}/labels.nrrd", labels: { tumour: 1 },
      pseudonymiser: { id: (k) => (k === MRNS[0] ? "P1" : "P2"), description: "test" }, progress: quiet,
    });
    expect(report.written).toBeUndefined();
    expect(report.problems.join("\n")).not.toMatch(/MRN0012345|SMITHSON/);
    expect(report.problems).toContain(
      "patient P1 ADC: the image path holds the patient's PatientName, PatientID (<withheld>_<withheld>/study1/adc); rename such folders (e.g. to their pseudonyms) so that no identifier reaches the manifest",
    );
    expect(report.problems).toContainEqual(expect.stringMatching(/^2 series of one patient match sequence T1C: series "Ax DCE pre" \(number 5\) in export2\/study1\/dce; series "Ax DCE post 1" \(number 6\) in export2\/study1\/dce; make the --sequence expression match one$/));
    expect(report.problems).toContain('series "Localizer" (number 1) in export2/study1/loc: its description matches 2 sequences (T2WI, ADC); make the --sequence expressions exclusive');
  });
});

describe("alnm manifest check", () => {
  it("reports every problem at once: a missing file, a mask on another grid, an absent label, a clinical value out of range; counts and missing cases", async () => {
    const root = fresh("check");
    MRNS.forEach((mrn, p) => writeStudyTree(root, `export${p + 1}`, p, mrn));
    writeFileSync(join(root, "clinical.csv"), "patient_id,centre,age\nPA,one,50\nPB,two,500\nPC,one,40\n");
    const ids = new Map(MRNS.map((m, i) => [m, `P${"ABC"[i]}`]));
    const report = await initManifest({
      root, out: join(root, "cohort.json"), dicomSequences: { T1C: "post", T2WI: "t2", ADC: "adc" }, masks: "{folder}/labels.nrrd", labels: { tumour: 1, aln: 2 },
      pseudonymiser: { id: (k) => ids.get(k), description: "test" }, clinical: { path: "clinical.csv", idColumn: "patient_id" }, progress: quiet,
    });
    expect(report.problems).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(root, "cohort.json"), "utf8"));
    manifest.clinical.columns.age = { type: "integer", min: 18, max: 100 };
    writeFileSync(join(root, "cohort.json"), JSON.stringify(manifest));
    // Break things after the fact: a mask on a shifted grid, a mask without label 2, a deleted ADC label map.
    const shifted = labelMap(0);
    shifted.origin = [-3, -6, 10];
    writeNrrd(join(root, "export1/study1/t2/labels.nrrd"), shifted, "uchar");
    writeNrrd(join(root, "export2/study1/dce/labels.nrrd"), makeVolume(labelMap(1).data.map((v) => (v === 2 ? 0 : v)), [SIZE, SIZE, SLICES], { spacing: [0.8, 0.8, 2], origin: [-4, -6, 10] }), "uchar");
    const { rmSync } = await import("node:fs");
    rmSync(join(root, "export3/study1/adc/labels.nrrd"));
    const r = await checkManifest(join(root, "cohort.json"), { by: "centre", workers: 1 });
    const casesCsv = join(root, "cases.csv");
    // A series folder's digest covers every file in it, so a label map saved beside the slices changes it too.
    const mismatched = r.problems.filter((p) => p.includes("checksum mismatch")).map((p) => /\(patient (\w+)\) (image|mask)/.exec(p)!.slice(1).join(" "));
    expect(mismatched).toEqual(["PA image", "PA mask", "PA image", "PA mask", "PB image", "PB mask", "PB image", "PB mask", "PC image", "PC image"]);
    expect(r.problems).toContainEqual(expect.stringMatching(/^manifest .*cohort\.json: casesTable row \d+ \(patient PC\) mask: file not found: .*export3\/study1\/adc\/labels\.nrrd$/));
    expect(r.problems).toContainEqual(expect.stringMatching(/export1\/study1\/t2\/labels\.nrrd: image\/mask geometry mismatch with .*export1\/study1\/t2: origin \(-3, -6, 10\) vs \(-4, -6, 10\)/));
    expect(r.problems).toContainEqual(expect.stringMatching(/export2\/study1\/dce\/labels\.nrrd: label 2 not present in mask; labels present: 1/));
    expect(r.problems).toContainEqual(expect.stringMatching(/patient PB.*age.*500/));
    expect(casesCsv).toBeTruthy();
    expect(r.patientsPer).toEqual({ one: 2, two: 1 });
    expect(r.missing).toEqual([{ case: "ADC/aln", patients: 1, examples: ["PC"] }, { case: "ADC/tumour", patients: 1, examples: ["PC"] }]);
  });
});

describe("alnm manifest init --study: sequence expressions and segment names from the study file's intake section", () => {
  it("reads them after validating the whole file (the manifest it names need not exist); an unknown key is refused by path", async () => {
    const { readStudyIntake } = await import("../../src/study/config");
    const dir = fresh("intake");
    const base = "manifest: not-yet.json\noutcome: { column: aln_status, positive: positive, negative: negative }\ncohorts: { column: cohort, training: train, validation: [test] }\n";
    writeFileSync(join(dir, "study.yaml"), base + "intake:\n  sequences: { T1C: post, T2WI: t2 }\n  segments: { tumour: Tumour }\n");
    expect(readStudyIntake(join(dir, "study.yaml"))).toEqual({ sequences: { T1C: "post", T2WI: "t2" }, segments: { tumour: "Tumour" } });
    writeFileSync(join(dir, "bad.yaml"), base + "intake:\n  sequence: { T1C: post }\n");
    expect(() => readStudyIntake(join(dir, "bad.yaml"))).toThrow(/\/intake: unknown key 'sequence'/);
  });
});
