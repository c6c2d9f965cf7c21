import { describe, expect, it } from "vitest";
import { loadLibsvm } from "../../src/models/libsvm";
import { cibersort } from "../../src/tme/cibersort";
import { cibersortOnWorkers } from "../../src/tme/cibersort-workers";
import { readNamedMatrix } from "../../src/tme/matrix";

const fixture = (name: string) => `test/tme/fixtures/${name}`;

describe("cibersortOnWorkers", () => {
  it("gives the in-thread result, byte for byte, on 1, 2 and 3 worker threads", async () => {
    const signature = readNamedMatrix(fixture("cibersort-signature.tsv"));
    const mixtures = readNamedMatrix(fixture("cibersort-mixtures.tsv"));
    const options = { permutations: 21, seed: 7 };
    const reference = JSON.stringify(cibersort(await loadLibsvm(), signature, mixtures, options));
    const seen: number[] = [];
    for (const workers of [1, 2, 3]) {
      const result = await cibersortOnWorkers(signature, mixtures, { ...options, workers, onProgress: (done) => seen.push(done) });
      expect(JSON.stringify(result)).toBe(reference);
      expect(result.nullCorrelations.length).toBeGreaterThan(0);
    }
    // every fit reported: (4 mixtures + 21 random mixtures) x 3 nu values, per run
    expect(seen.filter((d) => d === 75).length).toBe(3);
  }, 120_000);

  it("with the exact solver too: 1 and 2 workers give the in-thread result byte for byte", async () => {
    const signature = readNamedMatrix(fixture("cibersort-signature.tsv"));
    const mixtures = readNamedMatrix(fixture("cibersort-mixtures.tsv"));
    const options = { permutations: 30, seed: 3, solver: "exact" as const };
    const reference = JSON.stringify(cibersort(undefined, signature, mixtures, options));
    for (const workers of [1, 2]) expect(JSON.stringify(await cibersortOnWorkers(signature, mixtures, { ...options, workers }))).toBe(reference);
  }, 120_000);

  it("rejects a worker count that is not a positive integer", async () => {
    const signature = readNamedMatrix(fixture("cibersort-signature.tsv"));
    const mixtures = readNamedMatrix(fixture("cibersort-mixtures.tsv"));
    await expect(cibersortOnWorkers(signature, mixtures, { permutations: 0, workers: 0 })).rejects.toThrow(/workers must be a positive integer, got 0/);
  });
});
