import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

// vitest's module runner gives importEsm's Function-wrapped import() no loader; use a plain import() there.
vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { generateSyntheticCohort } from "../../src/synthetic/generate";
import { synthesizeImaging } from "../../src/synthetic/imaging";
import { compareTable1, loadPaperTable1, tabulateTable1, table1RowsFromClinical } from "../../src/synthetic/table1";
import { loadManifest, validateClinicalTable } from "../../src/manifest/load";
import { Sha256Cache } from "../../src/manifest/checksum";
import { readImage } from "../../src/radiomics/image";
import { repoPath } from "../../src/util/paths";

const base = mkdtempSync(join(tmpdir(), "alnm-cohort-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function treeHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
    try {
      out[f] = createHash("sha256").update(readFileSync(join(dir, f))).digest("hex");
    } catch {
      // a folder
    }
  }
  return out;
}

describe("generateSyntheticCohort (sub-cohort)", () => {
  const small = { maxPatientsPerCohort: 4 };
  const a = generateSyntheticCohort({ ...small, outDir: join(base, "a") });
  const b = generateSyntheticCohort({ ...small, outDir: join(base, "b") });

  it("gives byte-identical files for the same seed", () => {
    const ha = treeHashes(a.dir), hb = treeHashes(b.dir);
    expect(Object.keys(ha).length).toBe(a.files);
    expect(hb).toEqual(ha);
  });

  it("writes a manifest that validates, with the committed cohort's clinical table", () => {
    const m = loadManifest(join(a.dir, "manifest.json"), { hasher: new Sha256Cache(null) });
    expect(m.generator).toEqual({ name: "alnm-synthetic-cohort", version: "1", seed: 2021 });
    const table = validateClinicalTable(m);
    expect(table.ids.length).toBe(1088 + 90);
    // Table 1 regenerated from the written patient-level CSV equals the paper's.
    const paper = loadPaperTable1();
    expect(compareTable1(paper, tabulateTable1(table1RowsFromClinical(table), paper))).toEqual([]);
    expect(m.cases.length).toBe(a.cases);
    // The full clinical table is generated even for a sub-cohort: it must be the committed one.
    const committed = JSON.parse(readFileSync(repoPath("data-manifests/synthetic.json"), "utf8"));
    expect(m.clinical!.sha256).toBe(committed.clinical.sha256);
    const post = m.cases.filter((c) => c.timepoint === "post");
    for (const c of post) expect(m.cases.some((d) => d.patientId === c.patientId && d.sequence === c.sequence && d.region === c.region && !d.timepoint)).toBe(true);
  });

  it("writes NRRD files that itk-wasm reads back with their geometry", async () => {
    const m = loadManifest(join(a.dir, "manifest.json"), { verify: false });
    const c = m.cases.find((x) => x.sequence === "ADC" && x.region === "aln")!;
    const image = await readImage(c.image);
    const mask = await readImage(c.mask);
    expect(image.size).toEqual([32, 32, 16]);
    expect(image.pixelType).toBe("int16");
    expect(mask.pixelType).toBe("uint8");
    const roi = mask.data.reduce((s, x) => s + x, 0);
    expect(roi).toBeGreaterThan(20);
    expect(roi).toBeLessThan(2500);
    expect(image.spacing.every((s) => s > 0.5 && s < 3.5)).toBe(true);
  });

  it("a different seed gives different volumes for the same patient", () => {
    const subject = { patientId: "TRN0001", centre: "SYSMH", aln: 1 as const, tumourSizeCm: 2 };
    const x = synthesizeImaging(subject, ["T1C"], 2021), y = synthesizeImaging(subject, ["T1C"], 7);
    expect(Buffer.from(x.images["T1C/tumour"].buffer).equals(Buffer.from(y.images["T1C/tumour"].buffer))).toBe(false);
    expect(Buffer.from(synthesizeImaging(subject, ["T1C"], 2021).images["T1C/tumour"].buffer).equals(Buffer.from(x.images["T1C/tumour"].buffer))).toBe(true);
  });
});
