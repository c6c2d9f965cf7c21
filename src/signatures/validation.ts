/**
 * Internal validation of a signature in the training cohort (beyond the paper, which reports only the
 * apparent training AUC). Every resample refits the WHOLE pipeline (z-scores, t-test, forests, clinical
 * tests, SVM), so feature selection is validated too.
 * - Nested cross-validation: stratified k-fold outer loop; when `costGrid` is given, an inner stratified
 *   k-fold loop on each outer training part chooses the SVM cost by pooled out-of-fold AUC. The outer
 *   held-out predictions are pooled into one AUC per repeat; the result is their mean.
 * - Bootstrap optimism correction (Harrell, Lee & Mark 1996): optimism = mean over B bootstrap samples of
 *   AUC(fit_b on sample b) - AUC(fit_b on the original data); corrected AUC = apparent AUC - optimism.
 *
 * @example
 * const cv = await nestedCrossValidation(training, definition, options, { folds: 5, repeats: 1, seed: 7 });
 * const boot = await bootstrapOptimism(training, definition, options, { replicates: 20, seed: 7 });
 * boot.corrected; // optimism-corrected training AUC
 */
import { auc } from "../stats/index";
import { createRng, type Rng } from "../util/random";
import { labelledRows, subsetRows, type SignatureData } from "./dataset";
import type { SignatureDefinition } from "./definitions";
import { SignaturePipeline, type PipelineOptions } from "./pipeline";

/** Stratified fold assignment: positives and negatives shuffled separately and dealt round-robin. */
export function stratifiedFolds(labels: number[], k: number, rng: Rng): number[] {
  if (k < 2) throw new Error(`stratifiedFolds: need at least 2 folds, got ${k}`);
  const fold = new Array<number>(labels.length).fill(-1);
  for (const cls of [0, 1]) {
    const idx = labels.flatMap((y, i) => (y === cls ? [i] : []));
    shuffle(idx, rng);
    idx.forEach((i, r) => (fold[i] = r % k));
  }
  return fold;
}

function shuffle<T>(xs: T[], rng: Rng): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
}

/** AUC over the patients with a finite score. */
function finiteAuc(scores: number[], labels: number[]): number {
  const keep = scores.flatMap((s, i) => (Number.isFinite(s) ? [i] : []));
  return auc(keep.map((i) => scores[i]), keep.map((i) => labels[i]));
}

/** Out-of-fold probabilities of a pipeline refitted on each k - 1 folds. */
async function outOfFold(data: SignatureData, definition: SignatureDefinition, options: PipelineOptions, fold: number[], k: number): Promise<number[]> {
  const out = new Array<number>(data.ids.length).fill(NaN);
  for (let f = 0; f < k; f++) {
    const trainIdx = fold.flatMap((g, i) => (g !== f ? [i] : []));
    const testIdx = fold.flatMap((g, i) => (g === f ? [i] : []));
    const pipe = await new SignaturePipeline(definition, options).fit(subsetRows(data, trainIdx));
    pipe.predictProbability(subsetRows(data, testIdx)).forEach((p, r) => (out[testIdx[r]] = p));
  }
  return out;
}

/**
 * Out-of-fold probabilities from `repeats` stratified k-fold splits of the labelled patients: in each split every
 * patient is scored by a pipeline fitted (selection included) on the other folds only; `probabilities` is the
 * mean over the splits, so it too comes only from models that never saw the patient, and depends less on one
 * random split. Patients without a label get NaN.
 */
export async function crossValidatedProbabilities(
  data: SignatureData,
  definition: SignatureDefinition,
  options: PipelineOptions,
  settings: { folds?: number; repeats?: number; seed: number },
): Promise<{ probabilities: number[]; perRepeat: number[][] }> {
  const k = settings.folds ?? 5;
  const repeats = settings.repeats ?? 1;
  const labelled = labelledRows(data);
  const part = subsetRows(data, labelled);
  const rng = createRng(settings.seed);
  const perRepeat: number[][] = [];
  for (let r = 0; r < repeats; r++) {
    const partProb = await outOfFold(part, definition, options, stratifiedFolds(part.labels, k, rng), k);
    const full = new Array<number>(data.ids.length).fill(NaN);
    labelled.forEach((i, j) => (full[i] = partProb[j]));
    perRepeat.push(full);
  }
  const probabilities = data.ids.map((_, i) => perRepeat.reduce((s, p) => s + p[i], 0) / repeats);
  return { probabilities, perRepeat };
}

export interface NestedCvResult {
  folds: number;
  repeats: number;
  /** Pooled out-of-fold AUC of each repeat. */
  aucs: number[];
  meanAuc: number;
  /** SVM cost chosen in each outer fold of each repeat (empty without a grid). */
  chosenCost: number[][];
}

export async function nestedCrossValidation(
  train: SignatureData,
  definition: SignatureDefinition,
  options: PipelineOptions,
  settings: { folds?: number; repeats?: number; seed: number; costGrid?: number[] },
): Promise<NestedCvResult> {
  const k = settings.folds ?? 5;
  const repeats = settings.repeats ?? 1;
  const data = subsetRows(train, labelledRows(train));
  const rng = createRng(settings.seed);
  const aucs: number[] = [];
  const chosenCost: number[][] = [];
  for (let r = 0; r < repeats; r++) {
    const fold = stratifiedFolds(data.labels, k, rng);
    const probs = new Array<number>(data.ids.length).fill(NaN);
    const costs: number[] = [];
    for (let f = 0; f < k; f++) {
      const trainIdx = fold.flatMap((g, i) => (g !== f ? [i] : []));
      const testIdx = fold.flatMap((g, i) => (g === f ? [i] : []));
      const inner = subsetRows(data, trainIdx);
      let chosen = options;
      if (settings.costGrid?.length) {
        const innerFold = stratifiedFolds(inner.labels, k, rng);
        let best = -Infinity;
        for (const cost of settings.costGrid) {
          const candidate = { ...options, svm: { ...options.svm, cost } };
          const a = finiteAuc(await outOfFold(inner, definition, candidate, innerFold, k), inner.labels);
          if (a > best) {
            best = a;
            chosen = candidate;
          }
        }
        costs.push(chosen.svm!.cost!);
      }
      const pipe = await new SignaturePipeline(definition, chosen).fit(inner);
      pipe.predictProbability(subsetRows(data, testIdx)).forEach((p, j) => (probs[testIdx[j]] = p));
    }
    aucs.push(finiteAuc(probs, data.labels));
    chosenCost.push(costs);
  }
  return { folds: k, repeats, aucs, meanAuc: aucs.reduce((s, a) => s + a, 0) / aucs.length, chosenCost };
}

export interface BootstrapOptimismResult {
  replicates: number;
  apparent: number;
  optimism: number;
  corrected: number;
  /** Per replicate: AUC on its own bootstrap sample and on the original training data. */
  bootstrapAuc: number[];
  originalAuc: number[];
}

export async function bootstrapOptimism(
  train: SignatureData,
  definition: SignatureDefinition,
  options: PipelineOptions,
  settings: { replicates?: number; seed: number },
): Promise<BootstrapOptimismResult> {
  const B = settings.replicates ?? 20;
  const data = subsetRows(train, labelledRows(train));
  const apparentFit = await new SignaturePipeline(definition, options).fit(data);
  const apparent = finiteAuc(apparentFit.predictProbability(data), data.labels);
  const rng = createRng(settings.seed);
  const bootstrapAuc: number[] = [];
  const originalAuc: number[] = [];
  while (bootstrapAuc.length < B) {
    const idx = data.ids.map(() => rng.int(data.ids.length));
    const sample = subsetRows(data, idx);
    const pos = sample.labels.filter((y) => y === 1).length;
    if (pos < 2 || sample.labels.length - pos < 2) continue;
    sample.ids = sample.ids.map((id, r) => `${id}#${r}`);
    const pipe = await new SignaturePipeline(definition, options).fit(sample);
    bootstrapAuc.push(finiteAuc(pipe.predictProbability(sample), sample.labels));
    originalAuc.push(finiteAuc(pipe.predictProbability(data), data.labels));
  }
  const optimism = bootstrapAuc.reduce((s, a, b) => s + a - originalAuc[b], 0) / B;
  return { replicates: B, apparent, optimism, corrected: apparent - optimism, bootstrapAuc, originalAuc };
}
