import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { loadManifest } from "../../src/manifest/load";
import { writeNrrd } from "../../src/radiomics/nrrd-writer";
import { WorkerPool } from "../../src/radiomics/batch/pool";
import { extractCohort } from "../../src/radiomics/batch/runner";
import { writeSyntheticCohort } from "../../src/radiomics/batch/synthetic";
import { paramsFromObject } from "../../src/radiomics/settings";
import { repoPath } from "../../src/util/paths";

const quiet = new Writable({ write: (_c, _e, done) => done() }) as unknown as NodeJS.WriteStream;
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "alnm-limits-"));
});

describe("WorkerPool limits", () => {
  it("terminates a job over its time limit, stops a job over the heap limit, and carries on (no 'keeps dying')", async () => {
    // A worker entry written for this test only: echoes, spins forever on "hang", grows its heap on "grow".
    const entry = join(root, "limits-worker.mts");
    writeFileSync(
      entry,
      `import { serveJobs } from ${JSON.stringify(repoPath("src/radiomics/batch/serve.ts"))};
serveJobs((job: string): string => {
  if (job === "hang") for (;;);
  if (job === "grow") {
    const kept: object[] = [];
    for (;;) kept.push({ i: kept.length, s: "x".repeat(32) + kept.length });
  }
  return job;
});
`,
    );
    const pool = new WorkerPool<string, string>(entry, 1, { jobTimeoutMs: 800, maxOldGenerationSizeMb: 64 });
    try {
      expect(await pool.run("a")).toEqual({ ok: true, value: "a" });
      // More limit failures in a row than the 2 x size deaths that mark a pool broken.
      for (let i = 0; i < 3; i++) {
        expect(await pool.run("hang")).toEqual({ ok: false, error: "exceeded the time limit of 0.8 s", limit: "time" });
      }
      expect(await pool.run("grow")).toEqual({ ok: false, error: "exceeded the memory limit of 64 MB", limit: "memory" });
      expect(await pool.run("grow")).toMatchObject({ ok: false, limit: "memory" });
      expect(await pool.run("b")).toEqual({ ok: true, value: "b" });
    } finally {
      await pool.close();
    }
  }, 30_000);
});

describe("extract-cohort limits", () => {
  it("records a case that stalls (1.6 million gray levels) as a time-limit failure; the others finish; --resume ends too", async () => {
    const dir = join(root, "cohort");
    const manifestFile = writeSyntheticCohort({ dir, patients: 2, size: [24, 24, 8], tumourRadii: [4, 3, 2], sequences: ["T1C"] });
    // An honest slow input: a 6 x 6 x 6 ROI whose values spread over -32000..32500 (distinct), with binWidth 0.04,
    // gives PyRadiomics' Ng = 1.6 million gray levels; GLCM then needs ~10 s (the synthetic cases' ~1000 wide
    // range gives ~25000 levels, ~0.3 s). Label 2 is a small ordinary region of the same image, so the job (the
    // cases of one image) holds two cases.
    const size: [number, number, number] = [12, 12, 8];
    const image = new Float64Array(size[0] * size[1] * size[2]);
    const mask = new Float64Array(image.length);
    let v = 0;
    for (let z = 1; z < 7; z++)
      for (let y = 1; y < 7; y++)
        for (let x = 1; x < 7; x++, v++) {
          const i = x + size[0] * (y + size[1] * z);
          image[i] = ((v * 97) % 216) * 300 - 32000;
          mask[i] = 1;
        }
    for (let z = 2; z < 5; z++)
      for (let y = 8; y < 11; y++)
        for (let x = 8; x < 11; x++) {
          const i = x + size[0] * (y + size[1] * z);
          image[i] = 50 + ((x + y + z) % 5);
          mask[i] = 2;
        }
    const geometry = { spacing: [1, 1, 1] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    writeNrrd(join(dir, "images", "SLOW_T1C.nrrd"), { data: image, size, ...geometry }, "short", { encoding: "raw" });
    writeNrrd(join(dir, "images", "SLOW_label.nrrd"), { data: mask, size, ...geometry }, "uchar", { encoding: "raw" });
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    manifest.cases.splice(
      2,
      0,
      ...(["tumour", "aln"] as const).map((region, k) => ({ patientId: "SLOW", sequence: "T1C", region, image: "images/SLOW_T1C.nrrd", mask: "images/SLOW_label.nrrd", label: k + 1 })),
    );
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));

    // 1.6 million bins is above the default gray-level limit (a fast, clear refusal); raised here so the case stalls.
    const params = paramsFromObject({ imageType: { Original: {} }, featureClass: { firstorder: null, glcm: null }, setting: { binWidth: 0.04 }, limits: { maxGrayLevels: 2_000_000 } }, "test params");
    const out = join(root, "out");
    const run = (resume: boolean) =>
      extractCohort({ manifest: loadManifest(manifestFile, { verify: false }), outDir: out, workers: 2, params, resume, caseTimeoutSeconds: 3, progressStream: quiet });

    const summary = await run(false);
    expect(summary).toMatchObject({ cases: 6, kept: 0, extracted: 4, failed: 2 });
    const failures = readFileSync(join(out, "failures.csv"), "utf8").trim().split("\n");
    expect(failures[0]).toBe("Case,File,Error");
    expect(failures.slice(1).map((row) => row.split(",")[0])).toEqual(["SLOW/T1C/tumour", "SLOW/T1C/aln"]);
    for (const row of failures.slice(1)) {
      expect(row).toContain("SLOW_T1C.nrrd,");
      expect(row).toContain("case exceeded the time limit of 3 s (--case-timeout) while extracting the 2 cases of its image together: SLOW/T1C/tumour, SLOW/T1C/aln");
    }
    const features = readFileSync(join(out, "features.csv"), "utf8").trim().split("\n");
    expect(features.map((row) => row.split(",").slice(0, 3).join("/")).slice(1)).toEqual([
      "SYN0001/T1C/tumour",
      "SYN0001/T1C/aln",
      "SYN0002/T1C/tumour",
      "SYN0002/T1C/aln",
    ]);
    expect(features[0]).toContain("original_glcm_Contrast");

    // --resume tries the failed cases again, bounded by the same limit: it ends, with the same failures.
    expect(await run(true)).toMatchObject({ cases: 6, kept: 4, extracted: 0, failed: 2 });
    expect(readFileSync(join(out, "failures.csv"), "utf8").trim().split("\n")).toEqual(failures);
  }, 30_000);
});
