import { describe, expect, it } from "vitest";
import { clinicalSignatureStudy } from "../../src/analyses/signatures/clinical-study";
import { clinicalSplit } from "../../src/analyses/signatures/companion";
import { openStudy } from "../../src/study/open";

const split = clinicalSplit(openStudy("studies/rotterdam.yaml"));

describe("clinical signature on the real Rotterdam cohort (train <= 1989, validation >= 1990)", () => {
  it("runs end to end: variables selected in training, AUC with DeLong CI, cut-off, sensitivity and specificity", async () => {
    const { result, probabilities } = await clinicalSignatureStudy(split, { seed: 1 });
    // ER and PgR do not differ by node status in the training years (Welch p 0.60, 0.48); the others do.
    expect(result.selected).toEqual(["age", "meno", "size", "grade"]);
    expect(result.counts.trainingComplete).toBe(1918);
    for (const p of [result.training, result.validation]) {
      expect(p.auc).toBeGreaterThan(0.6);
      expect(p.lower).toBeLessThan(p.auc);
      expect(p.upper).toBeGreaterThan(p.auc);
      expect(p.sensitivity).toBeGreaterThan(0);
      expect(p.specificity).toBeGreaterThan(0);
    }
    expect(result.validation.n).toBe(1064);
    expect(probabilities.validation.every((x) => x > 0 && x < 1)).toBe(true);
    expect(result.training.sensitivity + result.training.specificity).toBeGreaterThanOrEqual(1.299);
  });

  it("with every candidate variable forced in, reproduces R e1071's AUCs on the same six variables (to 1e-3)", async () => {
    // data/r/extended/task_pos_rotterdam_temporal/auc_delong.csv: svm_prob train 0.700633867577509, test 0.65954795218943.
    // The SVM solver's tolerance (eps 0.001) and row order leave the decision values equal only to about 1e-4.
    const { result } = await clinicalSignatureStudy(split, { seed: 1, clinicalPThreshold: 1.01 });
    expect(result.selected).toEqual(["age", "meno", "size", "grade", "er", "pgr"]);
    expect(Math.abs(result.training.auc - 0.700633867577509)).toBeLessThan(1e-3);
    expect(Math.abs(result.validation.auc - 0.65954795218943)).toBeLessThan(1e-3);
  });
});
