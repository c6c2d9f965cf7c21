import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { brierScore, calibrationCurve } from "../../src/signatures/calibration";
import { cohortPerformance, compareAucs, readerPerformance, subgroupAucs } from "../../src/signatures/evaluation";
import { repoPath } from "../../src/util/paths";

// R's scores and pROC/cutpointr results for the Rotterdam temporal task (data/r/extended).
const dir = repoPath("data/r/extended/task_pos_rotterdam_temporal");
const lines = readFileSync(`${dir}/scores_per_patient.csv`, "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
const test = lines.filter((r) => r[2] === '"test"');
const y = test.map((r) => Number(r[3]));
const svm = test.map((r) => Number(r[6]));
const glm = test.map((r) => Number(r[9]));

describe("cohortPerformance", () => {
  it("gives pROC's DeLong AUC and CI and skips unscored patients", () => {
    const withGap = [...svm, NaN];
    const p = cohortPerformance(withGap, [...y, 1], 0.5);
    expect(p.n).toBe(1064);
    expect(p.auc).toBeCloseTo(0.65954795218943, 12);
    expect(p.lower).toBeCloseTo(0.626325904046898, 12);
    expect(p.upper).toBeCloseTo(0.692770000331961, 12);
    expect(p.tp + p.fn).toBe(508);
    expect(p.sensitivity).toBeCloseTo(p.tp / 508, 15);
  });

  it("compares two signatures by a paired DeLong test as pROC::roc.test", () => {
    const ref = readFileSync(`${dir}/delong_test_svm_vs_glm.csv`, "utf8").trim().split("\n").map((l) => l.split(","));
    const header = ref[0].map((h) => h.replace(/"/g, ""));
    const row = ref.find((r) => r[0].includes("test"))!;
    const c = compareAucs({ name: "svm", scores: svm }, { name: "glm", scores: glm }, y);
    expect(c.pValue).toBeCloseTo(Number(row[header.indexOf("p")]), 10);
  });

  it("evaluates a binary reading: AUC = (sensitivity + specificity) / 2", () => {
    const reading = glm.map((p) => (p >= 0.5 ? 1 : 0));
    const r = readerPerformance(reading, y);
    expect(r.auc).toBeCloseTo((r.sensitivity + r.specificity) / 2, 12);
    expect(() => readerPerformance([2, 0], [1, 0])).toThrow(/reading 2 at index 0/);
  });
});

describe("subgroupAucs", () => {
  it("computes AUC per level, NaN where a class is too small, and all controls for positive-only strata", () => {
    const scores = [0.1, 0.2, 0.8, 0.9, 0.3, 0.7, 0.6, 0.4];
    const labels = [0, 0, 1, 1, 0, 1, 1, 0];
    const rows = subgroupAucs(scores, labels, { site: ["a", "a", "a", "a", "b", "b", "b", "b"], nodes: [null, null, "1", "2", null, "1", "2", null] }, { controlsFromAll: ["nodes"] });
    const a = rows.find((r) => r.variable === "site" && r.level === "a")!;
    expect(a.auc).toBe(1);
    const n1 = rows.find((r) => r.variable === "nodes" && r.level === "1")!;
    expect(n1.n).toBe(6); // 2 positives with 1 node + 4 controls
    expect(n1.positives).toBe(2);
    expect(n1.auc).toBe(1);
  });
});

describe("calibration", () => {
  it("Brier score and equal-size bins", () => {
    expect(brierScore([0.9, 0.2, NaN], [1, 0, 1])).toBeCloseTo(0.025, 15);
    const c = calibrationCurve([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1], 2);
    expect(c).toEqual({ predicted: [0.15000000000000002, 0.8500000000000001], observed: [0, 1], counts: [2, 2] });
  });
});
