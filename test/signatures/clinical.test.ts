import { describe, expect, it } from "vitest";
import { ClinicalEncoder, univariateTests } from "../../src/signatures/clinical";
import { clinicalSplit } from "../../src/analyses/signatures/companion";
import { openStudy } from "../../src/study/open";

const rotterdam = clinicalSplit(openStudy("studies/rotterdam.yaml"));
const ROTTERDAM_VARIABLES = rotterdam.variables;

describe("real clinical cohorts", () => {
  it("splits Rotterdam by surgery year with ALN positive = nodes > 0 (R reference counts)", () => {
    expect(rotterdam.training.ids.length).toBe(1918);
    expect(rotterdam.validation.ids.length).toBe(1064);
    expect(rotterdam.training.labels.filter((y) => y === 1).length).toBe(1038);
    expect(rotterdam.validation.labels.filter((y) => y === 1).length).toBe(508);
  });

  it("reads Duke through its study file: stages known, GE training vs Siemens validation, radiologists' reading carried along", () => {
    const duke = clinicalSplit(openStudy("studies/duke.yaml"));
    expect(duke.counts.read).toBe(922);
    const dropped = duke.counts["left out: unknown outcome"] + (duke.counts["left out: missing Staging(Tumor Size)# [T]"] ?? 0);
    expect(duke.counts.training + duke.counts.validation + dropped + duke.counts["other cohorts"]).toBe(922);
    expect(dropped).toBeGreaterThanOrEqual(24); // N stage NA or Nx, and T stage NA
    expect(duke.training.radiologist!.length).toBe(duke.training.ids.length);
    const ages = duke.training.clinical!.age.filter((a): a is number => typeof a === "number");
    expect(Math.min(...ages)).toBeGreaterThan(18);
    expect(Math.max(...ages)).toBeLessThan(100);
  });
});

describe("univariateTests", () => {
  // R (data/r/extended/stats): t.test(age ~ aln_pos) and chisq.test(table(grade, aln_pos)) on all 2,982 patients.
  const all = {
    ids: [...rotterdam.training.ids, ...rotterdam.validation.ids],
    labels: [...rotterdam.training.labels, ...rotterdam.validation.labels],
    clinical: Object.fromEntries(ROTTERDAM_VARIABLES.map((v) => [v.name, [...rotterdam.training.clinical![v.name], ...rotterdam.validation.clinical![v.name]]])),
  };

  it("matches R's Welch and Student t-tests and Yates-corrected chi-squared", () => {
    const [age] = univariateTests(all, [ROTTERDAM_VARIABLES[0]]);
    expect(Math.abs(age.statistic)).toBeCloseTo(4.02363686068607, 10);
    expect(age.pValue).toBeCloseTo(5.87366842301931e-5, 15);
    const [student] = univariateTests(all, [ROTTERDAM_VARIABLES[0]], { tTest: "student" });
    expect(student.pValue).toBeCloseTo(5.91977111370419e-5, 15);
    const grade = univariateTests(all, ROTTERDAM_VARIABLES.filter((v) => v.name === "grade"))[0];
    expect(grade.statistic).toBeCloseTo(12.2116311302539, 9);
    expect(grade.pValue).toBeCloseTo(0.000474924928197359, 12);
  });

  it("names a variable that is not in the data", () => {
    expect(() => univariateTests(all, [{ name: "ki67", kind: "continuous" }])).toThrow(/clinical variable 'ki67' is not in the data/);
  });
});

describe("ClinicalEncoder", () => {
  it("codes ordinal levels as indices, nominal ones as k - 1 indicators, missing as NaN", () => {
    const enc = new ClinicalEncoder([
      { name: "cT", kind: "categorical", levels: ["T1", "T2", "T3"], ordinal: true },
      { name: "subtype", kind: "categorical", levels: ["LumA", "LumB", "TN"] },
      { name: "age", kind: "continuous" },
    ]).fit();
    expect(enc.columns.map((c) => c.name)).toEqual(["cT", "subtype=LumB", "subtype=TN", "age"]);
    const rows = enc.transform({ cT: ["T3", null], subtype: ["TN", "LumA"], age: [50, "61"] }, 2);
    expect(rows[0]).toEqual([2, 0, 1, 50]);
    expect(rows[1][0]).toBeNaN();
    expect(rows[1].slice(1)).toEqual([0, 0, 61]);
  });
});
