import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { beforeAll, describe, expect, it } from "vitest";
import { RandomForestClassifier } from "../../src/models/random-forest";
import { auc } from "../../src/stats";
import { createRng } from "../../src/util/random";
import { repoPath } from "../../src/util/paths";
import { extendedTemporalTask, readJson, rotterdamTask } from "./data";

const core = createRequire(repoPath("package.json"))(repoPath("src", "models", "random-forest-tree.cjs"));
const R_RF = readJson("r", "out", "rf_rotterdam.json");

/** Feature names ordered by decreasing importance. */
function ranking(names: string[], importance: number[]): string[] {
  return names.map((name, j) => ({ name, v: importance[j] })).sort((a, b) => b.v - a.v).map((e) => e.name);
}

describe("RandomForestClassifier against R's randomForest (data/r/out/rf_rotterdam.json)", () => {
  const task = rotterdamTask();
  let forest: RandomForestClassifier;
  beforeAll(async () => {
    forest = await new RandomForestClassifier({ nTrees: 500, seed: 1 }).fit(task.X, task.y);
  });

  it("R's features are ours, in the same order", () => {
    expect(R_RF.features).toEqual(task.features);
  });

  it("MeanDecreaseGini ranking equals R's (identical for R's seeds 1-5)", () => {
    const rRanking: string[] = R_RF.rank[0];
    for (const r of R_RF.rank) expect(r).toEqual(rRanking);
    expect(ranking(task.features, forest.giniImportance())).toEqual(rRanking);
  });

  it("MeanDecreaseGini values within 10 % of R's mean over its 5 seeds (same scale: un-normalised, per tree)", () => {
    const imp = forest.giniImportance();
    task.features.forEach((f, j) => {
      const rMean = R_RF.mdg.reduce((s: number, m: Record<string, number>) => s + m[f], 0) / R_RF.mdg.length;
      expect(Math.abs(imp[j] - rMean) / rMean).toBeLessThan(0.1);
    });
  });

  it("OOB error within 0.02 of R's, default mtry = floor(sqrt(9)) = 3", () => {
    expect(forest.mtry).toBe(3);
    expect(Math.abs(forest.oobError - R_RF.oob_err)).toBeLessThan(0.02);
  });

  it("predicts validation patients better than chance (vote fractions in [0, 1])", () => {
    const p = forest.predictProbability(task.Xv);
    expect(Math.min(...p)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...p)).toBeLessThanOrEqual(1);
    expect(auc(p, task.yv)).toBeGreaterThan(0.7);
  });
});

describe("RandomForestClassifier against data/r/extended (raw er/pgr, mtry = 2)", () => {
  it("MeanDecreaseGini ranking equals R's", async () => {
    const task = extendedTemporalTask();
    const summary = readJson("r", "extended", "task_pos_rotterdam_temporal", "summary.json").rf;
    const rf = await new RandomForestClassifier({ nTrees: 500, mtry: summary.mtry, seed: 1 }).fit(task.X, task.y);
    expect(ranking(task.features, rf.giniImportance())).toEqual(summary.ranking_seed1);
  });
});

/** 150 cases x 20 features, class 1 more likely when the first three features are large. */
function synthetic(seed: number) {
  const rng = createRng(seed);
  const X = Array.from({ length: 150 }, () => Array.from({ length: 20 }, () => Math.round(rng.normal() * 100) / 100));
  const y = X.map((r) => (r[0] + r[1] + r[2] + rng.normal() > 0 ? 1 : 0));
  return { X, y };
}

describe("RandomForestClassifier determinism", () => {
  const { X, y } = synthetic(5);
  const fit = (options: { seed: number; workers: number }) => new RandomForestClassifier({ nTrees: 60, ...options }).fit(X, y);

  it("same seed gives identical importances, probabilities and OOB error with 1, 2 or 3 workers", async () => {
    const one = await fit({ seed: 9, workers: 1 });
    for (const workers of [2, 3]) {
      const other = await fit({ seed: 9, workers });
      expect(other.giniImportance()).toEqual(one.giniImportance());
      expect(other.predictProbability(X)).toEqual(one.predictProbability(X));
      expect(other.oobError).toBe(one.oobError);
    }
  });

  it("same seed gives the same forest whatever was trained before in the process (kept worker threads)", async () => {
    const first = await fit({ seed: 4, workers: 2 });
    await new RandomForestClassifier({ nTrees: 10, seed: 77 }).fit(X.slice(0, 50), y.slice(0, 50));
    await expect(new RandomForestClassifier({ nTrees: 4, nodesize: 10 }).fit([[0], [1], [2], [3]], [0, 1, 0, 1])).rejects.toThrow(/no tree/);
    const again = await fit({ seed: 4, workers: 2 });
    expect(again.giniImportance()).toEqual(first.giniImportance());
    expect(again.predictProbability(X)).toEqual(first.predictProbability(X));
  });

  it("forests fitted at the same time equal those fitted one after the other", async () => {
    const [a, b] = await Promise.all([fit({ seed: 4, workers: 2 }), fit({ seed: 9, workers: 1 })]);
    expect(a.giniImportance()).toEqual((await fit({ seed: 4, workers: 2 })).giniImportance());
    expect(b.giniImportance()).toEqual((await fit({ seed: 9, workers: 1 })).giniImportance());
  });

  it("a process that has fitted a forest exits by itself (idle worker threads do not keep it alive)", () => {
    const script = [
      `import { RandomForestClassifier } from ${JSON.stringify(repoPath("src", "models", "random-forest.ts"))};`,
      "const rf = await new RandomForestClassifier({ nTrees: 20 }).fit([[0], [1], [2], [3]], [0, 1, 0, 1]);",
      "console.log(rf.predictProbability([[0], [3]]).join(' '));",
    ].join("\n");
    const run = spawnSync(process.execPath, ["--import", "tsx/esm", "--input-type=module", "-e", script], {
      cwd: repoPath(),
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split(" ").map(Number)).toHaveLength(2);
  });

  it("different seeds give different forests", async () => {
    const a = await fit({ seed: 1, workers: 2 });
    const b = await fit({ seed: 2, workers: 2 });
    expect(b.giniImportance()).not.toEqual(a.giniImportance());
  });
});

describe("tree core (random-forest-tree.cjs)", () => {
  /** Column-major data for growTree from rows. */
  function prepare(X: number[][], y: number[]) {
    const n = X.length, p = X[0].length;
    const values = new Float64Array(n * p), ranks = new Int32Array(n * p), uniques = new Float64Array(n * p);
    for (let f = 0; f < p; f++) {
      const distinct = [...new Set(X.map((r) => r[f]))].sort((a, b) => a - b);
      distinct.forEach((v, r) => (uniques[f * n + r] = v));
      X.forEach((row, i) => {
        values[f * n + i] = row[f];
        ranks[f * n + i] = distinct.indexOf(row[f]);
      });
    }
    return { n, p, values, ranks, uniques, y: Uint8Array.from(y) };
  }

  it("its generator is createRng's xoshiro128** stream", () => {
    for (const seed of [0, 1, 123456789, 4294967295]) {
      const a = core.createTreeRng(seed), b = createRng(seed);
      for (let k = 0; k < 50; k++) expect(a.next()).toBe(b.next());
    }
  });

  it("the root split is the Gini-best over all features when mtry = p (R's criterion and midpoint)", () => {
    const { X, y } = synthetic(8);
    const data = prepare(X, y);
    for (const seed of [1, 2, 3, 4, 5]) {
      const tree = core.growTree(data, { mtry: data.p, nodesize: 1 }, seed);
      // Replay the bootstrap: the tree's first n draws.
      const rng = core.createTreeRng(seed);
      const w = new Float64Array(data.n);
      for (let k = 0; k < data.n; k++) w[rng.int(data.n)] += 1;
      let n0 = 0, n1 = 0;
      X.forEach((_, i) => (y[i] ? (n1 += w[i]) : (n0 += w[i])));
      let best = -Infinity;
      const argmax: string[] = [];
      for (let f = 0; f < data.p; f++) {
        const cuts = [...new Set(X.filter((_, i) => w[i] > 0).map((r) => r[f]))].sort((a, b) => a - b);
        for (let c = 0; c + 1 < cuts.length; c++) {
          let l0 = 0, l1 = 0;
          X.forEach((r, i) => {
            if (r[f] <= cuts[c]) y[i] ? (l1 += w[i]) : (l0 += w[i]);
          });
          const r0 = n0 - l0, r1 = n1 - l1;
          const crit = (l0 * l0 + l1 * l1) / (l0 + l1) + (r0 * r0 + r1 * r1) / (r0 + r1);
          const key = `${f}@${(cuts[c] + cuts[c + 1]) / 2}`;
          if (crit > best + 1e-9) {
            best = crit;
            argmax.length = 0;
            argmax.push(key);
          } else if (Math.abs(crit - best) <= 1e-9) argmax.push(key);
        }
      }
      expect(argmax).toContain(`${tree.feature[0]}@${tree.threshold[0]}`);
      expect(tree.decrease[0]).toBeCloseTo(best - (n0 * n0 + n1 * n1) / (n0 + n1), 10);
    }
  });

  it("grown to purity, the decreases sum to the root's Gini impurity x N and in-bag cases are fitted exactly", () => {
    const rng = createRng(12);
    const X = Array.from({ length: 80 }, () => [rng.next(), rng.next(), rng.next()]);
    const y: number[] = X.map((r) => (r[0] + 0.5 * rng.next() > 0.7 ? 1 : 0));
    const data = prepare(X, y);
    const tree = core.growTree(data, { mtry: 1, nodesize: 1 }, 3);
    const inBag = Array.from(tree.oobVote as Int8Array, (v, i) => (v < 0 ? i : -1)).filter((i) => i >= 0);
    const replay = core.createTreeRng(3);
    const w = new Float64Array(80);
    for (let k = 0; k < 80; k++) w[replay.int(80)] += 1;
    const n1 = y.reduce((s, v, i) => s + v * w[i], 0), n0 = 80 - n1;
    const total = Array.from(tree.decrease as Float64Array).reduce((s, v) => s + v, 0);
    expect(total).toBeCloseTo(80 - (n0 * n0 + n1 * n1) / 80, 9);
    for (const i of inBag) {
      let k = 0;
      while (tree.feature[k] >= 0) k = X[i][tree.feature[k]] <= tree.threshold[k] ? tree.left[k] : tree.right[k];
      expect(tree.leafClass[k]).toBe(y[i]);
    }
  });
});

describe("worker thread (random-forest-worker.cjs)", () => {
  it("answers a message it does not know with an error instead of leaving the caller waiting", async () => {
    const worker = new Worker(repoPath("src", "models", "random-forest-worker.cjs"));
    const reply = new Promise((resolve) => worker.once("message", resolve));
    worker.postMessage([{ index: 0, seed: 1 }]);
    expect(await reply).toEqual({ error: "random-forest-worker.cjs: unknown message undefined" });
    await worker.terminate();
  });
});

describe("RandomForestClassifier degenerate input", () => {
  it("one class only: clear error", async () => {
    await expect(new RandomForestClassifier().fit([[1], [2], [3]], [0, 0, 0])).rejects.toThrow(/only class 0.*needs both classes/);
  });

  it("all features constant: clear error", async () => {
    await expect(new RandomForestClassifier().fit([[1, 2], [1, 2], [1, 2]], [0, 1, 0])).rejects.toThrow(/all 2 features are constant/);
  });

  it("a zero-variance feature is never split on (importance exactly 0), as R", async () => {
    const { X, y } = synthetic(6);
    const withConstant = X.map((r) => [...r.slice(0, 4), 3.5]);
    const rf = await new RandomForestClassifier({ nTrees: 50, seed: 1 }).fit(withConstant, y);
    const imp = rf.giniImportance();
    expect(imp[4]).toBe(0);
    expect(imp[0]).toBeGreaterThan(0);
  });

  it("n = 2 (one case per class) fits and separates them", async () => {
    const rf = await new RandomForestClassifier({ nTrees: 20, seed: 1 }).fit([[0], [1]], [0, 1]);
    expect(rf.predictProbability([[0], [1]])).toEqual([0, 1]);
  });

  it("a root that can never be split (nodesize too large) is a clear error, where R would loop forever", async () => {
    await expect(new RandomForestClassifier({ nTrees: 2, nodesize: 10 }).fit([[0], [1], [2], [3]], [0, 1, 0, 1])).rejects.toThrow(
      /no tree could split its root .*nodesize 10 too large/,
    );
  });

  it("bad options and inputs name the problem", async () => {
    expect(() => new RandomForestClassifier({ nTrees: 0 })).toThrow(/nTrees must be a positive integer/);
    expect(() => new RandomForestClassifier({ workers: 1.5 })).toThrow(/workers must be a positive integer/);
    await expect(new RandomForestClassifier({ mtry: 3 }).fit([[1, 2], [2, 1]], [0, 1])).rejects.toThrow(/mtry 3 exceeds the 2 features/);
    await expect(new RandomForestClassifier().fit([[1, 2], [2, NaN]], [0, 1])).rejects.toThrow(/X\[1\]\[1\] is NaN/);
    await expect(new RandomForestClassifier().fit([[1], [2]], [0, 2])).rejects.toThrow(/y\[1\] is 2/);
    const rf = await new RandomForestClassifier({ nTrees: 5 }).fit([[0, 1], [1, 0]], [0, 1]);
    expect(() => rf.predictProbability([[1]])).toThrow(/row 0 has 1 values, expected 2/);
    expect(() => new RandomForestClassifier().giniImportance()).toThrow(/call fit\(\) first/);
  });
});
