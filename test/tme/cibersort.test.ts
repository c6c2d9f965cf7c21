import { describe, expect, it } from "vitest";
import { loadLibsvm } from "../../src/models/libsvm";
import { cibersort, permutationPValue } from "../../src/tme/cibersort";
import { NamedMatrix, readNamedMatrix } from "../../src/tme/matrix";
import { correlation } from "../../src/stats";
import { createRng } from "../../src/util/random";

const fixture = (name: string) => `test/tme/fixtures/${name}`;

/** Compares with an R reference: every fraction, RMSE and r within `within` (absolute), the same nu. */
function compare(solver: "libsvm" | "exact", tolerance: number, referenceFile: string, within: number, quantileNormalization = false) {
  const close = (value: number, expected: number) => expect(Math.abs(value - expected)).toBeLessThan(within);
  return async () => {
    const libsvm = await loadLibsvm();
    const signature = readNamedMatrix(fixture("cibersort-signature.tsv"));
    const mixtures = readNamedMatrix(fixture("cibersort-mixtures.tsv"));
    const reference = readNamedMatrix(fixture(referenceFile));
    const res = cibersort(libsvm, signature, mixtures, { permutations: 0, solver, tolerance, quantileNormalization });
    expect(res.antiLogged).toBe(false);
    expect(res.samples.map((s) => s.mixture)).toEqual(reference.rows);
    res.samples.forEach((s, i) => {
      const col = (name: string) => reference.values[i][reference.columns.indexOf(name)];
      expect(s.nu).toBe(col("nu"));
      res.cellTypes.forEach((c, j) => close(s.fractions[j], col(c)));
      close(s.rmse, col("RMSE"));
      close(s.correlation, col("Correlation"));
      expect(Number.isNaN(s.pValue)).toBe(true);
    });
  };
}

describe("cibersort against e1071's nu-SVR (fixtures/make-cibersort-reference.R)", () => {
  it("matches the optimum (tolerance 1e-10) to 1e-9", compare("libsvm", 1e-10, "cibersort-reference-tol1e-10.tsv", 1e-9));
  // The interior-point solver finds the optimum of the exact problem; libsvm (e1071 too) caches the kernel in
  // single precision (Qfloat), so its optimum is that of a problem perturbed by ~1e-7: agreement to 1e-6.
  it("solves to the same optimum with the exact solver, to 1e-6", compare("exact", 0.001, "cibersort-reference-tol1e-10.tsv", 1e-6));
  // At the default tolerance the solver stops early; last-bit differences in the standardised mixture
  // (R sums in long double) can move the stopping point by ~4e-5 (seen on mix4; mix1-3 agree to 1e-14).
  it("matches CIBERSORT's default tolerance 1e-3 to 1e-4", compare("libsvm", 0.001, "cibersort-reference.tsv", 5e-5));
  it("matches with quantile-normalised mixtures (preprocessCore) to 1e-8", compare("libsvm", 1e-10, "cibersort-reference-qn-tol1e-10.tsv", 1e-8, true));
  it("matches with quantile-normalised mixtures, exact solver, to 1e-6", compare("exact", 0.001, "cibersort-reference-qn-tol1e-10.tsv", 1e-6, true));
});

/** Signature with one block of marker genes per cell type, and mixtures of known fractions with noise. */
function simulate(seed: number, nGenes: number, nCells: number, nMix: number, noiseSd: number) {
  const rng = createRng(seed);
  const cells = Array.from({ length: nCells }, (_, j) => `c${j}`);
  const genes = Array.from({ length: nGenes }, (_, i) => `g${i}`);
  const sig = genes.map((_, i) => cells.map((_, j) => 2 ** (3 + 1.5 * rng.normal()) * (i % nCells === j ? 16 : 1)));
  const truth = Array.from({ length: nMix }, () => {
    const f = cells.map(() => -Math.log(1 - rng.next()));
    const s = f.reduce((a, b) => a + b, 0);
    return f.map((v) => v / s);
  });
  const mix = genes.map((_, i) => truth.map((f) => f.reduce((a, v, j) => a + v * sig[i][j], 0) * 2 ** (noiseSd * rng.normal())));
  const mixCols = truth.map((_, k) => `m${k}`);
  return {
    signature: { rows: genes, columns: cells, values: sig } as NamedMatrix,
    mixtures: { rows: genes, columns: mixCols, values: mix } as NamedMatrix,
    truth,
  };
}

describe("cibersort on simulated mixtures", () => {
  it("recovers the fractions (r >= 0.95 per cell type) and gives small p-values", async () => {
    const libsvm = await loadLibsvm();
    const { signature, mixtures, truth } = simulate(7, 120, 6, 30, 0.3);
    const res = cibersort(libsvm, signature, mixtures, { permutations: 10, seed: 3 });
    for (let j = 0; j < signature.columns.length; j++) {
      const r = correlation(res.samples.map((s) => s.fractions[j]), truth.map((f) => f[j]));
      expect(r).toBeGreaterThanOrEqual(0.95);
    }
    for (const s of res.samples) {
      expect(s.fractions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(Math.min(...s.fractions)).toBeGreaterThanOrEqual(0);
      expect(s.pValue).toBe(0);
    }
  });

  it("is deterministic for a seed and ignores genes missing from the mixtures", async () => {
    const libsvm = await loadLibsvm();
    const { signature, mixtures } = simulate(11, 60, 4, 3, 0.2);
    const extra: NamedMatrix = {
      rows: ["extra", ...mixtures.rows.slice().reverse()],
      columns: mixtures.columns,
      values: [[1, 2, 3], ...mixtures.values.slice().reverse()],
    };
    const a = cibersort(libsvm, signature, mixtures, { permutations: 10, seed: 5 });
    const b = cibersort(libsvm, signature, extra, { permutations: 10, seed: 5 });
    expect(b.genes).toEqual(signature.rows);
    expect(b.samples.map((s) => s.fractions)).toEqual(a.samples.map((s) => s.fractions));
    expect(b.nullCorrelations).not.toEqual([]);
  });

  it("rejects duplicated genes and mixtures without enough shared genes", async () => {
    const libsvm = await loadLibsvm();
    const { signature, mixtures } = simulate(1, 20, 4, 2, 0.2);
    const dup = { ...mixtures, rows: mixtures.rows.map((g, i) => (i === 1 ? mixtures.rows[0] : g)) };
    expect(() => cibersort(libsvm, signature, dup, { permutations: 0 })).toThrow(/'g0' appears more than once/);
    const few = { rows: ["g0", "g1"], columns: ["m0"], values: [[1], [2]] };
    expect(() => cibersort(libsvm, signature, few, { permutations: 0 })).toThrow(/only 2 genes/);
  });
});

describe("permutationPValue", () => {
  it("uses the index of the nearest null correlation", () => {
    const nullR = [0.1, 0.2, 0.3, 0.4];
    expect(permutationPValue(nullR, 0.95)).toBe(0);
    expect(permutationPValue(nullR, 0.31)).toBeCloseTo(0.25, 15);
    expect(permutationPValue(nullR, -1)).toBeCloseTo(0.75, 15);
    expect(Number.isNaN(permutationPValue([], 0.5))).toBe(true);
  });
});

describe("cibersort permutation p-value on null mixtures", () => {
  it("is roughly uniform when the mixtures are unrelated to the signature", async () => {
    const libsvm = await loadLibsvm();
    const { signature } = simulate(21, 80, 5, 1, 0);
    const rng = createRng(99);
    const nMix = 30;
    const nullMixtures: NamedMatrix = {
      rows: signature.rows,
      columns: Array.from({ length: nMix }, (_, k) => `null${k}`),
      values: signature.rows.map(() => Array.from({ length: nMix }, () => 2 ** (3 + 1.5 * rng.normal()))),
    };
    const res = cibersort(libsvm, signature, nullMixtures, { permutations: 100, seed: 4 });
    const p = res.samples.map((s) => s.pValue).sort((a, b) => a - b);
    // Kolmogorov-Smirnov distance to U(0, 1); the 1 % critical value for n = 30 is about 0.29
    const ks = Math.max(...p.map((v, i) => Math.max((i + 1) / p.length - v, v - i / p.length)));
    expect(ks).toBeLessThan(0.29);
  });
});

describe("alnm cibersort (the command line, on files with CIBERSORT's own classic-Mac CR line ends)", () => {
  it("reads CR files and writes CIBERSORT's columns with R's fractions (default tolerance, 1e-4)", async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { spawnSync } = await import("node:child_process");
    const dir = mkdtempSync(join(tmpdir(), "alnm-cibersort-"));
    const toCr = (name: string) => {
      const file = join(dir, name);
      writeFileSync(file, readFileSync(fixture(name), "utf8").replace(/\r?\n/g, "\r"));
      return file;
    };
    const out = join(dir, "fractions.csv");
    const run = spawnSync(process.execPath, ["bin/alnm.mjs", "cibersort", "--signature", toCr("cibersort-signature.tsv"), "--mixture", toCr("cibersort-mixtures.tsv"), "--permutations", "5", "--solver", "libsvm", "--out", out], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/cibersort: \d+ mixture\(s\), \d+ of \d+ signature genes found in the mixtures, 5 permutations, libsvm solver/);
    const [header, ...rows] = readFileSync(out, "utf8").trim().split("\n").map((l) => l.split(","));
    const reference = readNamedMatrix(fixture("cibersort-reference.tsv"));
    expect(header).toEqual(["Mixture", ...reference.columns.filter((c) => c.startsWith("cell")), "P-value", "Correlation", "RMSE", "nu"]);
    expect(rows.map((r) => r[0])).toEqual(reference.rows);
    rows.forEach((r, i) => {
      reference.columns.filter((c) => c.startsWith("cell")).forEach((c, j) => expect(Number(r[j + 1])).toBeCloseTo(reference.values[i][reference.columns.indexOf(c)], 4));
      const p = Number(r[header.indexOf("P-value")]);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    });
    // the default, exact solver on 2 worker threads: e1071's optimum (tolerance 1e-10) to 1e-6
    const exactOut = join(dir, "exact.csv");
    const exact = spawnSync(process.execPath, ["bin/alnm.mjs", "cibersort", "--signature", toCr("cibersort-signature.tsv"), "--mixture", toCr("cibersort-mixtures.tsv"), "--permutations", "0", "--workers", "2", "--out", exactOut], { encoding: "utf8" });
    expect(exact.status, exact.stderr).toBe(0);
    expect(exact.stderr).toMatch(/0 permutations, exact solver, 2 worker\(s\)/);
    const optimum = readNamedMatrix(fixture("cibersort-reference-tol1e-10.tsv"));
    readFileSync(exactOut, "utf8").trim().split("\n").slice(1).map((l) => l.split(",")).forEach((r, i) => {
      optimum.columns.filter((c) => c.startsWith("cell")).forEach((c, j) => expect(Math.abs(Number(r[j + 1]) - optimum.values[i][optimum.columns.indexOf(c)])).toBeLessThan(1e-6));
    });
    const bad = spawnSync(process.execPath, ["bin/alnm.mjs", "cibersort", "--signature", toCr("cibersort-signature.tsv"), "--mixture", toCr("cibersort-mixtures.tsv"), "--out", out, "--perms", "5"], { encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/alnm cibersort: unknown option --perms \(known: --signature, --mixture, --out, --permutations, --qn, --seed, --workers, --solver\)/);
  }, 60_000);
});
