import type { Command } from "../command";
import { parseArgs } from "../command";
import { loadModel } from "../../signatures/model-file";
import { patientFromDirectory, patientFromManifest } from "../../signatures/patient-input";

export const predict: Command = {
  help: `Usage: alnm predict --model <model.json> --patient <dir | manifest.json#patientId> [--features <features.json>] [--json]

Scores one patient with a signature saved by notebook 04 (results/04-multiomic/multiomic.model.json):
the model's own z-scores, selected features, SVM and training cut-off. Probability >= cut-off is the
high-risk group.

Patient input:
  <dir>                     a folder with features.json (the patient's cases as cohort extraction writes
                            them) and/or clinical.json ({"id": "...", "<variable>": value, ...})
  <manifest.json>#<id>      the clinical row of patient <id> in the manifest's clinical table; radiomic
                            features from the cohort table given by --features

Options:
  --features <file>  cohort features.json (with a manifest entry)
  --json             print a JSON object (full-precision probability) instead of text

Example:
  npx alnm predict --model results/04-multiomic/multiomic.model.json --patient data-manifests/synthetic.json#P0042 --features build/extract/features.json`,
  async run(argv) {
    const { options } = parseArgs(argv);
    const modelFile = options.get("model")?.[0];
    const patient = options.get("patient")?.[0];
    if (!modelFile || !patient) {
      console.error("predict: --model and --patient are required (see alnm predict --help)");
      return 2;
    }
    const { file, pipeline } = loadModel(modelFile);
    const hash = patient.lastIndexOf("#");
    const data =
      hash > 0 ? patientFromManifest(patient.slice(0, hash), patient.slice(hash + 1), options.get("features")?.[0], pipeline) : patientFromDirectory(patient, pipeline);
    const probability = pipeline.predictProbability(data)[0];
    const cutoff = pipeline.cutoff;
    const group = probability >= cutoff ? "high" : "low";
    if (options.has("json")) {
      console.log(JSON.stringify({ patient: data.ids[0], signature: file.model.definition.name, probability, cutoff, riskGroup: group }));
    } else {
      console.log(`patient ${data.ids[0]}: ${file.model.definition.name} signature`);
      console.log(`  ALNM probability  ${probability.toFixed(4)}`);
      console.log(`  cut-off           ${cutoff.toFixed(4)} (chosen on the training cohort)`);
      console.log(`  risk group        ${group} (${group === "high" ? "probability >= cut-off" : "probability < cut-off"})`);
    }
    return 0;
  },
};
