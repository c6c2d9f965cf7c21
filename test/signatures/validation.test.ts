import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { delongCi } from "../../src/stats/index";
import { paperSignatures, signatureByName } from "../../src/signatures/definitions";
import { subsetRows } from "../../src/signatures/dataset";
import { SignaturePipeline } from "../../src/signatures/pipeline";
import { internalValidation, stratifiedFolds } from "../../src/signatures/validation";
import { createRng } from "../../src/util/random";
import { CLINICAL, syntheticStudy } from "./synthetic";

const OPTIONS = { clinicalVariables: CLINICAL, topK: 3, forest: { nTrees: 20, workers: 1 }, seed: 2 };
const { data, cohorts } = syntheticStudy(13, { training: 70, prospective: 0, external: 0 });
const train = subsetRows(data, cohorts.map((_, i) => i));
const aln = signatureByName(paperSignatures(), "ALN region");
const tumour = signatureByName(paperSignatures(), "Tumour region");

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

describe("internalValidation", () => {
  const settings = { bootstrap: 3, cvFolds: 2, cvRepeats: 2, kGrid: [1, 3], seed: 5 };

  it("apparent = the full fit's DeLong CI; corrected = apparent - optimism (CI shifted); repeated CV and k curve on the same folds", async () => {
    const v = await internalValidation(train, [aln, tumour], OPTIONS, settings);
    const full = await new SignaturePipeline(tumour, OPTIONS).fit(train);
    const ci = delongCi(full.predictProbability(train), train.labels);
    const t = v.signatures["Tumour region"];
    expect(t.apparent).toEqual({ auc: ci.auc, lower: ci.lower, upper: ci.upper });
    const o = t.optimismCorrected!;
    expect(o.replicates).toBe(3);
    expect(o.auc).toBeCloseTo(t.apparent.auc - o.optimism, 14);
    expect(o.lower).toBeCloseTo(t.apparent.lower - o.optimism, 14);
    expect(o.optimism).toBeGreaterThan(0); // a planted signal fitted in-sample is optimistic
    const cv = t.repeatedCv!;
    expect(cv.aucs).toHaveLength(2);
    expect(cv.auc).toBeCloseTo((cv.aucs[0] + cv.aucs[1]) / 2, 14);
    expect(cv.auc).toBeGreaterThan(0.6);
    expect(cv.auc).toBeLessThan(t.apparent.auc);
    expect(v.kCurve.map((r) => r.k)).toEqual([1, 3]);
    // k = topK of the options refits the same pipeline on the same folds: the curve passes through the CV estimate.
    expect(v.kCurve[1].auc).toBeCloseTo(cv.auc, 14);
  }, 60_000);

  it("a cache folder gives the same numbers, and a second run reads the resamples back", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "alnm-validation-"));
    const first = await internalValidation(train, [aln], OPTIONS, { ...settings, cacheDir });
    const stored = readdirSync(cacheDir);
    expect(stored).toContain("forests");
    const keyDir = stored.find((f) => f !== "forests")!;
    expect(readdirSync(join(cacheDir, keyDir)).sort()).toEqual(["bootstrap-0.json", "bootstrap-1.json", "bootstrap-2.json", "cv-0-0.json", "cv-0-1.json", "cv-1-0.json", "cv-1-1.json"]);
    let computed = 0;
    const second = await internalValidation(train, [aln], OPTIONS, { ...settings, cacheDir, progress: () => computed++ });
    expect(second).toEqual(first);
    expect(computed).toBe(3 + 2 * 2);
    const plain = await internalValidation(train, [aln], OPTIONS, settings);
    expect(plain).toEqual(first);
  }, 60_000);

  it("fits resamples concurrently without changing a number: 1 and 3 at a time give the same result", async () => {
    const one = await internalValidation(train, [aln, tumour], OPTIONS, { ...settings, concurrency: 1 });
    const three = await internalValidation(train, [aln, tumour], OPTIONS, { ...settings, concurrency: 3 });
    expect(JSON.stringify(three)).toBe(JSON.stringify(one));
    expect(one.settings).not.toHaveProperty("concurrency");
  }, 60_000);
});
