import { describe, expect, it } from "vitest";
import { regenerateTable1, table1Layout, table1Rows, univariateTable } from "../../src/cohort-analysis/table1-report";
import { loadPaperTable1 } from "../../src/cohort/table1";
import { auditTable1 } from "../../src/cohort-analysis/table1-audit";
import { generateClinical } from "../../src/cohort/clinical";
import { createRng } from "../../src/util/random";
import { studentTTest } from "../../src/stats/index";
import type { ClinicalTable } from "../../src/manifest/clinical";

const paper = loadPaperTable1();

/** A clinical table as the manifest loader returns it, built from generated patients. */
function asClinicalTable(patients: ReturnType<typeof generateClinical>): ClinicalTable {
  const columns: ClinicalTable["columns"] = { cohort: [], aln_status: [] };
  const vars = [...Object.keys(paper.categorical), ...Object.keys(paper.continuous)];
  for (const v of vars) columns[v] = [];
  for (const p of patients) {
    columns.cohort.push(p.cohort);
    columns.aln_status.push(p.aln ? "positive" : "negative");
    for (const v of vars) columns[v].push(p[v]);
  }
  return { path: "clinical.csv", idColumn: "patient_id", ids: patients.map((p) => p.patientId), columns };
}

describe("Table 1 regenerated from patient-level data", () => {
  const patients = generateClinical(paper, createRng(7));
  const rows = table1Rows(asClinicalTable(patients), paper);

  it("equals the published counts, medians and IQRs cell by cell", () => {
    expect(rows.length).toBe(1088);
    expect(regenerateTable1(rows, paper).differences).toEqual([]);
  });

  it("prints n (%) over non-missing patients per cohort and ALN group", () => {
    const layout = table1Layout(paper);
    const ki67 = layout.find((r) => r.characteristic.startsWith("Ki67"))!;
    expect(ki67.level).toBe("<30");
    expect(ki67["training negative (n=475)"]).toBe("259 (55.0)");
    const age = layout.find((r) => r.characteristic.startsWith("Age"))!;
    expect(age["training negative (n=475)"]).toBe("48 [43, 56]");
  });

  it("tests age and the categorical variables in the training cohort", () => {
    const t = univariateTable(rows, { levels: Object.fromEntries(Object.entries(paper.categorical).map(([k, v]) => [k, v.levels])) });
    const age = rows.filter((r) => r.cohort === "training");
    const direct = studentTTest(age.filter((r) => r.aln === 1).map((r) => r.age_years as number), age.filter((r) => r.aln === 0).map((r) => r.age_years as number));
    expect(t[0]).toMatchObject({ variable: "age_years", test: "Student t-test", p: direct.pValue });
    // Generated counts equal Table 1, so every chi-squared test equals the audit's uncorrected one on the printed counts.
    const audit = auditTable1(paper);
    for (const v of ["clinical_t", "clinical_n", "ki67", "subtype"]) {
      const ours = t.find((r) => r.variable === v)!;
      const fromCounts = audit.find((r) => r.variable === v && r.cohort === "training")!;
      expect(ours.statistic).toBeCloseTo(fromCounts.chiSquared, 10);
      expect(ours.p).toBeCloseTo(fromCounts.pUncorrected, 12);
    }
  });

  it("names the patient with an impossible ALN status", () => {
    const table = asClinicalTable(patients.slice(0, 3));
    table.columns.aln_status[1] = "maybe";
    expect(() => table1Rows(table, paper)).toThrow(new RegExp(`patient ${patients[1].patientId} has ALN status 'maybe'`));
  });
});
