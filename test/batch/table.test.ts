import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ImagingCase } from "../../src/manifest/types";
import { caseFileName, caseKey, parseShard, shardCases } from "../../src/radiomics/batch/cases";
import { mergeResults } from "../../src/radiomics/batch/merge";
import { caseIdentity, writeFailure, writeResult } from "../../src/radiomics/batch/results";
import { featuresCsv, featuresTable, pythonFloat } from "../../src/radiomics/batch/table";

const kase = (patientId: string, region = "tumour", timepoint?: string): ImagingCase => ({
  patientId, sequence: "T1C", region, image: `/data/${patientId}/img.nrrd`, mask: `/data/${patientId}/${region}.nrrd`, label: 1,
  ...(timepoint ? { timepoint } : {}),
});

describe("cohort tables", () => {
  it("numbers are written as Python's repr(float) (PyRadiomics' CSV)", () => {
    const cases: [number, string][] = [
      [4137, "4137.0"], [0, "0.0"], [-0, "-0.0"], [825.2354363065023, "825.2354363065023"], [1e-5, "1e-05"],
      [0.0001, "0.0001"], [1.5e-7, "1.5e-07"], [1e16, "1e+16"], [123456789012345680, "1.2345678901234568e+17"],
      [9999999999999998, "9999999999999998.0"], [-2.5e-10, "-2.5e-10"], [NaN, "nan"], [Infinity, "inf"], [-Infinity, "-inf"],
      [2918821481, "2918821481.0"], [0.1, "0.1"],
    ];
    for (const [x, text] of cases) expect(pythonFloat(x)).toBe(text);
  });

  it("numbers: Python's own repr of 573 doubles across every exponent (fixture written by Python)", () => {
    const reprs = JSON.parse(readFileSync(join(__dirname, "../fixtures/python-float/repr.json"), "utf8")) as string[];
    expect(reprs.length).toBe(573);
    for (const text of reprs) expect(pythonFloat(Number(text)), text).toBe(text);
  });

  it("CSV: one row per case, ids first, features in extraction order, Python csv quoting", () => {
    const csv = featuresCsv([
      { case: caseIdentity(kase("P1")), features: { "diagnostics_Mask-original_BoundingBox": "(1, 2, 3, 4, 5, 6)", original_firstorder_Mean: 1.5 } },
      { case: caseIdentity(kase("P2")), features: { "diagnostics_Mask-original_BoundingBox": 'say "hi"', original_firstorder_Mean: NaN } },
    ]);
    expect(csv).toBe(
      "Patient,Sequence,Region,Image,Mask,Label,diagnostics_Mask-original_BoundingBox,original_firstorder_Mean\n" +
        'P1,T1C,tumour,/data/P1/img.nrrd,/data/P1/tumour.nrrd,1.0,"(1, 2, 3, 4, 5, 6)",1.5\n' +
        'P2,T1C,tumour,/data/P2/img.nrrd,/data/P2/tumour.nrrd,1.0,"say ""hi""",nan\n',
    );
  });

  it("typed columnar JSON: number columns stay numbers, a timepoint column appears when used", () => {
    const t = featuresTable([
      { case: caseIdentity(kase("P1", "aln", "pre")), features: { a: 1, b: "x" } },
      { case: caseIdentity(kase("P2")), features: { a: 2.5 } },
    ]);
    expect(t.cases).toEqual(["P1/T1C/aln/pre", "P2/T1C/tumour"]);
    expect(t.columns.map((c) => [c.name, c.type])).toEqual([
      ["Patient", "string"], ["Sequence", "string"], ["Region", "string"], ["Timepoint", "string"], ["Image", "string"],
      ["Mask", "string"], ["Label", "number"], ["a", "number"], ["b", "string"],
    ]);
    expect(t.columns[3].values).toEqual(["pre", null]);
    expect(t.columns[8].values).toEqual(["x", null]);
  });

  it("case keys, safe file names and round-robin shards", () => {
    expect(caseKey(kase("P1", "aln", "post"))).toBe("P1/T1C/aln/post");
    expect(caseFileName({ patientId: "a/b c", sequence: "T1C", region: "tümour" })).toBe("a%2Fb%20c__T1C__t%C3%BCmour");
    expect(parseShard("2/3")).toEqual({ k: 2, n: 3 });
    expect(() => parseShard("4/3")).toThrow(/1 <= k <= n/);
    expect(() => parseShard("1-3")).toThrow(/expected k\/n/);
    // Round robin over images: the regions of one image stay in one shard, cases keep manifest order.
    const all = ["a", "b", "a", "c", "d", "b", "e"].map((image, i) => ({ image, i }));
    const shards = [1, 2, 3].map((k) => shardCases(all, { k, n: 3 }).map((c) => c.i));
    expect(shards).toEqual([[0, 2, 4], [1, 5, 6], [3]]);
  });

  it("merge joins shard folders in manifest order; a result beats a failure; missing cases are an error", () => {
    const root = mkdtempSync(join(tmpdir(), "alnm-merge-"));
    const cases = ["P1", "P2", "P3", "P4"].map((p) => kase(p));
    const [a, b, out] = ["a", "b", "out"].map((d) => join(root, d));
    writeResult(b, { case: caseIdentity(cases[3]), features: { f: 4 } });
    writeResult(a, { case: caseIdentity(cases[0]), features: { f: 1 } });
    writeFailure(a, { case: caseIdentity(cases[1]), file: cases[1].image, error: "unreadable" });
    writeResult(b, { case: caseIdentity(cases[1]), features: { f: 2 } });
    expect(() => mergeResults(cases, [a, b], out)).toThrow(/1 of 4 cases have no result .*P3\/T1C\/tumour/);
    writeFailure(b, { case: caseIdentity(cases[2]), file: cases[2].mask, error: "label 1 not in mask" });
    const summary = mergeResults(cases, [a, b], out);
    expect(summary).toMatchObject({ results: 3, failures: 1, missing: [] });
    const csv = readFileSync(join(out, "features.csv"), "utf8").trim().split("\n");
    expect(csv.map((l) => l.split(",")[0])).toEqual(["Patient", "P1", "P2", "P4"]);
    expect(readFileSync(join(out, "failures.csv"), "utf8")).toBe("Case,File,Error\nP3/T1C/tumour,/data/P3/tumour.nrrd,label 1 not in mask\n");
  });
});
