import { describe, expect, it } from "vitest";
import { cohortRows, subsetRows, type SignatureData } from "../../src/signatures/dataset";
import { paperSignatures } from "../../src/signatures/definitions";
import { SelectionCache, SignaturePipeline } from "../../src/signatures/pipeline";
import { columnTTests } from "../../src/signatures/selection";
import { TrainingTable } from "../../src/signatures/training-table";
import { ZScoreScaler } from "../../src/signatures/zscore";
import { CLINICAL, syntheticStudy } from "./synthetic";

const OPTIONS = { clinicalVariables: CLINICAL, topK: 4, forest: { nTrees: 40 }, seed: 5 };

/** Training patients of the synthetic study, with a few missing radiomic values and clinical values (so signatures differ in their complete rows). */
function trainingWithGaps(): SignatureData {
  const { data } = syntheticStudy(8, { training: 90, prospective: 10, external: 10 });
  const train = subsetRows(data, cohortRows(data, "training"));
  train.radiomic!.rows = train.radiomic!.rows.map((r) => [...r]);
  train.radiomic!.rows[3][0] = NaN; // an ALN T1C feature
  train.radiomic!.rows[7][40] = Infinity; // a tumour feature
  train.radiomic!.rows[11][70] = NaN; // a tumour ADC feature
  train.clinical = { ...train.clinical, age: train.clinical!.age.map((x, i) => (i === 5 ? null : x)) };
  return train;
}

describe("TrainingTable: statistics shared between signatures equal each signature's own", () => {
  const train = trainingWithGaps();
  const table = new TrainingTable(train);

  it("complete rows: labelled patients with every candidate feature finite, per signature", () => {
    for (const d of paperSignatures()) {
      const pipe = new SignaturePipeline(d, OPTIONS);
      const cand = train.radiomic!.columns.flatMap((c, j) => (d.regions.includes(c.region) && d.sequences.includes(c.sequence) ? [j] : []));
      const expected = train.ids.flatMap((_, i) => (cand.every((j) => Number.isFinite(train.radiomic!.rows[i][j])) ? [i] : []));
      expect(pipe.completeTrainingRows(train, [], table)).toEqual(expected);
    }
    const aln = new SignaturePipeline(paperSignatures()[0], OPTIONS).completeTrainingRows(train, [], table);
    expect(aln).not.toContain(3);
    expect(aln).toContain(7);
  });

  it("centre, scale, z-scores and t-tests of a column equal ZScoreScaler and columnTTests on the row matrix", () => {
    const rows = train.ids.map((_, i) => i).filter((i) => i !== 3 && i !== 9);
    const part = subsetRows(train, rows);
    const cols = [5, 0, 17, 40, 5];
    const matrix = part.radiomic!.rows.map((r) => cols.map((j) => r[j]));
    const scaler = new ZScoreScaler().fit(matrix);
    const z = scaler.transform(matrix);
    const tests = columnTTests(z, part.labels, { tTest: "student" });
    const stats = table.columns(rows, "student");
    cols.forEach((j, k) => {
      expect(stats.centreAndScale(j)).toEqual({ center: scaler.center[k], scale: scaler.scale[k] });
      expect(Array.from(stats.zColumn(j))).toEqual(z.map((r) => r[k]));
    });
    expect(stats.tTests(cols)).toEqual(tests);
    expect(table.columns(rows, "student")).toBe(stats);
    expect(table.columns(rows, "welch")).not.toBe(stats);
  });

  it("a family fitted with one shared cache gives every signature's model and probabilities as fitted alone", async () => {
    const shared = new SelectionCache();
    for (const d of paperSignatures()) {
      const together = await new SignaturePipeline(d, OPTIONS).fit(train, shared);
      const alone = await new SignaturePipeline(d, OPTIONS).fit(train);
      expect(JSON.stringify(together.toJSON())).toBe(JSON.stringify(alone.toJSON()));
      expect(together.predictProbability(train)).toEqual(alone.predictProbability(train));
    }
  }, 60_000);
});
