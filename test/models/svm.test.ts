import { beforeAll, describe, expect, it } from "vitest";
import { SvmClassifier, type SvmModelJson } from "../../src/models/svm";
import { loadLibsvm } from "../../src/models/libsvm";
import { auc } from "../../src/stats";
import { createRng } from "../../src/util/random";
import { extendedTemporalTask, readCsv, readJson, rotterdamTask, type Task } from "./data";

const ROC = readJson("r", "out", "roc.json");

describe("SvmClassifier against e1071 (data/r/out/roc.json, reference.R task)", () => {
  let task: Task;
  let svm: SvmClassifier;
  beforeAll(async () => {
    task = rotterdamTask();
    svm = await new SvmClassifier({ seed: 1 }).fit(task.X, task.y);
  });

  it("validation AUC within 0.01 of e1071's", () => {
    const ours = auc(svm.predictProbability(task.Xv), task.yv);
    expect(Math.abs(ours - ROC.svm_external.auc)).toBeLessThan(0.01);
  });

  it("training AUC within 0.01 of e1071's", () => {
    const ours = auc(svm.predictProbability(task.X), task.y);
    expect(Math.abs(ours - ROC.svm_train.auc)).toBeLessThan(0.01);
  });

  it("uses e1071's defaults: gamma = 1/p, cost 1, training mean/sd scaling", () => {
    const m = svm.toJSON();
    expect(m.gamma).toBe(1 / 9);
    expect(m.cost).toBe(1);
    const meanAge = task.X.reduce((s, r) => s + r[0], 0) / task.X.length;
    expect(m.center![0]).toBeCloseTo(meanAge, 12);
    expect(svm.warning).toBeNull();
  });

  it("decision values and probabilities equal libsvm's own predictions", async () => {
    const libsvm = await loadLibsvm();
    const m = svm.toJSON();
    const Z = task.X.map((r) => r.map((v, j) => (v - m.center![j]) / m.scale![j]));
    const raw = new libsvm.SVM({ type: libsvm.SVM.SVM_TYPES.C_SVC, kernel: libsvm.SVM.KERNEL_TYPES.RBF, cost: 1, gamma: 1 / 9, probabilityEstimates: true, quiet: true });
    libsvm.seedRand(1);
    raw.train(Z, task.y);
    const ours = svm.predictProbability(task.Xv.slice(0, 200));
    const classes = svm.predict(task.Xv.slice(0, 200));
    const dec = svm.decisionValues(task.Xv.slice(0, 200));
    let maxDiff = 0;
    task.Xv.slice(0, 200).forEach((x, i) => {
      const z = x.map((v, j) => (v - m.center![j]) / m.scale![j]);
      const r = raw.predictOneProbability(z);
      const p1 = r.estimates.find((e) => e.label === 1)!.probability;
      maxDiff = Math.max(maxDiff, Math.abs(p1 - ours[i]));
      expect(classes[i]).toBe(dec[i] > 0 ? 1 : 0);
    });
    raw.free();
    expect(maxDiff).toBeLessThan(1e-12);
  });

  it("probabilities are monotone in the decision value (AUC of both equal)", () => {
    expect(auc(svm.decisionValues(task.Xv), task.yv)).toBe(auc(svm.predictProbability(task.Xv), task.yv));
  });

  it("a model saved with toJSON predicts identically after fromJSON, without libsvm", () => {
    const restored = SvmClassifier.fromJSON(JSON.parse(JSON.stringify(svm.toJSON())));
    expect(restored.predictProbability(task.Xv)).toEqual(svm.predictProbability(task.Xv));
    expect(restored.decisionValues(task.Xv)).toEqual(svm.decisionValues(task.Xv));
  });
});

describe("decision values rebuilt from e1071's exported support vectors (data/r/extended)", () => {
  const dir = ["r", "extended", "task_pos_rotterdam_temporal"];
  const summary = readJson(...dir, "summary.json").svm;
  const svs = readCsv(...dir, "svm_support_vectors.csv");
  const scores = new Map(readCsv(...dir, "scores_per_patient.csv").map((r) => [r.pid as number, r]));
  const task = extendedTemporalTask();
  const json: SvmModelJson = {
    kind: "SvmClassifier",
    cost: summary.cost,
    gamma: summary.gamma,
    labels: summary.libsvm_label_order.map(Number) as [number, number],
    center: task.features.map((f) => summary.scale_center[f]),
    scale: task.features.map((f) => summary.scale_sd[f]),
    supportVectors: svs.map((r) => task.features.map((f) => r[`z_${f}`])),
    coefficients: svs.map((r) => r.coef),
    rho: summary.rho,
    probA: summary.probA,
    probB: summary.probB,
  };
  const model = SvmClassifier.fromJSON(json);

  it.each([
    ["validation", task.Xv, task.pidValidation],
    ["training", task.X, task.pidTrain],
  ] as const)("%s decision values match R's to 1e-10, probabilities to 1e-10", (_set, X, pids) => {
    const dec = model.decisionValues(X);
    const prob = model.predictProbability(X);
    let maxDec = 0, maxProb = 0;
    pids.forEach((pid, i) => {
      const ref = scores.get(pid)!;
      maxDec = Math.max(maxDec, Math.abs(dec[i] - ref.svm_dec));
      maxProb = Math.max(maxProb, Math.abs(prob[i] - ref.svm_prob));
    });
    expect(maxDec).toBeLessThan(1e-10);
    expect(maxProb).toBeLessThan(1e-10);
  });

  it("our own fit on this task: validation AUC within 0.01 of e1071's", async () => {
    const ref = readCsv(...dir, "auc_delong.csv").find((r) => r.set === "test" && r.score === "svm_prob")!;
    const ours = await new SvmClassifier({ seed: 1 }).fit(task.X, task.y);
    expect(Math.abs(auc(ours.predictProbability(task.Xv), task.yv) - ref.auc)).toBeLessThan(0.01);
  });
});

describe("SvmClassifier determinism (libsvm's rand() is seeded per fit)", () => {
  const rng = createRng(7);
  const X = Array.from({ length: 120 }, () => [rng.normal(), rng.normal(), rng.normal()]);
  const y = X.map((r) => (r[0] + r[1] + 0.8 * rng.normal() > 0 ? 1 : 0));
  const Xnew = Array.from({ length: 30 }, () => [rng.normal(), rng.normal(), rng.normal()]);

  it("same seed gives identical probabilities whatever was trained before in the process", async () => {
    const first = (await new SvmClassifier({ seed: 11 }).fit(X, y)).predictProbability(Xnew);
    await new SvmClassifier({ seed: 3 }).fit(X.slice(0, 80), y.slice(0, 80));
    const raw = await loadLibsvm();
    const other = new raw.SVM({ type: raw.SVM.SVM_TYPES.C_SVC, kernel: raw.SVM.KERNEL_TYPES.RBF, probabilityEstimates: true, quiet: true });
    other.train(X, y); // advances libsvm's rand() outside our control
    other.free();
    const again = (await new SvmClassifier({ seed: 11 }).fit(X, y)).predictProbability(Xnew);
    expect(again).toEqual(first);
  });

  it("different seeds change Platt's fit (the seed reaches libsvm) but not the decision values", async () => {
    const a = await new SvmClassifier({ seed: 11 }).fit(X, y);
    const b = await new SvmClassifier({ seed: 12 }).fit(X, y);
    expect(b.predictProbability(Xnew)).not.toEqual(a.predictProbability(Xnew));
    expect(b.decisionValues(Xnew)).toEqual(a.decisionValues(Xnew));
  });
});

describe("SvmClassifier degenerate input", () => {
  it("one class only: clear error", async () => {
    await expect(new SvmClassifier().fit([[1], [2], [3], [4], [5]], [1, 1, 1, 1, 1])).rejects.toThrow(/only class 1.*needs both classes/);
  });

  it("a constant column disables scaling with a warning, as e1071", async () => {
    const rng = createRng(3);
    const X = Array.from({ length: 40 }, (_, i) => [rng.normal(), 5, i % 2 ? 1 : -1]);
    const y = X.map((r) => (r[2] > 0 ? 1 : 0));
    const svm = await new SvmClassifier({ seed: 1 }).fit(X, y);
    expect(svm.warning).toMatch(/column\(s\) 1 constant/);
    expect(svm.toJSON().center).toBeNull();
    expect(auc(svm.decisionValues(X), y)).toBe(1);
  });

  it("n < 5 with probabilities: clear error; without probabilities n = 2 fits", async () => {
    await expect(new SvmClassifier().fit([[0], [1]], [0, 1])).rejects.toThrow(/at least 5 rows/);
    const svm = await new SvmClassifier({ probability: false }).fit([[0], [1]], [0, 1]);
    expect(svm.predict([[0], [1]])).toEqual([0, 1]);
  });

  it("non-finite values, ragged rows and wrong widths name the row and column", async () => {
    await expect(new SvmClassifier().fit([[1, 2], [3, NaN], [1, 1], [0, 0], [2, 2]], [0, 1, 0, 1, 0])).rejects.toThrow(/X\[1\]\[1\] is NaN/);
    await expect(new SvmClassifier().fit([[1, 2], [3]], [0, 1])).rejects.toThrow(/row 1 has 1 values, expected 2/);
    const svm = await new SvmClassifier({ probability: false }).fit([[0, 0], [1, 1]], [0, 1]);
    expect(() => svm.decisionValues([[1, 2, 3]])).toThrow(/row 0 has 3 values, expected 2/);
    expect(() => svm.predictProbability([[1, 2]])).toThrow(/probability = false/);
  });
});
