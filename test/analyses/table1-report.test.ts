import { describe, expect, it } from "vitest";
import { regenerateTable1, table1Layout, table1Rows, univariateTable } from "../../src/analyses/01-cohorts/table1-report";
import { loadPaperTable1 } from "../../src/synthetic/table1";
import { auditTable1 } from "../../src/analyses/01-cohorts/table1-audit";
import { generateClinical } from "../../src/synthetic/clinical";
import { createRng } from "../../src/util/random";
import { studentTTest } from "../../src/stats/index";
import * as aq from "arquero";
import type { Study } from "../../src/study/open";

const paper = loadPaperTable1();

/** The part of an opened study Table 1 reads, built from generated patients. */
function asStudy(patients: ReturnType<typeof generateClinical>): Study {
  const vars = [...Object.keys(paper.categorical), ...Object.keys(paper.continuous)];
  const columns: Record<string, unknown[]> = {
    patient_id: patients.map((p) => p.patientId),
    cohort: patients.map((p) => p.cohort),
    outcome: patients.map((p) => (p.aln ? 1 : 0)),
  };
  for (const v of vars) columns[v] = patients.map((p) => p[v]);
  const config = { file: "test.yaml", paper: { cohorts: { training: "training", prospective: "prospective", external: "external" } } };
  return { config, patients: aq.table(columns) } as unknown as Study;
}

describe("Table 1 regenerated from patient-level data", () => {
  const patients = generateClinical(paper, createRng(7));
  const rows = table1Rows(asStudy(patients), paper);

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

  it("names the columns the paper's Table 1 needs when the study lacks them", () => {
    const study = asStudy(patients.slice(0, 3));
    (study as { patients: aq.ColumnTable }).patients = study.patients.select(aq.not("ki67"));
    expect(() => table1Rows(study, paper)).toThrow(/needs clinical column\(s\) ki67/);
  });
});
