"use strict";
/**
 * Worker thread of RandomForestClassifier: receives the shared, presorted training data once (workerData),
 * then batches of { index, seed } and answers with the grown trees (typed arrays, transferred, not copied).
 * Plain JavaScript so that no TypeScript loader is needed inside the worker.
 */
const { parentPort, workerData } = require("node:worker_threads");
const { growTree } = require("./random-forest-tree.cjs");

const data = {
  n: workerData.n,
  p: workerData.p,
  ranks: new Int32Array(workerData.ranks),
  values: new Float64Array(workerData.values),
  uniques: new Float64Array(workerData.uniques),
  y: new Uint8Array(workerData.y),
};
const options = { mtry: workerData.mtry, nodesize: workerData.nodesize };

parentPort.on("message", (batch) => {
  try {
    const trees = [];
    const transfer = [];
    for (const job of batch) {
      const tree = growTree(data, options, job.seed);
      trees.push({ index: job.index, tree });
      for (const key of Object.keys(tree)) transfer.push(tree[key].buffer);
    }
    parentPort.postMessage({ trees }, transfer);
  } catch (err) {
    parentPort.postMessage({ error: err && err.message ? err.message : String(err) });
  }
});
