import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { loadManifest } from "../../src/manifest/load";
import { mergeResults } from "../../src/radiomics/batch/merge";
import { extractCohort } from "../../src/radiomics/batch/runner";
import { writeSyntheticCohort } from "../../src/radiomics/batch/synthetic";
import { readParamsFile } from "../../src/radiomics/settings";

const TABLES = ["features.csv", "features.json", "failures.csv"];
const TOTAL = 13;
const quiet = new Writable({ write: (_c, _e, done) => done() }) as unknown as NodeJS.WriteStream;

let root: string;
let manifestFile: string;
let paramsFile: string;
let whole: string;
const cli = (out: string, ...more: string[]) =>
  ["bin/alnm.mjs", "extract-cohort", "--manifest", manifestFile, "--out", out, "--no-verify", "--params", paramsFile, ...more];
const resultFiles = (out: string) => (existsSync(join(out, "cases")) ? readdirSync(join(out, "cases")).filter((f) => /\.json$/.test(f)).length : 0);
const expectSameTables = (dir: string) => {
  for (const t of TABLES) expect(readFileSync(join(dir, t)), `${dir}/${t}`).toEqual(readFileSync(join(whole, t)));
};

/** A tiny cohort (2 patients x 3 sequences x 2 regions) plus one case whose image is not an image; one uninterrupted run. */
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "alnm-cohort-"));
  manifestFile = writeSyntheticCohort({ dir: join(root, "cohort"), patients: 2, size: [40, 36, 12], tumourRadii: [6, 5, 3] });
  writeFileSync(join(root, "cohort", "images", "broken_T1C.nrrd"), "NRRD0004\nthis is not a header\n");
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  manifest.cases.splice(5, 0, { patientId: "BROKEN", sequence: "T1C", region: "tumour", image: "images/broken_T1C.nrrd", mask: "images/SYN0001_label.nrrd", label: 1 });
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  // Original + Wavelet images; two feature classes keep the test fast (GLCM alone costs most of an extraction).
  paramsFile = join(root, "params.yaml");
  writeFileSync(paramsFile, "imageType:\n  Original: {}\n  Wavelet: {}\nfeatureClass:\n  firstorder:\n  glszm:\nsetting:\n  binWidth: 25\n");

  whole = join(root, "whole");
  const run = spawnSync(process.execPath, cli(whole, "--workers", "1"), { encoding: "utf8" });
  expect(run.stdout).toContain(`${TOTAL} cases: 0 kept from before, ${TOTAL - 1} extracted, 1 failed`);
  expect(run.status).toBe(1); // one case failed
  const csv = readFileSync(join(whole, "features.csv"), "utf8").trim().split("\n");
  expect(csv.length).toBe(TOTAL);
  expect(csv[0]).toMatch(/^Patient,Sequence,Region,Image,Mask,Label,diagnostics_/);
  expect(csv[0]).toContain("wavelet-LLH_glszm_ZoneEntropy");
  expect(readFileSync(join(whole, "failures.csv"), "utf8")).toMatch(/^Case,File,Error\nBROKEN\/T1C\/tumour,\S+broken_T1C\.nrrd,/);
}, 120_000);

describe("extract-cohort: interrupted, resumed and sharded runs give the uninterrupted run's tables, byte for byte", () => {
  it("SIGKILL part way (2 worker threads, compiled CLI), then --resume", async () => {
    const killed = join(root, "killed");
    const child = spawn(process.execPath, cli(killed, "--workers", "2"), { stdio: "ignore" });
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
    expect(before).toBeLessThan(TOTAL);
    expect(existsSync(join(killed, "features.csv"))).toBe(false);

    const resumed = spawnSync(process.execPath, cli(killed, "--resume", "--workers", "1"), { encoding: "utf8" });
    const kept = Number(/(\d+) kept from before/.exec(resumed.stdout)?.[1]);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(TOTAL);
    expectSameTables(killed);
  });

  it("--shard 1/2 and 2/2 into one folder, then the merge command (folders per shard: table.test.ts)", async () => {
    const manifest = loadManifest(manifestFile, { verify: false });
    const params = readParamsFile(paramsFile);
    const run = (outDir: string, shard: { k: number; n: number }) => extractCohort({ manifest, outDir, workers: 1, params, shard, progressStream: quiet });
    const [a, merged] = ["a", "merged"].map((d) => join(root, d));
    // Images in manifest order: SYN0001 T1C, T2WI, ADC, BROKEN, SYN0002 T1C, T2WI, ADC; shard 1 gets the 1st, 3rd, ...
    expect((await run(a, { k: 1, n: 2 })).cases).toBe(8);
    expect(() => mergeResults(manifest.cases, [a], merged)).toThrow(/5 of 13 cases have no result/);
    // Shards sharing one folder: shard 2 runs into a as well (its own run record; shard 1's results are not in its way).
    expect((await run(a, { k: 2, n: 2 })).written).toEqual([join(a, "failures.shard-2-of-2.csv")]);
    const merge = spawnSync(process.execPath, ["bin/alnm.mjs", "merge", "--manifest", manifestFile, "--out", merged, "--from", a], { encoding: "utf8" });
    expect(merge.stdout).toContain("12 cases merged, 1 failed");
    expectSameTables(merged);
    await expect(run(a, { k: 1, n: 2 })).rejects.toThrow(/holds results of an earlier run .*add --resume/);
    expect(await extractCohort({ manifest, outDir: a, workers: 1, params, shard: { k: 1, n: 2 }, resume: true, progressStream: quiet })).toMatchObject({
      kept: 8,
      extracted: 0,
    });
  });

  it("a resumed finished run keeps its tables as they are, and rebuilds them after a case file changed in place", async () => {
    const full = loadManifest(manifestFile, { verify: false });
    const manifest = { ...full, cases: full.cases.filter((c) => c.patientId !== "BROKEN") };
    const params = readParamsFile(paramsFile);
    const dir = join(root, "rerun");
    cpSync(whole, dir, { recursive: true });
    // One case file as an earlier run leaves it (modified long ago: its fingerprint is trusted); the others were
    // just copied, so the merge also keeps a hash of their bytes.
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(dir, "cases", "SYN0001__T1C__tumour.json"), hourAgo, hourAgo);
    const resume = () => extractCohort({ manifest, outDir: dir, workers: 1, params, resume: true, progressStream: quiet });
    const stamp = () => TABLES.map((t) => { const s = statSync(join(dir, t), { bigint: true }); return `${s.ino}:${s.mtimeNs}`; });
    expect(await resume()).toMatchObject({ kept: TOTAL - 1, extracted: 0, failed: 0 });
    const first = stamp();
    expect(await resume()).toMatchObject({ kept: TOTAL - 1, extracted: 0, failed: 0 });
    expect(stamp()).toEqual(first); // not rewritten
    expect(Object.keys(JSON.parse(readFileSync(join(dir, "features.sources.json"), "utf8")).racy)).toHaveLength(TOTAL - 2);

    // Same size, in place: the last digit of one feature value changes.
    const caseFile = join(dir, "cases", "SYN0002__ADC__tumour.json");
    const text = readFileSync(caseFile, "utf8");
    const m = /"original_firstorder_Mean": (-?[0-9.e+-]*[0-9])(,?\n)/.exec(text)!;
    const edited = m[1].slice(0, -1) + String((Number(m[1].at(-1)) + 1) % 10);
    writeFileSync(caseFile, text.replace(m[0], `"original_firstorder_Mean": ${edited}${m[2]}`));
    expect(statSync(caseFile).size).toBe(text.length);
    await resume();
    const table = JSON.parse(readFileSync(join(dir, "features.json"), "utf8"));
    const row = table.cases.indexOf("SYN0002/ADC/tumour");
    const mean = table.columns.find((c: { name: string }) => c.name === "original_firstorder_Mean");
    expect(mean.values[row]).toBe(Number(edited));
    expect(Number(edited)).not.toBe(Number(m[1]));
  });

  it("two runs with different parameters into one --out: started together, exactly one is refused by the lock, naming it", async () => {
    const manifest = loadManifest(manifestFile, { verify: false });
    const out = join(root, "contended");
    const other = join(root, "params-bin10.yaml");
    writeFileSync(other, readFileSync(paramsFile, "utf8").replace("binWidth: 25", "binWidth: 10"));
    const settled = await Promise.allSettled(
      [paramsFile, other].map((file) => extractCohort({ manifest, outDir: out, workers: 1, params: readParamsFile(file), progressStream: quiet })),
    );
    const refused = settled.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(refused).toHaveLength(1);
    expect(String(refused[0].reason)).toMatch(/belongs to a run with another manifest or parameters \(run\.lock: pid \d+ on /);
    const lock = JSON.parse(readFileSync(join(out, "run.lock"), "utf8"));
    expect(lock.runHash).toMatch(/^[0-9a-f]{64}$/);
    // Later, even after that run ended, the other settings stay refused; the same settings may resume.
    await expect(extractCohort({ manifest, outDir: out, workers: 1, params: readParamsFile(other), resume: true, progressStream: quiet })).rejects.toThrow(/run\.lock/);
  }, 120_000);

  it("--out that cannot be created (its parent is a file): says so and names --out, not a bare ENOTDIR", async () => {
    const manifest = loadManifest(manifestFile, { verify: false });
    const out = join(paramsFile, "out");
    await expect(extractCohort({ manifest, outDir: out, workers: 1, params: readParamsFile(paramsFile), progressStream: quiet })).rejects.toThrow(
      new RegExp(`--out ${out.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: cannot create the output folder \\(ENOTDIR\\); check that its parent exists and is writable`),
    );
  });
});

