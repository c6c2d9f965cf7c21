/**
 * Breiman's random forest for binary classification, as R's randomForest (4.7) builds it: each tree on a
 * bootstrap sample, a fresh random subset of `mtry` features at every split, Gini splits at the midpoint
 * between consecutive distinct values, trees grown to purity (nodesize 1), out-of-bag error and
 * MeanDecreaseGini importance. Trees are grown in worker threads on shared, presorted typed arrays; the
 * threads are kept, idle and unref'd, for the process's next fit. The tree algorithm itself lives in
 * random-forest-tree.cjs (plain JavaScript, loadable by any worker).
 *
 * Determinism: tree t is grown from a seed drawn from createRng(seed) in tree order, and importances are
 * summed in tree order, so the forest is identical whatever the number of workers or what ran before.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { createRng } from "../util/random";
import { repoPath } from "../util/paths";
import { checkBinaryLabels, checkMatrix, type Matrix } from "./matrix";

export interface RandomForestOptions {
  /** Number of trees (R's ntree). Default 500. */
  nTrees?: number;
  /** Features tried at each split. Default floor(sqrt(p)), as R for classification. */
  mtry?: number;
  /** A node with at most this many distinct in-bag cases is not split. Default 1 (grown to purity). */
  nodesize?: number;
  /** Seed of the forest. Default 1. */
  seed?: number;
  /** Worker threads growing trees. Default 2. */
  workers?: number;
}

/** One grown tree: node k is a leaf when feature[k] < 0; otherwise x[feature] <= threshold goes to left[k]. */
interface Tree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  leafClass: Int8Array;
  decrease: Float64Array;
  oobVote: Int8Array;
}

/** The training matrix prepared once for every tree (column-major: feature f of case i at f * n + i). */
interface PresortedData {
  n: number;
  p: number;
  ranks: SharedArrayBuffer;
  values: SharedArrayBuffer;
  uniques: SharedArrayBuffer;
  y: SharedArrayBuffer;
}

const WORKER_FILE = "random-forest-worker.cjs";

/**
 * The worker script next to this module: `__dirname` where the loader defines it (CommonJS, as in the tslab
 * kernel, even when notebooks reach src through a symlink), otherwise the repository's src/models
 * (`import.meta` cannot be written in code that must also compile to CommonJS).
 */
function workerPath(): string {
  if (typeof __dirname === "string" && existsSync(join(__dirname, WORKER_FILE))) return join(__dirname, WORKER_FILE);
  const file = repoPath("src", "models", WORKER_FILE);
  if (!existsSync(file)) throw new Error(`RandomForestClassifier: worker script not found at ${file}`);
  return file;
}

/**
 * Random forest classifier for labels 0/1.
 *
 * - `predictProbability(X)`: fraction of trees voting for class 1 (R's `predict(type = "prob")[, "1"]`).
 * - `giniImportance()`: MeanDecreaseGini = (1 / nTrees) · Σ_trees Σ_{nodes split on j} ΔG, with
 *   ΔG = (L0² + L1²)/nL + (R0² + R1²)/nR − (N0² + N1²)/N in bootstrap-count weights (R's importance(type = 2)).
 * - `oobError`: share of training cases misclassified by the majority vote of the trees they were out of bag for.
 *
 * @example
 * const rf = await new RandomForestClassifier({ nTrees: 500, seed: 1 }).fit(Xtrain, yTrain);
 * const p = rf.predictProbability(Xtest);
 * const mdg = rf.giniImportance();
 */
export class RandomForestClassifier {
  readonly nTrees: number;
  readonly nodesize: number;
  readonly seed: number;
  readonly workers: number;
  private readonly requestedMtry: number | undefined;
  private trees: Tree[] = [];
  private nFeatures = 0;
  private usedMtry = 0;
  private oob = NaN;

  constructor(options: RandomForestOptions = {}) {
    const { nTrees = 500, mtry, nodesize = 1, seed = 1, workers = 2 } = options;
    const what = "RandomForestClassifier";
    if (!Number.isInteger(nTrees) || nTrees < 1) throw new Error(`${what}: nTrees must be a positive integer, got ${nTrees}`);
    if (!Number.isInteger(nodesize) || nodesize < 1) throw new Error(`${what}: nodesize must be a positive integer, got ${nodesize}`);
    if (!Number.isInteger(workers) || workers < 1) throw new Error(`${what}: workers must be a positive integer, got ${workers}`);
    if (!Number.isFinite(seed)) throw new Error(`${what}: seed must be a finite number, got ${seed}`);
    if (mtry !== undefined && (!Number.isInteger(mtry) || mtry < 1)) throw new Error(`${what}: mtry must be a positive integer, got ${mtry}`);
    this.nTrees = nTrees;
    this.nodesize = nodesize;
    this.seed = seed;
    this.workers = workers;
    this.requestedMtry = mtry;
  }

  /** Features tried at each split in the fitted forest. */
  get mtry(): number {
    return this.usedMtry;
  }

  /** Out-of-bag error rate after all trees (R's `err.rate[ntree, "OOB"]`). */
  get oobError(): number {
    return this.oob;
  }

  /** Grows the forest on training rows X (n x p) and labels y in {0, 1}. */
  async fit(X: Matrix, y: ArrayLike<number>): Promise<this> {
    const what = "RandomForestClassifier.fit";
    const { n, p } = checkMatrix(X, what);
    const labels = checkBinaryLabels(y, n, what);
    const mtry = this.requestedMtry ?? Math.max(1, Math.floor(Math.sqrt(p)));
    if (mtry > p) throw new Error(`${what}: mtry ${mtry} exceeds the ${p} features`);
    const data = presort(X, labels, n, p);

    const master = createRng(this.seed);
    const seeds = Array.from({ length: this.nTrees }, () => master.int(4294967296));
    const trees = await growInWorkers(data, { mtry, nodesize: this.nodesize }, seeds, Math.min(this.workers, this.nTrees));

    this.trees = trees;
    this.nFeatures = p;
    this.usedMtry = mtry;
    this.oob = oobErrorRate(trees, labels, createRng(this.seed).fork());
    return this;
  }

  /** Fraction of trees voting class 1 for each row of X. */
  predictProbability(X: Matrix): number[] {
    if (this.trees.length === 0) throw new Error("RandomForestClassifier.predictProbability: call fit() first");
    const { n } = checkMatrix(X, "RandomForestClassifier.predictProbability", this.nFeatures);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const row = X[i];
      let votes = 0;
      for (const tree of this.trees) {
        const { feature, threshold, left, right } = tree;
        let k = 0;
        while (feature[k] >= 0) k = row[feature[k]] <= threshold[k] ? left[k] : right[k];
        votes += tree.leafClass[k];
      }
      out[i] = votes / this.trees.length;
    }
    return out;
  }

  /** MeanDecreaseGini of each feature (column order of X), un-normalised as R's importance(type = 2). */
  giniImportance(): number[] {
    if (this.trees.length === 0) throw new Error("RandomForestClassifier.giniImportance: call fit() first");
    const total = new Array<number>(this.nFeatures).fill(0);
    for (const tree of this.trees) {
      for (let k = 0; k < tree.feature.length; k++) {
        if (tree.feature[k] >= 0) total[tree.feature[k]] += tree.decrease[k];
      }
    }
    return total.map((v) => v / this.trees.length);
  }
}

/**
 * Column-major copies of X with, per feature, the dense rank of each value among its distinct values and
 * the sorted distinct values (for midpoint thresholds), in shared memory for the workers. The distinct
 * values come from a sorted copy of the column; each value's rank is found by binary search among them.
 * (-0 and 0 are one value; which of them is kept cannot change a midpoint, the other end being non-zero.)
 */
function presort(X: Matrix, y: Uint8Array, n: number, p: number): PresortedData {
  const valuesBuf = new SharedArrayBuffer(8 * n * p);
  const ranksBuf = new SharedArrayBuffer(4 * n * p);
  const uniquesBuf = new SharedArrayBuffer(8 * n * p);
  const yBuf = new SharedArrayBuffer(n);
  const values = new Float64Array(valuesBuf);
  const ranks = new Int32Array(ranksBuf);
  const uniques = new Float64Array(uniquesBuf);
  new Uint8Array(yBuf).set(y);
  const column = new Float64Array(n);
  const sorted = new Float64Array(n);
  let varying = 0;
  for (let f = 0; f < p; f++) {
    const base = f * n;
    for (let i = 0; i < n; i++) column[i] = X[i][f];
    values.set(column, base);
    sorted.set(column);
    sorted.sort();
    let distinct = 1;
    uniques[base] = sorted[0];
    for (let k = 1; k < n; k++) {
      if (sorted[k] > uniques[base + distinct - 1]) uniques[base + distinct++] = sorted[k];
    }
    for (let i = 0; i < n; i++) ranks[base + i] = rankAmong(uniques, base, distinct, column[i]);
    if (distinct > 1) varying++;
  }
  if (varying === 0) throw new Error(`RandomForestClassifier.fit: all ${p} features are constant; no tree can split`);
  return { n, p, ranks: ranksBuf, values: valuesBuf, uniques: uniquesBuf, y: yBuf };
}

/** Index of v among the `count` increasing values sorted[from..] (v is one of them): binary search. */
function rankAmong(sorted: Float64Array, from: number, count: number, v: number): number {
  let lo = 0, hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[from + mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Worker threads kept between fits, idle and unref'd (they never keep the process alive): a notebook fits
 * many forests, and a fresh thread would pay its start-up and an unoptimised tree code each time.
 */
const idleWorkers: Worker[] = [];

/** An idle worker, or a new one; ref'd while it grows trees so the process waits for it. */
function takeWorker(): Worker {
  const worker = idleWorkers.pop() ?? startWorker();
  worker.ref();
  return worker;
}

/** A new tree-growing thread that leaves the idle list when it exits. */
function startWorker(): Worker {
  const worker = new Worker(workerPath(), { execArgv: [] });
  worker.on("exit", () => {
    const k = idleWorkers.indexOf(worker);
    if (k >= 0) idleWorkers.splice(k, 1);
  });
  return worker;
}

/** Hands a worker back after a fit: it drops that fit's data and waits, unref'd. */
function releaseWorker(worker: Worker): void {
  worker.postMessage({ kind: "release" });
  worker.unref();
  idleWorkers.push(worker);
}

/**
 * Batches of trees queued on each worker at a time: a worker finishing one starts the next at once, without
 * waiting for the main thread to hand it out, so threads keep growing trees while the main thread is busy
 * (e.g. fitting another resample's SVMs during an internal validation).
 */
const QUEUED_BATCHES = 4;

/**
 * Grows trees seeds[0..] on `workerCount` threads, handing out small batches (QUEUED_BATCHES per thread at a
 * time); returns them in tree order. Which thread grows which tree does not matter: a tree depends on the data,
 * the options and its seed only.
 */
function growInWorkers(
  data: PresortedData,
  options: { mtry: number; nodesize: number },
  seeds: number[],
  workerCount: number,
): Promise<Tree[]> {
  const trees = new Array<Tree>(seeds.length);
  const batchSize = Math.max(1, Math.min(16, Math.floor(seeds.length / (workerCount * 8))));
  let next = 0;
  let done = 0;
  const workers = Array.from({ length: workerCount }, takeWorker);
  return new Promise<Tree[]>((resolve, reject) => {
    const detach: (() => void)[] = [];
    let settled = false;
    const settle = (error: string | null) => {
      if (settled) return;
      settled = true;
      for (const off of detach) off();
      if (error === null) {
        workers.forEach(releaseWorker);
        resolve(trees);
      } else {
        for (const w of workers) void w.terminate();
        reject(new Error(`RandomForestClassifier.fit: ${error}`));
      }
    };
    const dispatch = (worker: Worker) => {
      if (next >= seeds.length) return;
      const jobs = [];
      for (let k = 0; k < batchSize && next < seeds.length; k++, next++) jobs.push({ index: next, seed: seeds[next] });
      worker.postMessage({ kind: "grow", jobs });
    };
    for (const worker of workers) {
      const onMessage = (msg: { error?: string; trees?: { index: number; tree: Tree }[] }) => {
        if (msg.error !== undefined) return settle(msg.error);
        for (const { index, tree } of msg.trees!) trees[index] = tree;
        done += msg.trees!.length;
        if (done === seeds.length) settle(null);
        else dispatch(worker);
      };
      const onError = (err: Error) => settle(`worker thread failed: ${err.message}`);
      const onExit = (code: number) => settle(`worker thread exited with code ${code}`);
      worker.on("message", onMessage).on("error", onError).on("exit", onExit);
      detach.push(() => worker.off("message", onMessage).off("error", onError).off("exit", onExit));
      worker.postMessage({ kind: "data", data, options });
      for (let q = 0; q < QUEUED_BATCHES; q++) dispatch(worker);
    }
  });
}

/**
 * OOB error: each case's trees-out-of-bag vote majority against its label, over cases out of bag at least
 * once; tied votes broken at random as R does (from a generator derived from the forest seed).
 */
function oobErrorRate(trees: Tree[], y: Uint8Array, rng: ReturnType<typeof createRng>): number {
  const n = y.length;
  const votes1 = new Int32Array(n);
  const out = new Int32Array(n);
  for (const tree of trees) {
    const v = tree.oobVote;
    for (let i = 0; i < n; i++) {
      if (v[i] >= 0) {
        out[i]++;
        votes1[i] += v[i];
      }
    }
  }
  let counted = 0, wrong = 0;
  for (let i = 0; i < n; i++) {
    if (out[i] === 0) continue;
    counted++;
    const twice = 2 * votes1[i];
    const predicted = twice > out[i] ? 1 : twice < out[i] ? 0 : rng.next() < 0.5 ? 0 : 1;
    if (predicted !== y[i]) wrong++;
  }
  return counted === 0 ? NaN : wrong / counted;
}
