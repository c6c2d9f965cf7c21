/**
 * Internal validation of signatures in the training cohort (beyond the paper, which reports only the apparent
 * training AUC). Every resample refits the WHOLE pipeline (z-scores, t-test, forests, clinical tests, SVM,
 * cut-off), so feature selection is validated too; every signature of a family is fitted on the same resample,
 * sharing its forests (SelectionCache), and with a cache folder each resample's result and each forest's ranking
 * are kept on disk, so a re-run or another notebook reuses them.
 * - Apparent AUC: the fit on all training patients, scored on them (DeLong 95 % CI).
 * - Bootstrap optimism correction (Harrell, Lee & Mark 1996; Steyerberg 2019, ch. 5): for each of B bootstrap
 *   samples, optimism_b = AUC(fit_b on sample b) - AUC(fit_b on the original patients); corrected AUC =
 *   apparent - mean(optimism_b). Its 95 % CI is the apparent DeLong CI shifted by the same optimism (a simple,
 *   stated convention: the bootstrap gives no CI of its own).
 * - Repeated stratified k-fold CV: in each repeat every patient is scored by the fit on the other folds; the
 *   pooled out-of-fold AUC of each repeat and its DeLong CI; reported as the mean over repeats (AUC and both
 *   CI limits) with the range of the repeats' AUCs. No hyper-parameter is tuned (e1071's defaults, as the paper),
 *   so no inner loop is needed.
 * - Features kept per group (k): the same CV folds, refitting the last signature given with each k of `kGrid`
 *   (the forests are shared, only the SVM is refitted), as the paper's appendix chooses the number of features.
 *
 * @example
 * const v = await internalValidation(training, family.definitions, options, { bootstrap: 200, cvFolds: 5, cvRepeats: 5, seed: 1 });
 * v.signatures["ALN-tumour radiomic"].optimismCorrected.auc;
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { auc, delongCi } from "../stats/index";
import { writeFileAtomic } from "../util/atomic";
import { mapConcurrent } from "../util/concurrent";
import { createRng, type Rng } from "../util/random";
import { labelledRows, subsetRows, type SignatureData } from "./dataset";
import type { SignatureDefinition } from "./definitions";
import { SelectionCache, SignaturePipeline, type PipelineOptions } from "./pipeline";

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


export interface AucWithCi {
  auc: number;
  lower: number;
  upper: number;
}

export interface SignatureInternalValidation {
  /** Complete-case training patients the apparent fit scores. */
  n: number;
  apparent: AucWithCi;
  optimismCorrected: AucWithCi & { optimism: number; optimismSd: number; replicates: number } | null;
  repeatedCv: AucWithCi & { min: number; max: number; folds: number; repeats: number; aucs: number[] } | null;
}

export interface InternalValidationSettings {
  /** Bootstrap replicates (0 skips the optimism correction). */
  bootstrap: number;
  cvFolds: number;
  /** CV repeats (0 skips the repeated CV). */
  cvRepeats: number;
  /** Features kept per group to compare in CV for the last definition (e.g. [5, 10, 20, 30, 50]). */
  kGrid?: number[];
  seed: number;
  /** Folder for per-resample results and forest rankings (e.g. cachePath("validation")); none keeps nothing. */
  cacheDir?: string;
  /** Called after each resample. */
  progress?: (done: number, total: number) => void;
  /**
   * Resamples fitted at once (default 2): while one waits for its forests' worker threads, another fits its SVMs
   * on the main thread. The results do not depend on it.
   */
  concurrency?: number;
}

export interface InternalValidation {
  settings: Omit<InternalValidationSettings, "cacheDir" | "progress" | "concurrency">;
  signatures: Record<string, SignatureInternalValidation>;
  /** CV AUC of the last definition by features kept per group (mean over repeats, mean DeLong limits). */
  kCurve: (AucWithCi & { k: number })[];
}

/** DeLong CI over the patients with a finite score. */
function finiteCi(scores: number[], labels: number[]): AucWithCi {
  const keep = scores.flatMap((s, i) => (Number.isFinite(s) ? [i] : []));
  const ci = delongCi(keep.map((i) => scores[i]), keep.map((i) => labels[i]));
  return { auc: ci.auc, lower: ci.lower, upper: ci.upper };
}

const meanOf = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** A key for the data, definitions and options, so cached resamples are only reused for the same inputs. */
function inputsKey(data: SignatureData, definitions: SignatureDefinition[], options: PipelineOptions, settings: InternalValidationSettings): string {
  const h = createHash("sha256");
  h.update(JSON.stringify([data.ids, data.labels, data.radiomic?.columns, data.clinical, definitions, options, settings.seed, settings.cvFolds, settings.kGrid ?? []]));
  for (const r of data.radiomic?.rows ?? []) h.update(new Uint8Array(Float64Array.from(r).buffer));
  return h.digest("hex").slice(0, 24);
}

/** Reads a resample's stored result, or computes and stores it. */
async function cachedResample<T>(dir: string | undefined, name: string, compute: () => Promise<T>): Promise<T> {
  const file = dir ? join(dir, `${name}.json`) : undefined;
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, "utf8"), (_, v) => (v === null ? NaN : v)) as T;
  const value = await compute();
  if (file) {
    mkdirSync(dir!, { recursive: true });
    writeFileAtomic(file, JSON.stringify(value, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v)));
  }
  return value;
}

/** Fits every definition on `train` (sharing forests) and returns each one's probabilities on each of `targets`. */
async function fitAndScore(train: SignatureData, definitions: SignatureDefinition[], options: PipelineOptions, cache: SelectionCache, targets: SignatureData[]): Promise<number[][][]> {
  const out: number[][][] = [];
  for (const d of definitions) {
    const pipe = await new SignaturePipeline(d, options).fit(train, cache);
    out.push(targets.map((t) => pipe.predictProbability(t)));
  }
  return out;
}

export async function internalValidation(
  train: SignatureData,
  definitions: SignatureDefinition[],
  options: PipelineOptions,
  settings: InternalValidationSettings,
): Promise<InternalValidation> {
  if (definitions.length === 0) throw new Error("internalValidation: no signature given");
  const data = subsetRows(train, labelledRows(train));
  const names = definitions.map((d) => d.name);
  const dir = settings.cacheDir ? join(settings.cacheDir, inputsKey(data, definitions, options, settings)) : undefined;
  const forests = new SelectionCache(settings.cacheDir ? join(settings.cacheDir, "forests") : undefined);
  const total = settings.bootstrap + settings.cvRepeats * settings.cvFolds;

  const apparentByDef = (await fitAndScore(data, definitions, options, forests, [data])).map((p) => p[0]);
  const result: Record<string, SignatureInternalValidation> = {};
  definitions.forEach((d, j) => {
    const prob = apparentByDef[j];
    result[d.name] = { n: prob.filter(Number.isFinite).length, apparent: finiteCi(prob, data.labels), optimismCorrected: null, repeatedCv: null };
  });

  // Every resample is drawn first, in order, from the seeded generators (so the draws do not depend on which
  // resample finishes first); the fits then run `concurrency` at a time.
  const resamples: (() => Promise<void>)[] = [];
  // Bootstrap optimism: per replicate and definition, [AUC on the sample, AUC on the original patients].
  const bootstrapAucs: number[][][] = [];
  if (settings.bootstrap > 0) {
    const rng = createRng(settings.seed);
    for (let b = 0; b < settings.bootstrap; b++) {
      // Draw until both classes have at least 2 patients (as a fit needs), the draws consumed in order.
      let idx: number[];
      let positives: number;
      do {
        idx = data.ids.map(() => rng.int(data.ids.length));
        positives = idx.filter((i) => data.labels[i] === 1).length;
      } while (positives < 2 || idx.filter((i) => data.labels[i] === 0).length < 2);
      const drawn = idx;
      resamples.push(async () => {
        const sample = subsetRows(data, drawn);
        sample.ids = sample.ids.map((id, r) => `${id}#${r}`);
        bootstrapAucs[b] = await cachedResample(dir, `bootstrap-${b}`, async () => {
          const probs = await fitAndScore(sample, definitions, options, forests, [sample, data]);
          return probs.map(([own, original]) => [finiteAuc(own, sample.labels), finiteAuc(original, data.labels)]);
        });
      });
    }
  }
  // Repeated stratified CV (and the k curve on the same folds): per repeat and fold, the test patients' probabilities.
  const kGrid = settings.kGrid ?? [];
  const last = definitions[definitions.length - 1];
  const folds: number[][] = [];
  const cvStored: { probs: number[][]; byK: number[][] }[][] = [];
  if (settings.cvRepeats > 0) {
    const rng = createRng((settings.seed ^ 0x9e3779b9) >>> 0);
    for (let r = 0; r < settings.cvRepeats; r++) {
      const fold = stratifiedFolds(data.labels, settings.cvFolds, rng);
      folds.push(fold);
      cvStored.push([]);
      for (let f = 0; f < settings.cvFolds; f++) {
        resamples.push(async () => {
          const part = subsetRows(data, fold.flatMap((g, i) => (g !== f ? [i] : [])));
          const test = subsetRows(data, fold.flatMap((g, i) => (g === f ? [i] : [])));
          cvStored[r][f] = await cachedResample(dir, `cv-${r}-${f}`, async () => {
            const probs = (await fitAndScore(part, definitions, options, forests, [test])).map((p) => p[0]);
            const byK: number[][] = [];
            for (const k of kGrid) byK.push((await fitAndScore(part, [last], { ...options, topK: k }, forests, [test]))[0][0]);
            return { probs, byK };
          });
        });
      }
    }
  }
  await mapConcurrent(resamples, settings.concurrency ?? 2, (run) => run(), (done) => settings.progress?.(done, total));

  if (settings.bootstrap > 0) {
    definitions.forEach((d, j) => {
      const optimism = bootstrapAucs.map((aucs) => aucs[j][0] - aucs[j][1]);
      const o = meanOf(optimism);
      const sd = Math.sqrt(optimism.reduce((s, x) => s + (x - o) ** 2, 0) / Math.max(1, optimism.length - 1));
      const a = result[d.name].apparent;
      result[d.name].optimismCorrected = { auc: a.auc - o, lower: a.lower - o, upper: a.upper - o, optimism: o, optimismSd: sd, replicates: settings.bootstrap };
    });
  }
  const kCurveRuns: AucWithCi[][] = kGrid.map(() => []);
  if (settings.cvRepeats > 0) {
    const runs: AucWithCi[][] = names.map(() => []);
    folds.forEach((fold, r) => {
      const oof = names.map(() => new Array<number>(data.ids.length).fill(NaN));
      const oofK = kGrid.map(() => new Array<number>(data.ids.length).fill(NaN));
      cvStored[r].forEach((stored, f) => {
        const testIdx = fold.flatMap((g, i) => (g === f ? [i] : []));
        stored.probs.forEach((p, j) => p.forEach((v, t) => (oof[j][testIdx[t]] = v)));
        stored.byK.forEach((p, q) => p.forEach((v, t) => (oofK[q][testIdx[t]] = v)));
      });
      oof.forEach((p, j) => runs[j].push(finiteCi(p, data.labels)));
      oofK.forEach((p, q) => kCurveRuns[q].push(finiteCi(p, data.labels)));
    });
    definitions.forEach((d, j) => {
      const aucs = runs[j].map((x) => x.auc);
      result[d.name].repeatedCv = {
        auc: meanOf(aucs),
        lower: meanOf(runs[j].map((x) => x.lower)),
        upper: meanOf(runs[j].map((x) => x.upper)),
        min: Math.min(...aucs),
        max: Math.max(...aucs),
        folds: settings.cvFolds,
        repeats: settings.cvRepeats,
        aucs,
      };
    });
  }
  const kCurve = kGrid.map((k, q) => ({
    k,
    auc: meanOf(kCurveRuns[q].map((x) => x.auc)),
    lower: meanOf(kCurveRuns[q].map((x) => x.lower)),
    upper: meanOf(kCurveRuns[q].map((x) => x.upper)),
  }));
  const { cacheDir: _c, progress: _p, concurrency: _n, ...kept } = settings;
  return { settings: kept, signatures: result, kCurve };
}
