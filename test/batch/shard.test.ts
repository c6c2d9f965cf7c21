import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { loadManifest } from "../../src/manifest/load";
import { mergeResults } from "../../src/radiomics/batch/merge";
import { extractCohort } from "../../src/radiomics/batch/runner";
import { writeSyntheticCohort } from "../../src/radiomics/batch/synthetic";
import { paramsFromObject } from "../../src/radiomics/settings";

const quiet = new Writable({ write: (_c, _e, done) => done() }) as unknown as NodeJS.WriteStream;
const TABLES = ["features.csv", "features.json", "failures.csv"];

describe("--shard k/n + merge", () => {
  it("two shards (shared folder, or one folder each) merge to the unsharded tables, byte for byte", async () => {
    const root = mkdtempSync(join(tmpdir(), "alnm-shard-"));
    const manifest = loadManifest(
      writeSyntheticCohort({ dir: join(root, "cohort"), patients: 1, size: [32, 30, 10], tumourRadii: [5, 4, 2], seed: 5 }),
      { verify: false },
    );
    const params = paramsFromObject({ imageType: { Original: {}, Wavelet: {} }, featureClass: { firstorder: null, glrlm: null } });
    const run = (outDir: string, shard?: { k: number; n: number }) =>
      extractCohort({ manifest, outDir, workers: 1, params, shard, progressStream: quiet });

    const whole = join(root, "whole");
    expect(await run(whole)).toMatchObject({ cases: 6, extracted: 6, failed: 0 });

    // One folder per shard (separate machines), then merged with --from a --from b.
    const [a, b, merged] = ["a", "b", "merged"].map((d) => join(root, d));
    expect((await run(a, { k: 1, n: 2 })).cases).toBe(3);
    expect((await run(b, { k: 2, n: 2 })).written).toEqual([join(b, "failures.shard-2-of-2.csv")]);
    expect(() => mergeResults(manifest.cases, [a], merged)).toThrow(/3 of 6 cases have no result/);
    mergeResults(manifest.cases, [a, b], merged);
    // Shards sharing one folder (shared file system): shard 2 runs into a as well.
    const shared = a;
    await run(shared, { k: 2, n: 2 });
    mergeResults(manifest.cases, [shared], shared);

    for (const t of TABLES) {
      expect(readFileSync(join(merged, t))).toEqual(readFileSync(join(whole, t)));
      expect(readFileSync(join(shared, t))).toEqual(readFileSync(join(whole, t)));
    }
    await expect(run(shared, { k: 1, n: 2 })).rejects.toThrow(/holds results of an earlier run .*add --resume/);
    expect(await extractCohort({ manifest, outDir: shared, workers: 1, params, shard: { k: 1, n: 2 }, resume: true, progressStream: quiet })).toMatchObject({
      kept: 3,
      extracted: 0,
    });
  });
});
