import { beforeAll, describe, expect, it } from "vitest";
import { paperSignatures } from "../../src/signatures/definitions";
import { runSignatureStudy, type SignatureStudy } from "../../src/analyses/signatures/study";
import { cohortRows } from "../../src/signatures/dataset";
import { aucTable, calibrationInputs, decisionCurveInput, delongComparisons, discordantCases, metricsTable, sankeyInput, trainingRecalibration } from "../../src/analyses/signatures/report";
import { CLINICAL, syntheticStudy } from "./synthetic";

const { data, cohorts } = syntheticStudy(17, { training: 100, prospective: 40, external: 40 });
const names = ["ALN region", "Tumour region"];
let study: SignatureStudy;
beforeAll(async () => {
  study = await runSignatureStudy(data, paperSignatures().filter((d) => names.includes(d.name)), { clinicalVariables: CLINICAL, topK: 3, forest: { nTrees: 40 }, seed: 3 });
});

describe("report builders", () => {
  it("tables: one AUC row per signature with the paper beside it; metrics and DeLong per cohort", () => {
    const rows = aucTable(study, names, { "ALN region": { training: 0.85, prospective: 0.61, external: 0.81 } });
    expect(rows.length).toBe(2);
    expect(rows[0]["external paper"]).toBe(0.81);
    expect(rows[1]["external paper"]).toBeUndefined();
    // The training AUC is labelled apparent (in-sample); held-out cohorts are not.
    expect(Object.keys(rows[0])).toContain("training AUC (95% CI), apparent");
    expect(Object.keys(rows[0])).toContain("external AUC (95% CI)");
    expect(metricsTable(study, names).length).toBe(6);
    expect(delongComparisons(study, names).map((c) => c.cohort)).toEqual(["training", "prospective", "external"]);
  });

  it("Sankey counts add up to the patients both signatures score", () => {
    const s = sankeyInput(study, cohortRows(study.data, "external"), names);
    const total = Object.entries(s.counts).filter(([k]) => k !== "patients").reduce((a, [, v]) => a + v, 0);
    expect(total).toBe(s.counts.patients);
    expect(s.correct.length).toBe(40);
  });

  it("decision curves and calibration on common patients; discordant cases are correct calls of the signature", () => {
    const rows = cohortRows(study.data, "training");
    const reading = new Map(data.labels.map((y, i) => [data.ids[i], i % 3 === 0 ? 1 - y : y]));
    const dca = decisionCurveInput(study, rows, names, { name: "reader", reading });
    expect(dca.models.length).toBe(3);
    expect(dca.thresholds.length).toBe(99);
    expect(dca.treatAll.length).toBe(99);
    const cal = calibrationInputs(study, rows, names, 5);
    expect(cal[0].counts.reduce((a, b) => a + b, 0)).toBe(100);
    const d = discordantCases(study, rows, "ALN region", reading);
    const cut = study.pipelines.get("ALN region")!.cutoff;
    const p = study.probabilities.get("ALN region")!;
    if (d.missedByRadiologists !== null) expect(p[d.missedByRadiologists] >= cut && data.labels[d.missedByRadiologists] === 1 && reading.get(data.ids[d.missedByRadiologists]) === 0).toBe(true);
    if (d.overcalledByRadiologists !== null) expect(p[d.overcalledByRadiologists] < cut && data.labels[d.overcalledByRadiologists] === 0).toBe(true);
    expect(d.missedByRadiologists !== null || d.overcalledByRadiologists !== null).toBe(true);
  });

  it("recalibration on the training cohort: glm(y ~ logit p) there, so the training cohort ends calibrated in the large", () => {
    // In-sample probabilities of this small planted study separate the classes: a clear refusal, naming it.
    expect(() => trainingRecalibration(study, names[1], "training")).toThrow(/recalibration of '.*' on cohort 'training' is undefined: its probabilities separate the outcomes/);
    // Scored on held-out patients they overlap: recalibrating on "prospective" there is defined.
    const rec = trainingRecalibration(study, names[0], "prospective");
    const t = rec.cohorts.find((c) => c.cohort === "prospective")!;
    expect(Math.abs(t.citlAfter)).toBeLessThan(1e-6);
    expect(t.brierAfter).toBeLessThanOrEqual(t.brierBefore + 1e-12);
    expect(rec.cohorts.map((c) => c.cohort)).toEqual(["training", "prospective", "external"]);
  });
});

