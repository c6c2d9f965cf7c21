/**
 * The paper's signature as one fit/predict object (scikit-learn style). `fit` sees the training cohort
 * only and does, in order (sections 2.2-2.4):
 * 1. clinicopathologic variables with p < 0.05 in training (t-test / chi-squared, see clinical.ts), tested on
 *    the labelled patients with every candidate radiomic feature, each test on those who have the variable;
 * 2. complete cases: training patients with a known label, every candidate radiomic feature and every
 *    selected clinical variable (the paper's radiomic signature used the 392 of 803 training patients with
 *    complete data, the multiomic one 381);
 * 3. z-scores of the candidate radiomic features, mean and sd from those patients;
 * 4. t-test filter p < 0.05, then random-forest mean decrease Gini top 30 per sequence x region group;
 * 5. RBF C-SVM with e1071's defaults (cost 1, gamma 1 / number of features, inputs scaled) and Platt
 *    probabilities;
 * 6. the cut-off on the training probabilities by cutpointr's rule (maximise sensitivity + specificity).
 * `predictProbability` applies the same steps to new patients; a patient missing any selected input gets
 * NaN (not scorable), never an imputed value.
 *
 * @example
 * const pipe = new SignaturePipeline(signatureByName(paperSignatures(), "Multiomic"), { clinicalVariables, seed: 1 });
 * await pipe.fit(training);
 * const p = pipe.predictProbability(external);       // ALNM probability per patient
 * const high = p.map((x) => x >= pipe.cutoff);
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../util/atomic";
import { optimalCutpoint } from "../stats/index";
import { SvmClassifier } from "../models/svm";
import { ClinicalEncoder, univariateTests, levelOf, type ClinicalVariable, type TTestKind, type UnivariateTest } from "./clinical";
import { columnIndex, columnKey, labelledRows, subsetRows, validateData, type RadiomicColumn, type SignatureData } from "./dataset";
import type { SignatureDefinition } from "./definitions";
import { passingTTests, topByForest } from "./selection";
import { TrainingTable } from "./training-table";
import { ZScoreScaler, type ZScoreJson } from "./zscore";

export interface PipelineOptions {
  /** Significance level of the radiomic t-test filter (default 0.05). */
  pThreshold?: number;
  /** Significance level of the clinical variable tests (default 0.05). */
  clinicalPThreshold?: number;
  /** Features kept per sequence x region group (default 30). */
  topK?: number;
  /** When fewer features pass the t-test, keep this many with the smallest p (default 0: the paper's strict filter). */
  minPassed?: number;
  tTest?: TTestKind;
  forest?: { nTrees?: number; mtry?: number; workers?: number };
  svm?: { cost?: number; gamma?: number };
  /** Candidate clinicopathologic variables (needed by signatures with `clinical: true`). */
  clinicalVariables?: ClinicalVariable[];
  seed?: number;
}

/** Why a radiomic feature was selected: its t-test p and forest importance in the training cohort. */
export interface SelectedRadiomic extends RadiomicColumn {
  pValue: number;
  meanDecreaseGini: number;
}

type Ranking = { key: string; pValue: number; meanDecreaseGini: number }[];

/**
 * Shares random-forest rankings between pipelines fitted on the same training patients (the ALN-tumour
 * signature's 6 groups include the ALN signature's 3; a validation resample fits every signature), so each
 * group's forest is grown once. A ranking holds every feature that passed the t-test, so pipelines that keep
 * different numbers of features (topK) share it too. Keyed by the group, the training patients and the options,
 * so a hit gives exactly what a fresh fit would. With `dir`, rankings are also kept on disk (one JSON file per
 * key, written atomically), so a later process (another notebook, a resumed run) reuses them.
 * It also shares the column statistics of each training table in use (see {@link SelectionCache.table}).
 */
export class SelectionCache {
  private readonly map = new Map<string, Ranking>();
  private readonly tables = new WeakMap<SignatureData, TrainingTable>();
  constructor(private readonly dir?: string) {}
  /**
   * The shared work on `train` (training-table.ts), kept as long as `train` itself is (a weak map): the resamples
   * fitted at once each keep theirs, and memory does not grow with the resamples done.
   */
  table(train: SignatureData): TrainingTable {
    let table = this.tables.get(train);
    if (!table) this.tables.set(train, (table = new TrainingTable(train)));
    return table;
  }
  private file(key: string): string {
    return join(this.dir!, `${createHash("sha256").update(key).digest("hex").slice(0, 32)}.json`);
  }
  get(key: string): Ranking | undefined {
    const hit = this.map.get(key);
    if (hit || !this.dir) return hit;
    const file = this.file(key);
    if (!existsSync(file)) return undefined;
    const stored = JSON.parse(readFileSync(file, "utf8")) as { key: string; ranking: Ranking };
    if (stored.key !== key) return undefined;
    this.map.set(key, stored.ranking);
    return stored.ranking;
  }
  set(key: string, value: Ranking): void {
    this.map.set(key, value);
    if (this.dir) {
      mkdirSync(this.dir, { recursive: true });
      writeFileAtomic(this.file(key), JSON.stringify({ key, ranking: value }));
    }
  }
}

export interface SignatureModelJson {
  definition: SignatureDefinition;
  options: PipelineOptions;
  radiomic: { selected: SelectedRadiomic[]; scaler: ZScoreJson };
  clinical: { tests: UnivariateTest[]; selected: ClinicalVariable[] };
  featureNames: string[];
  svm: unknown;
  cutoff: number;
  training: { n: number; positives: number; idsSha256: string };
}

/** 32-bit FNV-1a hash, to derive a per-group forest seed that does not depend on the signature. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export class SignaturePipeline {
  readonly options: PipelineOptions;
  private scaler: ZScoreScaler | null = null;
  private selectedRadiomic: SelectedRadiomic[] = [];
  private clinicalTests: UnivariateTest[] = [];
  private encoder: ClinicalEncoder | null = null;
  private svm: SvmClassifier | null = null;
  private cutoffValue = NaN;
  private trainingInfo = { n: 0, positives: 0, idsSha256: "" };
  /** The training table and its complete rows' probabilities, computed for the cut-off and reused when that table is scored. */
  private trainingScores: { data: SignatureData; rows: number[]; probability: number[] } | null = null;

  constructor(readonly definition: SignatureDefinition, options: PipelineOptions = {}) {
    this.options = { ...options };
    if (definition.clinical && !options.clinicalVariables?.length) {
      throw new Error(`signature '${definition.name}' uses clinical variables but no clinicalVariables were given`);
    }
  }

  /** ALNM probability cut-off chosen on the training cohort (cutpointr's rule). */
  get cutoff(): number {
    this.assertFitted();
    return this.cutoffValue;
  }

  /** Selected radiomic features with their training p value and importance. */
  get radiomicFeatures(): SelectedRadiomic[] {
    this.assertFitted();
    return this.selectedRadiomic.map((f) => ({ ...f }));
  }

  /** Clinical variables that entered the signature. */
  get clinicalVariables(): ClinicalVariable[] {
    this.assertFitted();
    return this.encoder ? [...this.encoder.variables] : [];
  }

  /** Univariate tests of every candidate clinical variable in the training cohort. */
  get clinicalTestResults(): UnivariateTest[] {
    this.assertFitted();
    return this.clinicalTests.map((t) => ({ ...t }));
  }

  /** Names of the SVM's input columns, in order. */
  get featureNames(): string[] {
    this.assertFitted();
    return [...this.selectedRadiomic.map(columnKey), ...(this.encoder?.columns.map((c) => `clinical/${c.name}`) ?? [])];
  }

  get training(): { n: number; positives: number; idsSha256: string } {
    this.assertFitted();
    return { ...this.trainingInfo };
  }

  /** Candidate radiomic columns of a table: those of the definition's regions and sequences. */
  private candidateColumns(data: SignatureData): number[] {
    const cols = data.radiomic?.columns ?? [];
    const out: number[] = [];
    cols.forEach((c, j) => {
      if (this.definition.regions.includes(c.region) && this.definition.sequences.includes(c.sequence)) out.push(j);
    });
    return out;
  }

  /** Rows with a known label, every candidate radiomic feature and every variable of `vars` present. */
  completeTrainingRows(data: SignatureData, vars: ClinicalVariable[] = [], table = new TrainingTable(data)): number[] {
    const cand = table.mark(this.candidateColumns(data));
    return labelledRows(data).filter((i) => {
      if (!table.hasAll(i, cand)) return false;
      return vars.every((v) => {
        const x = data.clinical?.[v.name]?.[i];
        if (v.kind === "categorical") return levelOf(v, x ?? null) !== null;
        return x !== null && x !== undefined && x !== "" && Number.isFinite(Number(x));
      });
    });
  }

  /**
   * Fits every step on `train` (see the module comment). `cache` lets several pipelines on the same
   * training patients share their forests.
   */
  async fit(train: SignatureData, cache?: SelectionCache): Promise<this> {
    const name = this.definition.name;
    validateData(train, `training data of signature '${name}'`);
    const table = cache?.table(train) ?? new TrainingTable(train);
    // Clinical: univariate tests in training, keep p < threshold.
    let encoder: ClinicalEncoder | null = null;
    let tests: UnivariateTest[] = [];
    if (this.definition.clinical) {
      const vars = this.options.clinicalVariables!;
      tests = univariateTests(subsetRows(train, this.completeTrainingRows(train, [], table)), vars, { tTest: this.options.tTest });
      const threshold = this.options.clinicalPThreshold ?? 0.05;
      encoder = new ClinicalEncoder(vars.filter((v, k) => tests[k].pValue < threshold)).fit();
    }
    const rows = this.completeTrainingRows(train, encoder?.variables ?? [], table);
    const data = subsetRows(train, rows);
    const labels = data.labels;
    const positives = labels.filter((y) => y === 1).length;
    if (positives < 2 || labels.length - positives < 2) {
      throw new Error(`signature '${name}': ${labels.length} complete training patients (${positives} ALN positive); need at least 2 of each status`);
    }
    const seed = this.options.seed ?? 1;
    const idsSha256 = sha256(data.ids.join("\n"));

    // Radiomic: z-scores, t-test filter, forest top-k per group.
    const cand = this.candidateColumns(data);
    const selected: SelectedRadiomic[] = [];
    let scaler = new ZScoreScaler().fit([]);
    if (this.definition.regions.length && this.definition.sequences.length) {
      if (!cand.length) throw new Error(`signature '${name}': the data have no radiomic columns for regions ${this.definition.regions} and sequences ${this.definition.sequences}`);
      const columns = data.radiomic!.columns;
      // Column statistics of these rows, shared with the other signatures fitted on them (z-scores, t-tests).
      const stats = table.columns(rows, this.options.tTest);
      const passed = passingTTests(stats.tTests(cand), { pThreshold: this.options.pThreshold, minKept: this.options.minPassed });
      const pOf = new Map(passed.map((f) => [f.column, f.pValue]));
      const index = new Map(cand.map((j, k) => [columnKey(columns[j]), k]));
      const keep: number[] = [];
      for (const region of this.definition.regions) {
        for (const sequence of this.definition.sequences) {
          const group = passed.filter((f) => columns[cand[f.column]].region === region && columns[cand[f.column]].sequence === sequence).map((f) => f.column);
          const groupKey = `${region}/${sequence}`;
          // Workers change only the speed, never the forest: they stay out of the key.
          const { workers, ...forest } = this.options.forest ?? {};
          const cacheKey = JSON.stringify([groupKey, idsSha256, seed, this.options.pThreshold, this.options.tTest, this.options.minPassed, forest]);
          let ranked = cache?.get(cacheKey);
          if (!ranked) {
            // The z-scores of the group's columns, patients x columns.
            const zColumns = group.map((k) => stats.zColumn(cand[k]));
            const z = labels.map((_, i) => zColumns.map((col) => col[i]));
            ranked = (await topByForest(z, labels, zColumns.map((_, q) => q), {
              seed: (seed ^ fnv1a(groupKey)) >>> 0,
              topK: Infinity,
              nTrees: forest.nTrees,
              mtry: forest.mtry,
              workers,
            })).map((r) => ({ key: columnKey(columns[cand[group[r.column]]]), pValue: pOf.get(group[r.column])!, meanDecreaseGini: r.meanDecreaseGini }));
            cache?.set(cacheKey, ranked);
          }
          for (const r of ranked.slice(0, this.options.topK ?? 30)) {
            const k = index.get(r.key)!;
            keep.push(k);
            selected.push({ ...columns[cand[k]], pValue: r.pValue, meanDecreaseGini: r.meanDecreaseGini });
          }
        }
      }
      const candidates = cand.map((j) => stats.centreAndScale(j));
      scaler = ZScoreScaler.fromJSON({ center: candidates.map((c) => c.center), scale: candidates.map((c) => c.scale) }).select(keep);
    }

    this.scaler = scaler;
    this.selectedRadiomic = selected;
    this.clinicalTests = tests;
    this.encoder = encoder;
    const X = this.design(data);
    if (!X[0]?.length) throw new Error(`signature '${name}': no feature passed selection in the training cohort`);
    const p = X[0].length;
    this.svm = await new SvmClassifier({
      cost: this.options.svm?.cost ?? 1,
      gamma: this.options.svm?.gamma ?? 1 / p,
      scale: true,
      probability: true,
      seed,
    }).fit(X, labels);
    const trainProb = this.svm.predictProbability(X);
    this.trainingScores = { data: train, rows, probability: trainProb };
    this.cutoffValue = optimalCutpoint(trainProb, labels).cutoff;
    this.trainingInfo = { n: labels.length, positives, idsSha256 };
    return this;
  }

  /** The SVM's input matrix for `data`: selected z-scored radiomic features then encoded clinical variables. */
  private design(data: SignatureData): number[][] {
    const n = data.ids.length;
    let radiomic: number[][] = Array.from({ length: n }, () => []);
    if (this.selectedRadiomic.length) {
      if (!data.radiomic) throw new Error(`signature '${this.definition.name}': the data have no radiomic features`);
      const index = columnIndex(data.radiomic.columns);
      const cols = this.selectedRadiomic.map((f) => {
        const j = index.get(columnKey(f));
        if (j === undefined) throw new Error(`signature '${this.definition.name}': radiomic feature '${columnKey(f)}' is not in the data`);
        return j;
      });
      radiomic = this.scaler!.transform(data.radiomic.rows.map((r) => cols.map((j) => r[j])));
    }
    const clinical = this.encoder ? this.encoder.transform(data.clinical ?? {}, n) : null;
    return radiomic.map((r, i) => (clinical ? r.concat(clinical[i]) : r));
  }

  /** ALNM probability of each patient; NaN for a patient missing a selected input. */
  predictProbability(data: SignatureData): number[] {
    this.assertFitted();
    validateData(data, `data scored by signature '${this.definition.name}'`);
    const X = this.design(data);
    const out = new Array<number>(X.length).fill(NaN);
    // Scoring the training table itself (a bootstrap resample's own AUC): its training rows have the probabilities
    // the fit computed for the cut-off (the same design rows, scored row by row), so only the other rows are scored.
    const known = this.trainingScores?.data === data ? this.trainingScores : null;
    known?.rows.forEach((i, k) => (out[i] = known.probability[k]));
    const index = X.flatMap((r, i) => (r.every(Number.isFinite) && !(known && Number.isFinite(out[i])) ? [i] : []));
    if (index.length) {
      const p = this.svm!.predictProbability(index.map((i) => X[i]));
      index.forEach((i, k) => (out[i] = p[k]));
    }
    return out;
  }

  toJSON(): SignatureModelJson {
    this.assertFitted();
    return {
      definition: this.definition,
      options: this.options,
      radiomic: { selected: this.radiomicFeatures, scaler: this.scaler!.toJSON() },
      clinical: { tests: this.clinicalTestResults, selected: this.clinicalVariables },
      featureNames: this.featureNames,
      svm: this.svm!.toJSON(),
      cutoff: this.cutoffValue,
      training: this.training,
    };
  }

  static fromJSON(json: SignatureModelJson): SignaturePipeline {
    const pipe = new SignaturePipeline(json.definition, json.options);
    pipe.scaler = ZScoreScaler.fromJSON(json.radiomic.scaler);
    pipe.selectedRadiomic = json.radiomic.selected.map((f) => ({ ...f }));
    pipe.clinicalTests = json.clinical.tests;
    pipe.encoder = json.definition.clinical ? ClinicalEncoder.fromJSON({ variables: json.clinical.selected }) : null;
    pipe.svm = SvmClassifier.fromJSON(json.svm as Parameters<typeof SvmClassifier.fromJSON>[0]);
    pipe.cutoffValue = json.cutoff;
    pipe.trainingInfo = { ...json.training };
    return pipe;
  }

  private assertFitted(): void {
    if (!this.svm) throw new Error(`signature '${this.definition.name}' is not fitted: call fit(training) first`);
  }
}

/**
 * Fits several signatures on the same training cohort, sharing each group's forest between them.
 *
 * @example
 * const fitted = await fitSignatures(training, paperSignatures(), { clinicalVariables, seed: 1 });
 * fitted.get("ALN-tumour radiomic")!.predictProbability(external);
 */
export async function fitSignatures(train: SignatureData, definitions: SignatureDefinition[], options: PipelineOptions): Promise<Map<string, SignaturePipeline>> {
  const cache = new SelectionCache();
  const out = new Map<string, SignaturePipeline>();
  for (const d of definitions) out.set(d.name, await new SignaturePipeline(d, options).fit(train, cache));
  return out;
}
