import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LoadedManifest } from "../../src/manifest/types";
import { correlationHeatmap } from "../../src/plots/correlation-heatmap";
import { loadMicroenvironmentSet } from "../../src/analyses/06-microenvironment/microenvironment-set";
import { statusHeatmap } from "../../src/plots/status-heatmap";
import { fractionRecovery, significanceCounts } from "../../src/analyses/06-microenvironment/summary";

describe("statusHeatmap", () => {
  it("groups patients by status (negative first), z-scores each feature, drops constant ones and names the block", () => {
    const a = { rows: ["p1", "p2", "p3", "p4"], columns: ["x", "flat"], values: [[1, 5], [2, 5], [3, 5], [4, 5]] };
    const b = { rows: ["p4", "p3", "p2", "p1"], columns: ["y"], values: [[8], [6], [4], [2]] };
    const status = new Map<string, 0 | 1>([["p1", 1], ["p2", 0], ["p3", 1], ["p4", 0], ["p9", 0]]);
    const fig = statusHeatmap({ A: a, B: b }, status);
    const cells = fig.data.find((d) => d.type === "heatmap" && Array.isArray(d.y) && (d.y as string[]).includes("A: x")) as { x: string[]; y: string[]; z: (number | null)[][] };
    expect(cells.x).toEqual(["p2", "p4", "p1", "p3"]);
    expect([...cells.y].sort()).toEqual(["A: x", "B: y"]);
    const row = cells.z[cells.y.indexOf("A: x")];
    // x = 2, 4, 1, 3 in that order; mean 2.5, sample SD sqrt(5/3).
    const sd = Math.sqrt(5 / 3);
    [2, 4, 1, 3].forEach((v, j) => expect(row[j]).toBeCloseTo((v - 2.5) / sd, 12));
    expect(() => statusHeatmap({ A: a }, new Map([["p1", 1]]))).toThrow(/fewer than 2 patients/);
  });
});

describe("significanceCounts and fractionRecovery", () => {
  it("counts nominal and BH-significant tests, ignoring undefined p", () => {
    const c = significanceCounts([{ p: 0.01, p_adj: 0.04 }, { p: 0.03, p_adj: 0.06 }, { p: 0.5, p_adj: 0.5 }, { p: NaN, p_adj: NaN }]);
    expect(c).toEqual({ tested: 3, nominal: 2, adjusted: 1, minP: 0.01, minPAdj: 0.04 });
  });

  it("correlates estimated with known fractions by cell-type name and patient", () => {
    const est = { rows: ["p1", "p2", "p3"], columns: ["B", "T"], values: [[0.1, 0.9], [0.2, 0.8], [0.4, 0.6]] };
    const truth = { rows: ["p3", "p2", "p1"], columns: ["T", "B"], values: [[0.55, 0.45], [0.75, 0.25], [0.85, 0.15]] };
    const rec = fractionRecovery(est, truth);
    expect(rec.map((r) => r.cell_type)).toEqual(["B", "T"]);
    expect(rec[0].r).toBeCloseTo(1, 12);
    expect(rec[0].meanTrue).toBeCloseTo(0.85 / 3, 12);
  });
});

describe("correlationHeatmap", () => {
  it("drops all-undefined targets, marks nominal and BH-significant cells, clamps the scale to [-1, 1]", () => {
    const cells = ["f1", "f2", "f3"].flatMap((feature, i) => [
      { feature, cell_type: "A", rho: 0.1 * (i + 1), p: i === 0 ? 0.01 : 0.5, p_adj: i === 0 ? 0.03 : 0.9 },
      { feature, cell_type: "B", rho: -0.2 * i, p: i === 2 ? 0.04 : 0.6, p_adj: 0.2 },
      { feature, cell_type: "zero", rho: NaN, p: NaN, p_adj: NaN },
    ]);
    const fig = correlationHeatmap(cells);
    const hm = fig.data[0] as { x: string[]; y: string[]; zmin: number; zmax: number };
    expect([...hm.x].sort()).toEqual(["A", "B"]);
    expect([...hm.y].sort()).toEqual(["f1", "f2", "f3"]);
    expect([hm.zmin, hm.zmax]).toEqual([-1, 1]);
    const marks = (fig.layout.annotations as { text: string }[]).map((a) => a.text).sort();
    expect(marks).toEqual(["*", "**"]);
  });
});

describe("loadMicroenvironmentSet", () => {
  function manifestIn(dir: string, files: Record<string, string>, extraPatient = false): LoadedManifest {
    writeFileSync(join(dir, "clinical.csv"), "patient_id,cohort,aln_status\nP1,tme,positive\nP2,tme,negative\nP3,tme,NA\nX1,training,negative\n");
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const patients = extraPatient ? "P1\tP2\tX1" : "P1\tP2\tP3";
    writeFileSync(join(dir, "expression.tsv"), `gene\t${patients}\nG1\t1\t2\t3\nG2\t4\t5\t6\n`);
    writeFileSync(join(dir, "lncrna.tsv"), `lncrna\t${patients}\nL1\t1\t2\t3\n`);
    writeFileSync(join(dir, "methylation.tsv"), `site\t${patients}\ncg1\t0.1\t0.2\t0.3\n`);
    const declared = ["signature_matrix.tsv", "expression.tsv", "lncrna.tsv", "methylation.tsv", ...Object.keys(files)];
    return {
      file: join(dir, "manifest.json"), name: "t", description: "", licence: "", source: "", root: dir,
      clinical: { path: join(dir, "clinical.csv"), idColumn: "patient_id", missing: ["NA"], columns: { cohort: { type: "category", levels: ["tme", "training"] }, aln_status: { type: "category", levels: ["negative", "positive"] } } },
      cases: [], sequences: [], regions: [],
      files: Object.fromEntries(declared.map((f) => [join(dir, f), "x"])),
    };
  }

  it("reads the declared tme/ files, the set's patients and their ALN status; a user signature matrix must be declared", () => {
    const dir = mkdtempSync(join(tmpdir(), "tme-set-"));
    const tme = join(dir, "tme");
    mkdirSync(tme);
    writeFileSync(join(tme, "signature_matrix.tsv"), "gene\tB\tT\nG1\t9\t1\nG2\t1\t9\n");
    const m = manifestIn(tme, { "LM22.txt": "gene\tB\nG1\t1\nG2\t2\n" });
    m.root = dir;
    const set = loadMicroenvironmentSet(m);
    expect(set.patients).toEqual(["P1", "P2", "P3"]);
    expect([...set.aln.entries()]).toEqual([["P1", 1], ["P2", 0]]);
    expect(set.signature.columns).toEqual(["B", "T"]);
    expect(set.lncRNA.rows).toEqual(["P1", "P2", "P3"]);
    expect(loadMicroenvironmentSet(m, { signatureMatrix: "tme/LM22.txt" }).signature.columns).toEqual(["B"]);
    expect(() => loadMicroenvironmentSet(m, { signatureMatrix: "LM22-undeclared.txt" })).toThrow(/declares no file 'LM22-undeclared.txt'/);
  });

  it("names a patient of the omics files who is not in the set", () => {
    const dir = mkdtempSync(join(tmpdir(), "tme-set-"));
    const tme = join(dir, "tme");
    mkdirSync(tme);
    writeFileSync(join(tme, "signature_matrix.tsv"), "gene\tB\nG1\t9\nG2\t1\n");
    const m = manifestIn(tme, {}, true);
    m.root = dir;
    expect(() => loadMicroenvironmentSet(m)).toThrow(/tme\/expression.tsv has patient 'X1', who is not in cohort 'tme'/);
  });
});

describe("cachedCibersort", () => {
  it("returns the computed result from the cache, NaN p-values included, and recomputes for other options", async () => {
    const { cachedCibersort } = await import("../../src/analyses/06-microenvironment/cached-cibersort");
    const dir = mkdtempSync(join(tmpdir(), "tme-cache-"));
    const previous = process.env.ALNM_CACHE;
    process.env.ALNM_CACHE = dir;
    try {
      const genes = Array.from({ length: 30 }, (_, i) => `G${i}`);
      const signature = { rows: genes, columns: ["A", "B", "C"], values: genes.map((_, i) => [i % 3 === 0 ? 900 : 10 + i, i % 3 === 1 ? 800 : 5 + i, i % 3 === 2 ? 700 : 20 + (i % 5)]) };
      const mixtures = { rows: genes, columns: ["m1", "m2"], values: signature.values.map((r) => [0.5 * r[0] + 0.3 * r[1] + 0.2 * r[2], 0.1 * r[0] + 0.1 * r[1] + 0.8 * r[2]]) };
      const first = await cachedCibersort(signature, mixtures, { permutations: 0 });
      const again = await cachedCibersort(signature, mixtures, { permutations: 0 });
      expect([first.cached, again.cached]).toEqual([false, true]);
      expect(again.result).toEqual(first.result);
      expect(again.result.samples[0].pValue).toBeNaN();
      expect(first.result.samples[0].fractions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      const other = await cachedCibersort(signature, mixtures, { permutations: 3, seed: 2 });
      expect(other.cached).toBe(false);
      expect(other.file).not.toBe(first.file);
    } finally {
      if (previous === undefined) delete process.env.ALNM_CACHE;
      else process.env.ALNM_CACHE = previous;
    }
  });
});
