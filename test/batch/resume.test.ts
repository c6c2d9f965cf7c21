import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeSyntheticCohort } from "../../src/radiomics/batch/synthetic";

const CLI = ["bin/alnm.mjs", "extract-cohort"];
const TABLES = ["features.csv", "features.json", "failures.csv"];

/** A tiny cohort (2 patients x 3 sequences x 2 regions) plus one case whose image is not an image. */
function tinyCohort(root: string): string {
  const manifestFile = writeSyntheticCohort({ dir: join(root, "cohort"), patients: 2, size: [40, 36, 12], tumourRadii: [6, 5, 3] });
  writeFileSync(join(root, "cohort", "images", "broken_T1C.nrrd"), "NRRD0004\nthis is not a header\n");
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  manifest.cases.splice(7, 0, { patientId: "BROKEN", sequence: "T1C", region: "tumour", image: "images/broken_T1C.nrrd", mask: "images/SYN0001_label.nrrd", label: 1 });
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  return manifestFile;
}

const resultFiles = (out: string) => (existsSync(join(out, "cases")) ? readdirSync(join(out, "cases")).filter((f) => /\.json$/.test(f)).length : 0);

describe("extract-cohort: a run killed with SIGKILL and resumed gives byte-identical tables", () => {
  it("uninterrupted vs killed + --resume (2 worker threads, tsx CLI)", async () => {
    const root = mkdtempSync(join(tmpdir(), "alnm-cohort-"));
    const manifestFile = tinyCohort(root);
    const total = 13;
    // Original + Wavelet images; two feature classes keep the test fast (GLCM alone costs most of an extraction).
    const paramsFile = join(root, "params.yaml");
    writeFileSync(paramsFile, "imageType:\n  Original: {}\n  Wavelet: {}\nfeatureClass:\n  firstorder:\n  glszm:\nsetting:\n  binWidth: 25\n");
    const args = (out: string, ...more: string[]) =>
      [...CLI, "--manifest", manifestFile, "--out", out, "--workers", "2", "--no-verify", "--params", paramsFile, ...more];

    const whole = join(root, "whole");
    const a = spawnSync(process.execPath, args(whole), { encoding: "utf8" });
    expect(a.stdout).toContain(`${total} cases: 0 kept from before, ${total - 1} extracted, 1 failed`);
    expect(a.status).toBe(1); // one case failed

    const killed = join(root, "killed");
    const child = spawn(process.execPath, args(killed), { stdio: "ignore" });
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (resultFiles(killed) >= 4) {
          clearInterval(timer);
          child.kill("SIGKILL");
          resolve();
        }
      }, 20);
      child.on("exit", () => {
        clearInterval(timer);
        reject(new Error("the run finished before it could be killed"));
      });
    });
    await new Promise((resolve) => child.on("exit", resolve));
    const before = resultFiles(killed);
    expect(before).toBeGreaterThanOrEqual(4);
    expect(before).toBeLessThan(total);
    expect(existsSync(join(killed, "features.csv"))).toBe(false);
    expect(readdirSync(join(killed, "cases")).filter((f) => f.includes(".tmp-"))).toEqual([]);

    const again = spawnSync(process.execPath, args(killed), { encoding: "utf8" });
    expect(again.status).toBe(1);
    expect(again.stderr + again.stdout).toMatch(/holds results of an earlier run; add --resume/);

    const resumed = spawnSync(process.execPath, args(killed, "--resume"), { encoding: "utf8" });
    const kept = Number(/(\d+) kept from before/.exec(resumed.stdout)?.[1]);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(total);
    for (const table of TABLES) expect(readFileSync(join(killed, table))).toEqual(readFileSync(join(whole, table)));

    const csv = readFileSync(join(whole, "features.csv"), "utf8").trim().split("\n");
    expect(csv.length).toBe(1 + total - 1);
    expect(csv[0]).toMatch(/^Patient,Sequence,Region,Image,Mask,Label,diagnostics_/);
    expect(csv[0]).toContain("wavelet-LLH_glszm_ZoneEntropy");
    expect(readFileSync(join(whole, "failures.csv"), "utf8")).toMatch(/^Case,File,Error\nBROKEN\/T1C\/tumour,\S+broken_T1C\.nrrd,/);
  });
});
