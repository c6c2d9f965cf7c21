import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadManifest, validateClinicalTable } from "../../src/manifest/load";
import { repoPath } from "../../src/util/paths";

/** Manifests of the real data shipped in data/ (the synthetic one needs the generated cohort; tested in test/cohort). */
const REAL = readdirSync(repoPath("data-manifests")).filter((f) => f.endsWith(".json") && !["synthetic.json", "paper-table1.json", "template.json"].includes(f));

const EXPECTED_PATIENTS: Record<string, number> = {
  "rotterdam.json": 2982,
  "gbsg.json": 686,
  "duke.json": 922,
  "tcga-brca.json": 1084,
  "metabric.json": 2509,
  "tcga-radiogenomics.json": 91,
};

describe("real-data manifests", () => {
  it("covers every shipped dataset", () => {
    expect(REAL.sort()).toEqual(["duke.json", "gbsg.json", "gene-sets.json", "metabric.json", "pyradiomics.json", "rotterdam.json", "tcga-brca.json", "tcga-radiogenomics.json"]);
  });

  for (const file of REAL) {
    it(`${file}: checksums verify and the clinical table matches its schema`, () => {
      const m = loadManifest(repoPath("data-manifests", file));
      expect(m.licence.length).toBeGreaterThan(3);
      if (m.clinical) expect(validateClinicalTable(m).ids.length).toBe(EXPECTED_PATIENTS[file]);
      else expect(m.cases.length + Object.keys(m.files).length).toBeGreaterThan(0);
    });
  }

  it("Duke: radiologists' reading and N stage counts as documented (295 suspicious; N0/1/2/3 = 529/265/61/43)", () => {
    const t = validateClinicalTable(loadManifest(repoPath("data-manifests/duke.json")));
    const count = (col: string, v: string) => t.columns[col].filter((x) => x === v).length;
    expect(count("Lymphadenopathy or Suspicious Nodes", "1")).toBe(295);
    expect(["0", "1", "2", "3"].map((v) => count("Staging(Nodes)#(Nx replaced by -1)[N]", v))).toEqual([529, 265, 61, 43]);
  });
});

describe("template manifest", () => {
  it("validates against its example cohort", () => {
    const m = loadManifest(repoPath("data-manifests/template.json"));
    const t = validateClinicalTable(m);
    expect(t.ids).toEqual(["P001", "P002", "P003"]);
    expect(m.cases.length).toBe(10);
    expect(m.cases.filter((c) => c.patientId === "P003").map((c) => c.sequence)).toEqual(["T1C", "T1C"]);
  });
});
