import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { predict } from "../../src/cli/commands/predict";
import { loadModel, saveModel } from "../../src/signatures/model-file";
import { paperSignatures, signatureByName } from "../../src/signatures/definitions";
import { SignaturePipeline } from "../../src/signatures/pipeline";
import { subsetRows } from "../../src/signatures/dataset";
import { CLINICAL, syntheticStudy } from "./synthetic";

const dir = mkdtempSync(join(tmpdir(), "alnm-predict-"));
const { data, cohorts } = syntheticStudy(21, { training: 100, prospective: 20, external: 20 });
const train = subsetRows(data, cohorts.flatMap((c, i) => (c === "training" ? [i] : [])));
let pipe: SignaturePipeline;
let probs: number[];
const modelFile = join(dir, "multiomic.model.json");

beforeAll(async () => {
  pipe = await new SignaturePipeline(signatureByName(paperSignatures(), "Multiomic"), { clinicalVariables: CLINICAL, topK: 4, forest: { nTrees: 60 }, seed: 4 }).fit(train);
  probs = pipe.predictProbability(data);
  writeFileSync(join(dir, "manifest.json"), "{}");
  saveModel(modelFile, pipe, { manifestFile: join(dir, "manifest.json"), provenance: { test: true } });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A patient folder as cohort extraction + a clinical record would give it. */
function patientFolder(i: number): string {
  const folder = join(dir, data.ids[i]);
  mkdirSync(folder, { recursive: true });
  const groups = [...new Set(data.radiomic!.columns.map((c) => `${c.region}|${c.sequence}`))];
  const names = [...new Set(data.radiomic!.columns.map((c) => c.name))];
  const rows = groups.map((g) => {
    const [region, sequence] = g.split("|");
    return { region, sequence, values: names.map((n) => data.radiomic!.rows[i][data.radiomic!.columns.findIndex((c) => c.region === region && c.sequence === sequence && c.name === n)]) };
  });
  const table = {
    format: "alnm-radiomics-cohort-table/1",
    rows: rows.length,
    cases: rows.map((r) => `${data.ids[i]}/${r.sequence}/${r.region}`),
    columns: [
      { name: "Patient", type: "string", values: rows.map(() => data.ids[i]) },
      { name: "Sequence", type: "string", values: rows.map((r) => r.sequence) },
      { name: "Region", type: "string", values: rows.map((r) => r.region) },
      { name: "diagnostics_Versions_PyRadiomics", type: "string", values: rows.map(() => "3.1.0") },
      ...names.map((n, k) => ({ name: n, type: "number", values: rows.map((r) => r.values[k]) })),
    ],
  };
  writeFileSync(join(folder, "features.json"), JSON.stringify(table));
  writeFileSync(join(folder, "clinical.json"), JSON.stringify({ id: data.ids[i], age: data.clinical!.age[i], cT: data.clinical!.cT[i], subtype: data.clinical!.subtype[i] }));
  return folder;
}

async function runPredict(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void lines.push(a.join(" ")));
  try {
    return { code: await predict.run(args), out: lines.join("\n") };
  } finally {
    spy.mockRestore();
  }
}

describe("model file", () => {
  it("round-trips: the reloaded model gives the same probabilities to 1e-12", () => {
    const file = JSON.parse(readFileSync(modelFile, "utf8"));
    expect(file.format).toBe("alnm-signature-model");
    expect(file.version).toBe(1);
    expect(file.trainingManifest.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(file.model.featureNames.length).toBe(pipe.featureNames.length);
    const again = loadModel(modelFile).pipeline.predictProbability(data);
    again.forEach((p, i) => expect(Math.abs(p - probs[i])).toBeLessThan(1e-12));
    expect(loadModel(modelFile).pipeline.cutoff).toBe(pipe.cutoff);
  });

  it("rejects a file that is not a model, naming it", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ format: "something-else" }));
    expect(() => loadModel(bad)).toThrow(/bad.json is not an alnm signature model/);
  });
});

describe("alnm predict", () => {
  it("prints the probability of a patient folder equal to the notebook's to 1e-12, with the risk group", async () => {
    for (const i of [100, 125]) {
      const { code, out } = await runPredict(["--model", modelFile, "--patient", patientFolder(i), "--json"]);
      expect(code).toBe(0);
      const r = JSON.parse(out);
      expect(r.patient).toBe(data.ids[i]);
      expect(Math.abs(r.probability - probs[i])).toBeLessThan(1e-12);
      expect(r.riskGroup).toBe(probs[i] >= pipe.cutoff ? "high" : "low");
    }
    const text = await runPredict(["--model", modelFile, "--patient", patientFolder(101)]);
    expect(text.out).toMatch(/ALNM probability\s+0\.\d{4}/);
    expect(text.out).toMatch(/risk group\s+(high|low)/);
  });

  it("names the patient and the missing input", async () => {
    const folder = patientFolder(102);
    writeFileSync(join(folder, "clinical.json"), JSON.stringify({ id: data.ids[102], age: 50 }));
    await expect(runPredict(["--model", modelFile, "--patient", folder])).rejects.toThrow(new RegExp(`patient ${data.ids[102]}: .*clinical.json has no value for clinical variable 'cT'`));
  });
});
