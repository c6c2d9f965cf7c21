import { beforeAll, describe, expect, it } from "vitest";
import { paperSignatures, signatureByName } from "../../src/signatures/definitions";
import { SignaturePipeline } from "../../src/signatures/pipeline";
import { runSignatureStudy } from "../../src/analyses/signatures/study";
import { subsetRows } from "../../src/signatures/dataset";
import { createRng } from "../../src/util/random";
import { CLINICAL, INFORMATIVE, syntheticStudy } from "./synthetic";

const OPTIONS = { clinicalVariables: CLINICAL, topK: 5, forest: { nTrees: 100 }, seed: 11 };
const DEFS = paperSignatures().filter((d) => ["ALN region", "ALN-tumour radiomic", "Clinical", "Multiomic"].includes(d.name));

describe("SignaturePipeline on a planted signal", () => {
  const { data, cohorts } = syntheticStudy(3);
  let study: Awaited<ReturnType<typeof runSignatureStudy>>;
  beforeAll(async () => {
    study = await runSignatureStudy(data, DEFS, OPTIONS);
  });

  it("selects the planted features and discriminates in the validation cohorts", async () => {
    const aln = study.pipelines.get("ALN-tumour radiomic")!;
    const features = aln.radiomicFeatures;
    // At most topK per group; every planted feature passes the t-test and outranks the noise that does.
    for (const region of ["aln", "tumour"]) for (const seq of ["T1C", "T2WI", "ADC"]) expect(features.filter((f) => f.region === region && f.sequence === seq).length).toBeLessThanOrEqual(5);
    const planted = features.filter((f) => Number(f.name.slice(1)) < INFORMATIVE).length;
    expect(planted).toBeGreaterThanOrEqual(6 * INFORMATIVE - 1);
    expect(features.every((f) => f.pValue < 0.05)).toBe(true);
    for (const cohort of ["prospective", "external"]) expect(study.performance["ALN-tumour radiomic"][cohort].auc).toBeGreaterThan(0.85);
    // Half the informative features in the ALN-only signature: weaker than ALN-tumour in the external cohort.
    expect(study.performance["ALN region"].external.auc).toBeLessThan(study.performance["ALN-tumour radiomic"].external.auc + 0.02);
  });

  it("selects the associated clinical variables (age, cT) and not the unrelated one (subtype)", async () => {
    const clin = study.pipelines.get("Clinical")!;
    expect(clin.clinicalVariables.map((v) => v.name)).toEqual(["age", "cT"]);
    expect(study.pipelines.get("Multiomic")!.featureNames.slice(-2)).toEqual(["clinical/age", "clinical/cT"]);
  });

  it("is deterministic: the same inputs and seed give identical probabilities", async () => {
    const again = await runSignatureStudy(data, DEFS.slice(1, 2), OPTIONS);
    expect(again.probabilities.get("ALN-tumour radiomic")).toEqual(study.probabilities.get("ALN-tumour radiomic"));
  });
});

describe("no leakage", () => {
  it("shuffling the validation cohorts' labels leaves every fitted model unchanged (with and without ComBat)", async () => {
    const { data, cohorts } = syntheticStudy(5, { training: 120, prospective: 50, external: 50 });
    const rng = createRng(99);
    const shuffled = { ...data, labels: [...data.labels] };
    const validation = cohorts.flatMap((c, i) => (c !== "training" ? [i] : []));
    const perm = [...validation];
    for (let i = perm.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    validation.forEach((i, k) => (shuffled.labels[i] = data.labels[perm[k]]));
    expect(shuffled.labels).not.toEqual(data.labels);
    for (const combat of [null, { refBatch: "A" }]) {
      const a = await runSignatureStudy(data, DEFS, { ...OPTIONS, combat });
      const b = await runSignatureStudy(shuffled, DEFS, { ...OPTIONS, combat });
      for (const d of DEFS) {
        expect(JSON.stringify(b.pipelines.get(d.name)!.toJSON())).toBe(JSON.stringify(a.pipelines.get(d.name)!.toJSON()));
        expect(b.probabilities.get(d.name)).toEqual(a.probabilities.get(d.name));
      }
      // ...while the validation performance does change: the labels did reach the evaluation.
      expect(b.performance["ALN-tumour radiomic"].external.auc).not.toBe(a.performance["ALN-tumour radiomic"].external.auc);
    }
  });

  it("changing a training label changes the model (the test above can fail)", async () => {
    const { data, cohorts } = syntheticStudy(5, { training: 120, prospective: 50, external: 50 });
    const changed = { ...data, labels: [...data.labels] };
    for (let i = 0; i < 10; i++) changed.labels[i] = 1 - changed.labels[i];
    const def = [signatureByName(DEFS, "ALN-tumour radiomic")];
    const a = (await runSignatureStudy(data, def, OPTIONS)).pipelines.get(def[0].name)!;
    const b = (await runSignatureStudy(changed, def, OPTIONS)).pipelines.get(def[0].name)!;
    expect(JSON.stringify(b.toJSON())).not.toBe(JSON.stringify(a.toJSON()));
  });
});

describe("complete cases and bad input", () => {
  it("fits on complete training rows and scores incomplete patients as NaN", async () => {
    const { data, cohorts } = syntheticStudy(8, { training: 100, prospective: 10, external: 10 });
    const train = subsetRows(data, cohorts.flatMap((c, i) => (c === "training" ? [i] : [])));
    train.radiomic!.rows[0][0] = NaN;
    (train.clinical!.age as (number | null)[])[1] = null;
    const pipe = await new SignaturePipeline(signatureByName(paperSignatures(), "Multiomic"), OPTIONS).fit(train);
    expect(pipe.training.n).toBe(98);
    const p = pipe.predictProbability(train);
    expect(Number.isNaN(p[1])).toBe(true);
    expect(p.slice(2).every((x) => x >= 0 && x <= 1)).toBe(true);
    // the training rows' probabilities are reused from the fit; a reloaded model scores every row afresh: same numbers
    expect(SignaturePipeline.fromJSON(JSON.parse(JSON.stringify(pipe.toJSON()))).predictProbability(train)).toEqual(p);
  });

  it("names the problem: missing clinical variables, wrong lengths, unfitted use", async () => {
    expect(() => new SignaturePipeline(signatureByName(paperSignatures(), "Clinical"), {})).toThrow(/uses clinical variables but no clinicalVariables/);
    const { data } = syntheticStudy(8, { training: 30, prospective: 0, external: 0 });
    const bad = { ...data, labels: data.labels.slice(1) };
    await expect(new SignaturePipeline(signatureByName(paperSignatures(), "ALN region"), OPTIONS).fit(bad)).rejects.toThrow(/labels has 29 entries for 30 patients/);
    expect(() => new SignaturePipeline(signatureByName(paperSignatures(), "ALN region"), OPTIONS).predictProbability(data)).toThrow(/not fitted/);
  });
});
