import { describe, expect, it } from "vitest";
import { createRng } from "../../src/util/random";
import { anatomicStage, compatibleSubtypes, consistencyReport, generateClinical } from "../../src/synthetic/clinical";
import { compareTable1, loadPaperTable1, tabulateTable1 } from "../../src/synthetic/table1";
import { quantile7, valuesWithQuantiles } from "../../src/synthetic/quantiles";
import { assignSequences, MULTIOMIC_CLINICAL } from "../../src/synthetic/availability";

const table = loadPaperTable1();
const patients = generateClinical(table, createRng(2021));

describe("synthetic clinical cohort", () => {
  it("regenerates every count, median and IQR of the paper's Table 1", () => {
    expect(compareTable1(table, tabulateTable1(patients, table))).toEqual([]);
    expect(patients.length).toBe(1088);
  });

  it("compareTable1 notices a changed cell", () => {
    const changed = patients.map((p) => ({ ...p }));
    const i = changed.findIndex((p) => p.cohort === "external" && p.er === "negative");
    changed[i].er = "positive";
    expect(compareTable1(table, tabulateTable1(changed, table))).toContain(`external/${changed[i].aln ? "positive" : "negative"}: er=negative ${changed[i].aln ? 24 : 19} != ${changed[i].aln ? 25 : 20}`);
  });

  it("matches the radiologists' MRI reading of section 4.1 (389 positive, 106 of them pN0; 190 of 672 negative are pN+)", () => {
    const read = patients.filter((p) => p.radiologist_mri !== null);
    const pos = read.filter((p) => p.radiologist_mri === "positive");
    const neg = read.filter((p) => p.radiologist_mri === "negative");
    expect([pos.length, pos.filter((p) => p.aln === 0).length, neg.length, neg.filter((p) => p.aln === 1).length]).toEqual([389, 106, 672, 190]);
  });

  it("keeps clinical stage, pathologic stage and subtype coherent (no violations of the hard rules)", () => {
    const report = Object.values(consistencyReport(patients));
    for (const r of report) {
      expect(r.clinicalStage).toBe(0);
      expect(r.subtype).toBe(0);
    }
    // The paper's training ALN-negative group has 272 pT1 but 271 stage I: one unavoidable conflict.
    expect(report.reduce((s, r) => s + r.pathologicStage, 0)).toBe(1);
    for (const p of patients) {
      if (p.clinical_t && p.clinical_n) expect(p.clinical_stage).toBe(anatomicStage(p.clinical_t, p.clinical_n));
      expect(p.aln === 1).toBe(p.positive_nodes > 0);
      expect(p.dfs_months).toBeLessThanOrEqual(p.follow_up_months);
    }
  });

  it("relates disease-free survival to ALN status", () => {
    const rate = (aln: number) => {
      const g = patients.filter((p) => p.aln === aln);
      return g.reduce((s, p) => s + p.dfs_event, 0) / g.reduce((s, p) => s + p.dfs_months, 0);
    };
    expect(rate(1) / rate(0)).toBeGreaterThan(1.5);
  });

  it("differs between seeds (determinism for a seed is checked byte for byte in generate.test.ts)", () => {
    expect(JSON.stringify(generateClinical(table, createRng(7), { sweeps: 20 }))).not.toBe(JSON.stringify(patients));
  });
});

describe("imaging availability", () => {
  it("gives complete MRI to as many patients as Fig. 2b used, and complete multiomic data as Fig. 2c", () => {
    const seqs = assignSequences(patients, createRng(3));
    const count = (cohort: string, multiomic: boolean) =>
      patients.filter((p) => p.cohort === cohort && seqs.get(p.patientId)!.length === 3 && (!multiomic || MULTIOMIC_CLINICAL.every((v) => p[v] !== null))).length;
    expect(["training", "prospective", "external"].map((c) => [count(c, false), count(c, true)])).toEqual([[392, 381], [45, 30], [112, 81]]);
    expect(patients.every((p) => seqs.get(p.patientId)!.length >= 1)).toBe(true);
  });
});

describe("helpers", () => {
  it("valuesWithQuantiles hits the type-7 quartiles exactly", () => {
    for (const n of [9, 10, 11, 12, 28, 78, 475]) {
      const x = valuesWithQuantiles(n, { median: 2.5, q1: 2.0, q3: 3.2 }, { min: 0.5, max: 8, decimals: 1 }, createRng(n));
      expect([quantile7(x, 0.25), quantile7(x, 0.5), quantile7(x, 0.75)].map((v) => Math.round(v * 1e9) / 1e9)).toEqual([2.0, 2.5, 3.2]);
    }
  });

  it("classifies St. Gallen subtypes as section 2.1 defines them", () => {
    expect(compatibleSubtypes("positive", "positive", "negative", "<30")).toEqual(["Luminal A", "Luminal B"]);
    expect(compatibleSubtypes("positive", "negative", "negative", "<30")).toEqual(["Luminal B"]);
    expect(compatibleSubtypes("negative", "negative", "positive", ">=30")).toEqual(["HER2-positive"]);
    expect(compatibleSubtypes("negative", "negative", "negative", null)).toEqual(["Triple negative"]);
  });
});
