/**
 * The product's purpose: a researcher's own, differently shaped cohort runs through the unchanged notebooks
 * by pointing `alnm reproduce --study` at its study file. The cohort is built here from scratch: cohorts
 * "dev", "siteB", "siteC"; outcome "pN" with N0 / N+; sequences "DCE" and "T2"; regions stored as labels 1
 * and 2 of one mask file; clinical variables named unlike the paper's; no NAC, microenvironment or survival.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeNrrd } from "../../src/radiomics/nrrd-writer";
import { checkStudy } from "../../src/study/check";
import { createRng } from "../../src/util/random";
import { repoPath } from "../../src/util/paths";

function buildCohort(dir: string): string {
  const rng = createRng(42);
  const size: [number, number, number] = [20, 20, 8];
  const clinical = ["pid,site,pN,age,tsize_mm,ct,er_status"];
  const cases = ["patient_id,sequence,region,timepoint,image,mask,label,image_sha256,mask_sha256"];
  const sites = [...Array(40).fill("dev"), ...Array(20).fill("siteB"), ...Array(20).fill("siteC")];
  sites.forEach((site, k) => {
    const id = `X${String(k + 1).padStart(3, "0")}`;
    const y = k % 2;
    clinical.push(`${id},${site},${y ? "N+" : "N0"},${Math.round(55 + 8 * rng.normal() - 4 * y)},${(20 + 5 * rng.normal() + 4 * y).toFixed(1)},${["cT1", "cT2", "cT3"][Math.min(2, Math.floor(rng.next() * 2 + y))]},${rng.next() < 0.7 ? "pos" : "neg"}`);
    mkdirSync(join(dir, id));
    const mask = new Uint8Array(size[0] * size[1] * size[2]);
    for (let z = 2; z < 6; z++) {
      for (let yy = 0; yy < size[1]; yy++) {
        for (let x = 0; x < size[0]; x++) {
          const at = x + size[0] * (yy + size[1] * z);
          if ((x - 6) ** 2 + (yy - 6) ** 2 < 12) mask[at] = 1;
          else if ((x - 14) ** 2 + (yy - 14) ** 2 < 8) mask[at] = 2;
        }
      }
    }
    writeFileSync(join(dir, id, "labels.nrrd"), encodeNrrd({ data: mask, size, spacing: [1, 1, 2], origin: [0, 0, 0] }));
    for (const sequence of ["DCE", "T2"]) {
      const data = new Int16Array(mask.length);
      // A planted signal: node-positive patients have brighter, more heterogeneous regions.
      for (let i = 0; i < data.length; i++) data[i] = Math.round(200 + 30 * rng.normal() + (mask[i] ? 60 * y + 40 * y * rng.normal() : 0));
      writeFileSync(join(dir, id, `${sequence}.nrrd`), encodeNrrd({ data, size, spacing: [1, 1, 2], origin: [0, 0, 0] }));
      cases.push(`${id},${sequence},tumour,,${id}/${sequence}.nrrd,${id}/labels.nrrd,1,,`, `${id},${sequence},node,,${id}/${sequence}.nrrd,${id}/labels.nrrd,2,,`);
    }
  });
  writeFileSync(join(dir, "clinical.csv"), clinical.join("\n") + "\n");
  writeFileSync(join(dir, "cases.csv"), cases.join("\n") + "\n");
  writeFileSync(
    join(dir, "manifest.json"),
    JSON.stringify({
      name: "own-cohort-test", description: "built by test/study/own-cohort.test.ts", licence: "CC0-1.0", source: "generated", root: ".",
      sequences: ["DCE", "T2"], regions: ["tumour", "node"],
      clinical: {
        path: "clinical.csv", idColumn: "pid",
        columns: {
          site: { type: "category", levels: ["dev", "siteB", "siteC"], required: true },
          pN: { type: "category", levels: ["N0", "N+"], required: true },
          age: { type: "integer", min: 18, max: 100 }, tsize_mm: { type: "number", min: 0 },
          ct: { type: "category", levels: ["cT1", "cT2", "cT3"] }, er_status: { type: "category", levels: ["neg", "pos"] },
        },
      },
      casesTable: { path: "cases.csv" },
    }),
  );
  writeFileSync(join(dir, "params.yaml"), "imageType:\n  Original: {}\n");
  writeFileSync(
    join(dir, "study.yaml"),
    [
      "manifest: manifest.json",
      "outcome: { column: pN, positive: N+, negative: N0 }",
      "cohorts: { column: site, training: dev, validation: [siteB, siteC] }",
      "params: params.yaml",
      "clinical:",
      "  candidates:",
      "    - { column: age, kind: continuous }",
      "    - { column: tsize_mm, kind: continuous, label: Tumour size (mm) }",
      "    - { column: ct, kind: categorical, levels: [cT1, cT2, cT3], ordinal: true }",
      "    - { column: er_status, kind: categorical, levels: [neg, pos] }",
      "seed: 7",
      "workers: 1",
      "signature: { topK: 3, trees: 50 }",
    ].join("\n") + "\n",
  );
  return join(dir, "study.yaml");
}

describe("a differently shaped cohort through the unchanged notebooks", () => {
  const dir = mkdtempSync(join(tmpdir(), "alnm-own-"));
  mkdirSync(join(dir, "data"));
  const studyFile = buildCohort(join(dir, "data"));

  it("alnm study check counts patients per cohort and outcome", () => {
    const report = checkStudy(studyFile);
    expect(report.problems).toEqual([]);
    expect(report.cohorts).toEqual([
      { cohort: "dev", patients: 40, positive: 20, negative: 20, complete: 40 },
      { cohort: "siteB", patients: 20, positive: 10, negative: 10, complete: 20 },
      { cohort: "siteC", patients: 20, positive: 10, negative: 10, complete: 20 },
    ]);
    expect(report.incomplete).toEqual([]);
  });

  it("alnm reproduce --study runs notebooks 01-04 and 07, skipping what the study lacks with a reason", () => {
    const out = join(dir, "out");
    const run = spawnSync(
      process.execPath,
      [repoPath("bin/alnm.mjs"), "reproduce", "--study", studyFile, "-p", "VALIDATION_BOOTSTRAP=2", "-p", "VALIDATION_CV_FOLDS=3", "-p", "VALIDATION_CV_REPEATS=1", "--only", "01", "--only", "02", "--only", "03", "--only", "04", "--only", "07"],
      { cwd: repoPath(), encoding: "utf8", env: { ...process.env, ALNM_OUTPUT: out, ALNM_CACHE: join(dir, "cache"), ALNM_FIGURES: "off" } },
    );
    expect(run.status, run.stderr.slice(-3000)).toBe(0);
    const auc = JSON.parse(readFileSync(join(out, "results", "03-radiomic-signature", "auc.json"), "utf8"));
    expect(auc.cohorts).toEqual(["dev", "siteB", "siteC"]);
    expect(Object.keys(auc.performance)).toEqual(["tumour region", "node region", "DCE", "T2", "tumour-node radiomic"]);
    expect(auc.performance["tumour-node radiomic"].siteC.n).toBe(20);
    // Every patient traceable by id: one row per patient with cohort, outcome and each signature's probability.
    const scores = readFileSync(join(out, "results", "03-radiomic-signature", "scores.csv"), "utf8").trim().split("\n");
    expect(scores[0]).toBe("patient_id,cohort,outcome,tumour region,node region,DCE,T2,tumour-node radiomic");
    expect(scores.length).toBe(81);
    expect(scores[1].startsWith("X001,dev,0,")).toBe(true);
    expect(existsSync(join(out, "results", "04-multiomic", "multiomic.model.json"))).toBe(true);
    const multiomic = JSON.parse(readFileSync(join(out, "results", "04-multiomic", "auc.json"), "utf8"));
    expect(Object.keys(multiomic.performance)).toEqual(["tumour-node radiomic", "Clinical", "Multiomic"]);
    const executed = readFileSync(join(out, "build", "notebooks", "04-multiomic.ipynb"), "utf8");
    expect(executed).toContain("injected-parameters");
    expect(executed).toContain("VALIDATION_CV_FOLDS = 3;");
    // Honest estimates for every signature, on this study's own cohort names; no oracle without a truth file.
    const estimates = JSON.parse(readFileSync(join(out, "results", "04-multiomic", "performance-estimates.json"), "utf8"));
    expect(Object.keys(estimates.estimates)).toEqual(["tumour-node radiomic", "Clinical", "Multiomic"]);
    expect(estimates.estimates.Multiomic.dev.optimismCorrected.replicates).toBe(2);
    expect(estimates.estimates.Multiomic.siteC.heldOut.auc).toBe(multiomic.performance.Multiomic.siteC.auc);
    expect(estimates.oracle).toBeNull();
    expect(executed).toContain("Comparison with the radiologists: skipped");
    expect(readFileSync(join(out, "build", "notebooks", "07-survival.ipynb"), "utf8")).toContain("Survival by score group: skipped");
    expect(existsSync(join(out, "results", "07-survival", "dfs-multiomic-groups.json"))).toBe(false);
  }, 600_000);

  it("skips notebook 06, which requires a microenvironment section, writing the reason into the executed copy", () => {
    const out = join(dir, "out06");
    const run = spawnSync(process.execPath, [repoPath("bin/alnm.mjs"), "reproduce", "--study", studyFile, "--only", "06"], {
      cwd: repoPath(), encoding: "utf8", env: { ...process.env, ALNM_OUTPUT: out, ALNM_CACHE: join(dir, "cache"), ALNM_FIGURES: "off" },
    });
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    expect(run.stdout).toMatch(/06-microenvironment\.ipynb skipped: the study file .* has no microenvironment section/);
    expect(readFileSync(join(out, "build", "notebooks", "06-microenvironment.ipynb"), "utf8")).toContain("*Not run: the study file");
  });

  it("names every problem of a broken study file at once", () => {
    const bad = join(dir, "data", "bad.yaml");
    writeFileSync(bad, "manifest: manifest.json\noutcome: { column: pN, positive: N+, positve: x }\ncohorts: { column: site, training: dev, validation: [siteX] }\nsignature: { topk: 3 }\n");
    const report = checkStudy(bad);
    expect(report.problems).toEqual(["study file " + bad + ":", "/outcome: unknown key 'positve'", "/signature: unknown key 'topk'"]);
  });
});
