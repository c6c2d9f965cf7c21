import { describe, expect, it } from "vitest";
import {
  auc,
  bootstrapAucCi,
  confusionAt,
  decisionCurve,
  delongCi,
  delongTest,
  optimalCutpoint,
  rocCurve,
} from "../../src/stats/index";
import { expectClose, rExtra, readCsv, readJson } from "./helpers";

const extra = rExtra();

const TASKS = ["task_pos_rotterdam_temporal", "task_ge4_rotterdam_to_gbsg"];

function taskScores(task: string, set: string): Record<string, any>[] {
  return readCsv("r", "extended", task, "scores_per_patient.csv").filter((r) => r.set === set);
}

describe("ROC, AUC and DeLong against pROC (data/r/extended/<task>)", () => {
  for (const task of TASKS) {
    it(`${task}: AUC, DeLong variance and 95 % CI for every score and set`, () => {
      for (const row of readCsv("r", "extended", task, "auc_delong.csv")) {
        const d = taskScores(task, row.set);
        const labels = d.map((r) => r.y);
        const scores = d.map((r) => r[row.score]);
        const tag = `${row.set} ${row.score}`;
        const ci = delongCi(scores, labels, 0.95, { direction: "<" });
        expectClose(ci.auc, row.auc, 1e-8, `${tag} auc`);
        expectClose(auc(scores, labels, { direction: "<" }), row.auc, 1e-8, `${tag} auc()`);
        expectClose(ci.variance, row.var_delong, 1e-8, `${tag} var`);
        expectClose(ci.lower, row.ci_low, 1e-8, `${tag} lo`);
        expectClose(ci.upper, row.ci_high, 1e-8, `${tag} hi`);
      }
    });

    it(`${task}: paired DeLong test SVM vs GLM`, () => {
      for (const row of readCsv("r", "extended", task, "delong_test_svm_vs_glm.csv")) {
        const d = taskScores(task, row.set);
        const t = delongTest(d.map((r) => r.svm_prob), d.map((r) => r.glm_prob), d.map((r) => r.y), { direction: "<" });
        expectClose(t.aucA, row.auc1, 1e-8, `${row.set} auc1`);
        expectClose(t.aucB, row.auc2, 1e-8, `${row.set} auc2`);
        expectClose(t.z, row.Z, 1e-8, `${row.set} Z`);
        expectClose(t.pValue, row.p, 1e-8, `${row.set} p`);
      }
    });
  }

  it("data/r/out/roc.json: train and external AUC CIs and the DeLong test", () => {
    const ref = readJson("r", "out", "roc.json");
    const all = readCsv("r", "out", "scores.csv");
    for (const [cohort, key] of [["train", "train"], ["external", "external"]]) {
      const d = all.filter((r) => r.cohort === cohort);
      const y = d.map((r) => r.y);
      for (const model of ["svm", "glm"]) {
        const ci = delongCi(d.map((r) => r[model]), y);
        const exp = ref[`${model}_${key}`];
        expectClose(ci.auc, exp.auc, 1e-8, `${model} ${key} auc`);
        expectClose(ci.lower, exp.lo, 1e-8, `${model} ${key} lo`);
        expectClose(ci.upper, exp.hi, 1e-8, `${model} ${key} hi`);
      }
      if (cohort === "external") {
        const t = delongTest(d.map((r) => r.svm), d.map((r) => r.glm), y);
        expectClose(t.z, ref.delong_svm_vs_glm_external.z, 1e-8, "z");
        expectClose(t.pValue, ref.delong_svm_vs_glm_external.p, 1e-8, "p");
      }
    }
  });

  it("curve: thresholds at midpoints, a case/control tie, direction auto (test/fixtures/stats)", () => {
    for (const ref of [extra.roc_small, { ...extra.roc_flipped, scores: [0.9, 0.8, 0.2, 0.1], labels: [0, 0, 1, 1] }]) {
      const pts = rocCurve(ref.scores, ref.labels);
      expect(pts.length).toBe(ref.thresholds.length);
      pts.forEach((p, i) => {
        expectClose(p.threshold, typeof ref.thresholds[i] === "string" ? Number(ref.thresholds[i]) : ref.thresholds[i], 1e-12, `threshold ${i}`);
        expectClose(p.sensitivity, ref.sensitivities[i], 1e-12, `sens ${i}`);
        expectClose(p.specificity, ref.specificities[i], 1e-12, `spec ${i}`);
      });
      expect(auc(ref.scores, ref.labels)).toBe(ref.auc);
    }
    // Forcing "<" on a score where controls are higher gives the complement, as pROC.
    expect(auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1], { direction: "<" })).toBe(0);
  });

  it("degenerate input: one class, bad labels, a single case, identical curves", () => {
    expect(() => auc([0.1, 0.2], [1, 1])).toThrow(/no control/);
    expect(() => auc([0.1, 0.2], [0, 2])).toThrow(/not 0 or 1/);
    const single = delongCi([0.1, 0.5, 0.7], [0, 1, 1]);
    expect(single.auc).toBe(1);
    expect(single.variance).toBeNaN();
    const same = delongTest([0.1, 0.5, 0.7, 0.3], [0.1, 0.5, 0.7, 0.3], [0, 1, 1, 0]);
    expect([same.z, same.pValue]).toEqual([0, 1]);
  });

  it("bootstrap CI: reproducible for a seed, covers the DeLong interval roughly", () => {
    const d = taskScores("task_pos_rotterdam_temporal", "test");
    const s = d.map((r) => r.glm_prob), y = d.map((r) => r.y);
    const a = bootstrapAucCi(s, y, { n: 300, seed: 7 });
    const b = bootstrapAucCi(s, y, { n: 300, seed: 7 });
    expect(a.replicates).toEqual(b.replicates);
    expect(bootstrapAucCi(s, y, { n: 300, seed: 8 }).lower).not.toBe(a.lower);
    const dl = delongCi(s, y);
    expect(Math.abs(a.lower - dl.lower)).toBeLessThan(0.01);
    expect(Math.abs(a.upper - dl.upper)).toBeLessThan(0.01);
    expect(a.auc).toBe(dl.auc);
  });
});

describe("cut-points and confusion tables against cutpointr (data/r/extended/<task>)", () => {
  for (const task of TASKS) {
    it(`${task}: sum_sens_spec optimum on training scores and confusion on both sets`, () => {
      const train = taskScores(task, "train");
      for (const row of readCsv("r", "extended", task, "cutpointr.csv").filter((r) => r.metric === "sum_sens_spec")) {
        const cp = optimalCutpoint(train.map((r) => r[row.score]), train.map((r) => r.y));
        expect(cp.tiedCutoffs.length, row.score).toBe(row.n_optimal);
        expectClose(cp.cutoff, row.optimal_cutpoint, 1e-12, `${row.score} cutoff`);
        expectClose(cp.metric, row.metric_value, 1e-10, `${row.score} metric`);
        expectClose(cp.sensitivity, row.sensitivity, 1e-10, `${row.score} sens`);
        expectClose(cp.specificity, row.specificity, 1e-10, `${row.score} spec`);
      }
      for (const row of readCsv("r", "extended", task, "confusion_at_cutoff.csv")) {
        const d = taskScores(task, row.set);
        const c = confusionAt(d.map((r) => r[`${row.score}`]), d.map((r) => r.y), row.cutoff);
        const tag = `${row.score} ${row.set}`;
        expect([c.tp, c.fp, c.tn, c.fn], tag).toEqual([row.TP, row.FP, row.TN, row.FN]);
        for (const k of ["sensitivity", "specificity", "ppv", "npv", "accuracy"] as const) expectClose(c[k], row[k], 1e-12, `${tag} ${k}`);
      }
    });
  }

  it("data/r/out/cutpoint_glm_train.json", () => {
    const ref = readJson("r", "out", "cutpoint_glm_train.json");
    const d = readCsv("r", "out", "scores.csv").filter((r) => r.cohort === "train");
    const cp = optimalCutpoint(d.map((r) => r.glm), d.map((r) => r.y));
    expectClose(cp.cutoff, ref.glm_cutoff, 1e-12, "cutoff");
    expectClose(cp.sensitivity, ref.sensitivity, 1e-12, "sens");
    expectClose(cp.specificity, ref.specificity, 1e-12, "spec");
    expectClose(cp.metric, ref.sum_sens_spec, 1e-12, "metric");
  });

  it("ties in the metric are broken by the median cut-off; one class is an error; 0/0 rates are NaN", () => {
    // 0.9 and 0.5 tie at sens + spec = 1.5; their median 0.7 is reported with 0.7's own sens and spec, as cutpointr.
    expect(optimalCutpoint([0.3, 0.5, 0.7, 0.9], [0, 1, 0, 1]).tiedCutoffs).toEqual([0.9, 0.5]);
    for (const ref of extra.cutpointr_ties) {
      const cp = optimalCutpoint(ref.x, ref.y);
      expect(cp.cutoff).toBe(ref.cutoff);
      expect([cp.metric, cp.sensitivity, cp.specificity]).toEqual([ref.metric, ref.sensitivity, ref.specificity]);
    }
    expect(() => optimalCutpoint([0.1, 0.2], [1, 1])).toThrow(/two classes/);
    const none = confusionAt([0.1, 0.2], [0, 1], 0.5);
    expect(none.ppv).toBeNaN();
  });
});

describe("decision curves", () => {
  it("net benefit, treat-all and treat-none on both tasks (data/r/extended/<task>/decision_curve.csv)", () => {
    for (const task of TASKS) {
      const ref = readCsv("r", "extended", task, "decision_curve.csv");
      for (const set of ["train", "test"]) {
        const d = taskScores(task, set);
        const rows = ref.filter((r) => r.set === set);
        const y = d.map((r) => r.y);
        const svm = decisionCurve(d.map((r) => r.svm_prob), y);
        const glm = decisionCurve(d.map((r) => r.glm_prob), y);
        expect(svm.length).toBe(rows.length);
        rows.forEach((r, i) => {
          const tag = `${task} ${set} ${r.threshold}`;
          expect(svm[i].threshold).toBe(r.threshold);
          expectClose(svm[i].netBenefit, r.nb_svm, 1e-8, `${tag} svm`);
          expectClose(glm[i].netBenefit, r.nb_glm, 1e-8, `${tag} glm`);
          expectClose(glm[i].treatAll, r.nb_treat_all, 1e-8, `${tag} all`);
          expect(glm[i].treatNone).toBe(0);
        });
      }
    }
  });

  it("data/r/out/dca_glm_validation.json (R's seq() thresholds)", () => {
    const ref = readJson("r", "out", "dca_glm_validation.json");
    const d = readCsv("r", "out", "scores.csv").filter((r) => r.cohort === "external");
    const rows = decisionCurve(d.map((r) => r.glm), d.map((r) => r.y), ref.threshold);
    rows.forEach((r, i) => {
      expectClose(r.netBenefit, ref.model[i], 1e-8, `nb ${r.threshold}`);
      expectClose(r.treatAll, ref.treat_all[i], 1e-8, `all ${r.threshold}`);
    });
    expect(() => decisionCurve([0.5], [1], [1])).toThrow(/must be in \(0, 1\)/);
  });
});
