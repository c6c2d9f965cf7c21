/**
 * The versioned JSON file a fitted signature is saved in, so `alnm predict` can score new patients
 * without the training data: the definition and options, the selected features with their training
 * z-score parameters, the selected clinical variables and their coding, the SVM (support vectors,
 * coefficients, Platt parameters), the cut-off, and the SHA-256 of the training manifest.
 *
 * @example
 * saveModel("build/multiomic.model.json", pipeline, { manifestFile: "data-manifests/synthetic.json" });
 * const { pipeline: again } = loadModel("build/multiomic.model.json");
 * again.predictProbability(patients);  // identical to pipeline.predictProbability(patients)
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { stableJson, writeFileAtomic } from "../util/atomic";
import { SignaturePipeline, type SignatureModelJson } from "./pipeline";

export const MODEL_FORMAT = "alnm-signature-model";
export const MODEL_VERSION = 1;

export interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: number;
  /** The training manifest's path as given and the SHA-256 of its bytes. */
  trainingManifest: { path: string; sha256: string } | null;
  /** Free-form provenance (notebook, cohort names). */
  provenance: Record<string, unknown>;
  model: SignatureModelJson;
}

/** SHA-256 of a file's bytes. */
export function fileSha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** The model file's content for a fitted pipeline. */
export function modelFileContent(pipeline: SignaturePipeline, options: { manifestFile?: string; provenance?: Record<string, unknown> } = {}): ModelFile {
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    trainingManifest: options.manifestFile ? { path: options.manifestFile, sha256: fileSha256(options.manifestFile) } : null,
    provenance: options.provenance ?? {},
    model: pipeline.toJSON(),
  };
}

/** Writes the model file atomically (numbers as shortest round-trip decimals, so reloading is exact). */
export function saveModel(path: string, pipeline: SignaturePipeline, options: { manifestFile?: string; provenance?: Record<string, unknown> } = {}): ModelFile {
  const content = modelFileContent(pipeline, options);
  writeFileAtomic(path, stableJson(content));
  return content;
}

/** Reads and checks a model file; throws naming the file when it is not one this version can read. */
export function loadModel(path: string): { file: ModelFile; pipeline: SignaturePipeline } {
  let file: ModelFile;
  try {
    file = JSON.parse(readFileSync(path, "utf8")) as ModelFile;
  } catch (err) {
    throw new Error(`cannot read model file ${path}: ${(err as Error).message}`);
  }
  if (file?.format !== MODEL_FORMAT) throw new Error(`${path} is not an alnm signature model (format '${file?.format}', expected '${MODEL_FORMAT}')`);
  if (file.version !== MODEL_VERSION) throw new Error(`${path}: model file version ${file.version} is not supported (this alnm reads version ${MODEL_VERSION})`);
  try {
    return { file, pipeline: SignaturePipeline.fromJSON(file.model) };
  } catch (err) {
    throw new Error(`${path}: invalid model: ${(err as Error).message}`);
  }
}
