import { describe, expect, it } from "vitest";
import { paperSignatures, signatureByName } from "../../src/signatures/definitions";
import { subsetRows } from "../../src/signatures/dataset";
import { bootstrapOptimism, nestedCrossValidation, stratifiedFolds } from "../../src/signatures/validation";
import { createRng } from "../../src/util/random";
import { CLINICAL, syntheticStudy } from "./synthetic";

const OPTIONS = { clinicalVariables: CLINICAL, topK: 3, forest: { nTrees: 20, workers: 1 }, seed: 2 };
const { data, cohorts } = syntheticStudy(13, { training: 70, prospective: 0, external: 0 });
const train = subsetRows(data, cohorts.map((_, i) => i));
const def = signatureByName(paperSignatures(), "ALN region");

describe("stratifiedFolds", () => {
  it("deals each class evenly over the folds", () => {
    const labels = [...Array(23).fill(1), ...Array(37).fill(0)];
    const fold = stratifiedFolds(labels, 5, createRng(1));
    for (let f = 0; f < 5; f++) {
      const pos = labels.filter((y, i) => y === 1 && fold[i] === f).length;
      expect(pos === 4 || pos === 5).toBe(true);
    }
  });
});

describe("internal validation", () => {
  it("nested CV: out-of-fold AUC above chance on a planted signal; SVM cost chosen from the grid", async () => {
    const cv = await nestedCrossValidation(train, def, OPTIONS, { folds: 2, repeats: 1, seed: 5, costGrid: [0.5, 2] });
    expect(cv.aucs.length).toBe(1);
    expect(cv.meanAuc).toBeGreaterThan(0.7);
    expect(cv.chosenCost[0].every((c) => c === 0.5 || c === 2)).toBe(true);
  });

  it("bootstrap optimism: corrected = apparent - optimism, optimism > 0", async () => {
    const b = await bootstrapOptimism(train, def, OPTIONS, { replicates: 3, seed: 5 });
    expect(b.corrected).toBeCloseTo(b.apparent - b.optimism, 14);
    expect(b.optimism).toBeGreaterThan(0);
    expect(b.bootstrapAuc.length).toBe(3);
  });
});
