/**
 * Determinism and interruption, CI-sized: notebook 00 reproduced into a fresh output folder with a fresh cache,
 * and again in another fresh folder whose first run is killed (SIGKILL to its process group) as soon as it starts writing outputs and
 * then re-run: every file ends byte-identical; nothing the killed run left is a partial file. And
 * extract-cohort twice on a tiny manifest with different worker counts: identical tables.
 * The whole pipeline is checked by scripts/check-determinism.sh.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listFiles } from "../../src/privacy/identifiers";
import { alnm } from "./cli";

const root = mkdtempSync(join(tmpdir(), "alnm-reliability-reproduce-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Files under `dir` (relative path -> bytes), leaving out temporaries a killed writer may leave behind and the lock. */
function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!existsSync(dir)) return out;
  // run.lock records the run's pid, host and start time (for the person it refuses), and features.sources.json
  // the case files' sizes, times and inodes (to know the tables are current): records of the run, not results.
  for (const f of listFiles([dir])) {
    if (!f.includes(".tmp-") && !f.endsWith("run.lock") && !f.endsWith("features.sources.json")) out.set(relative(dir, f), readFileSync(f));
  }
  return out;
}

function expectSameTree(a: Map<string, Buffer>, b: Map<string, Buffer>): void {
  expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
  for (const [name, bytes] of a) expect(b.get(name)!.equals(bytes), name).toBe(true);
}

const reproduceArgs = ["reproduce", "--only", "00-overview"];
const env = (name: string) => ({ ...process.env, ALNM_OUTPUT: join(root, name), ALNM_CACHE: join(root, `${name}-cache`), ALNM_FIGURES: "off" });

describe("reproduce: fresh runs and a killed-then-rerun run give the same bytes", () => {
  it("notebook 00-overview", async () => {
    const killedEnv = env("killed");
    // The fresh run overlaps the run that gets killed (independent folders), to keep the test short.
    const freshRun = alnm(reproduceArgs, env("fresh"));
    // Its own process group, killed whole (as a scheduler or the OOM killer would): the notebook child dies too.
    const child = spawn(process.execPath, ["bin/alnm.mjs", ...reproduceArgs], { stdio: "ignore", env: killedEnv, detached: true });
    const killedAt = await new Promise<string>((resolve) => {
      const timer = setInterval(() => {
        // Kill as soon as the notebook starts publishing (results/ or figures/ appears): mid-write.
        const started = ["results", "figures"].find((d) => existsSync(join(killedEnv.ALNM_OUTPUT, d)));
        if (started) {
          clearInterval(timer);
          process.kill(-child.pid!, "SIGKILL");
          resolve(`while writing ${started}/`);
        }
      }, 5);
      child.on("exit", () => {
        clearInterval(timer);
        resolve("after it finished");
      });
    });
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.on("exit", resolve)));
    expect(killedAt).toMatch(/^while writing (results|figures)\/$/);
    // What the killed run left is complete (atomic writes): every file parses.
    for (const [name, bytes] of tree(killedEnv.ALNM_OUTPUT)) if (!name.endsWith(".html")) expect(() => JSON.parse(bytes.toString("utf8")), name).not.toThrow();

    const rerun = await alnm(reproduceArgs, killedEnv);
    expect(rerun.status, rerun.stderr).toBe(0);
    const fresh = await freshRun;
    expect(fresh.status, fresh.stderr).toBe(0);
    const expected = tree(join(root, "fresh"));
    expect([...expected.keys()].sort()).toEqual([
      "build/html/00-overview.html",
      "build/html/index.html",
      "build/notebooks/00-overview.ipynb",
      "figures/00-overview/study-design.json",
      "results/00-overview/study-design.json",
    ]);
    expectSameTree(expected, tree(killedEnv.ALNM_OUTPUT));
  });
});

describe("extract-cohort twice on a tiny manifest", () => {
  it("1 and 2 worker threads give byte-identical tables", async () => {
    const manifest = join(root, "tiny.json");
    writeFileSync(
      manifest,
      JSON.stringify({
        name: "tiny", description: "three good cases", licence: "CC0-1.0", source: "test/fixtures/bad", root: "${repo}/test/fixtures/bad/images",
        cases: [
          { patientId: "P1", sequence: "T1C", region: "tumour", image: "good_image.nrrd", mask: "good_mask.nrrd" },
          { patientId: "P2", sequence: "T1C", region: "tumour", image: "image-constant.nrrd", mask: "good_mask.nrrd" },
          { patientId: "P3", sequence: "T1C", region: "tumour", image: "good_image.nrrd", mask: "mask-float.nrrd" },
        ],
      }),
    );
    const params = join(root, "tiny.yaml");
    writeFileSync(params, "imageType:\n  Original: {}\n  Wavelet: {}\nfeatureClass:\n  firstorder:\n  glrlm:\n");
    const run = (out: string, workers: string) =>
      alnm(["extract-cohort", "--manifest", manifest, "--out", join(root, out), "--params", params, "--workers", workers]);
    const [one, two] = await Promise.all([run("one", "1"), run("two", "2")]);
    expect(one.status, one.stderr).toBe(0);
    expect(two.status, two.stderr).toBe(0);
    const a = tree(join(root, "one"));
    expect(a.get("features.csv")!.toString().split("\n").length).toBe(5); // header, 3 rows, final newline
    expectSameTree(a, tree(join(root, "two")));
  });
});
