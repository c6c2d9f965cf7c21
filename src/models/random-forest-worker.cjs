"use strict";
/**
 * Worker thread of RandomForestClassifier, kept between fits. Messages, in order:
 *   { kind: "data", data, options }  the shared, presorted training data and { mtry, nodesize } of a fit
 *   { kind: "grow", jobs }           a batch of { index, seed }; answered with the grown trees (typed arrays,
 *                                    transferred, not copied) or { error }
 *   { kind: "release" }              the fit is over: drop its data
 * Plain JavaScript so that no TypeScript loader is needed inside the worker.
 */
const { parentPort } = require("node:worker_threads");
const { growTree } = require("./random-forest-tree.cjs");

let data = null;
let options = null;

/** Typed-array views of a fit's shared buffers, as growTree reads them. */
function viewData(shared) {
  return {
    n: shared.n,
    p: shared.p,
    ranks: new Int32Array(shared.ranks),
    values: new Float64Array(shared.values),
    uniques: new Float64Array(shared.uniques),
    y: new Uint8Array(shared.y),
  };
}

/** Grows a batch of trees and posts them back. */
function grow(jobs) {
  try {
    const trees = [];
    const transfer = [];
    for (const job of jobs) {
      const tree = growTree(data, options, job.seed);
      trees.push({ index: job.index, tree });
      for (const key of Object.keys(tree)) transfer.push(tree[key].buffer);
    }
    parentPort.postMessage({ trees }, transfer);
  } catch (err) {
    parentPort.postMessage({ error: err && err.message ? err.message : String(err) });
  }
}

parentPort.on("message", (msg) => {
  if (msg.kind === "data") {
    data = viewData(msg.data);
    options = msg.options;
  } else if (msg.kind === "grow") {
    grow(msg.jobs);
  } else if (msg.kind === "release") {
    data = null;
    options = null;
  } else {
    // A caller of another version would otherwise wait for an answer forever.
    parentPort.postMessage({ error: `random-forest-worker.cjs: unknown message ${JSON.stringify(msg && msg.kind)}` });
  }
});
