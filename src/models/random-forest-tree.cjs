"use strict";
/**
 * One classification tree of Breiman's random forest, grown as R's randomForest (4.7) grows it:
 * a bootstrap sample of n draws with replacement (each case weighted by how often it was drawn), then at
 * EVERY node a fresh random subset of `mtry` features; for each, the Gini-best split between two
 * consecutive distinct values, scored by R's criterion
 *
 *   crit = (L0² + L1²) / nL + (R0² + R1²) / nR        (class weights left/right of the cut)
 *
 * and the node's decrease in Gini impurity is crit_best − (N0² + N1²) / N (MeanDecreaseGini summand).
 * Nodes are split in creation (breadth-first) order until pure or holding <= nodesize distinct cases; a
 * node whose sampled features are all constant there becomes a leaf (R does not try other features).
 * Ties between equal criteria are broken at random, as R does.
 *
 * Plain CommonJS JavaScript on purpose: worker threads load it with no TypeScript loader, whether the
 * caller runs under tsx (ESM), vitest or the tslab kernel (CommonJS).
 *
 * Data layout (column-major, feature f of case i at f * n + i):
 *   ranks      Int32Array   dense rank of the value among the feature's distinct values (0-based)
 *   values     Float64Array the raw values (for out-of-bag prediction)
 *   uniques    Float64Array distinct values of each feature in increasing order (first nUnique[f] used)
 *   y          Uint8Array   class 0 or 1 of each case
 */

/**
 * xoshiro128** seeded through splitmix32: the same generator and seeding as createRng in
 * src/util/random.ts (kept identical so a tree grown here is reproducible from its seed anywhere).
 * @param {number} seed unsigned 32-bit seed
 */
function createTreeRng(seed) {
  let s = (Math.floor(seed) ^ Math.floor(seed / 4294967296)) >>> 0;
  const init = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = init(), b = init(), c = init(), d = init();
  if ((a | b | c | d) === 0) a = 1;
  const rotl = (x, k) => ((x << k) | (x >>> (32 - k))) >>> 0;
  const nextU32 = () => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t;
    d = rotl(d, 11);
    return result;
  };
  return {
    next: () => nextU32() / 4294967296,
    int: (k) => Math.floor((nextU32() / 4294967296) * k),
  };
}

/** R gives up when 30 bootstrap samples in a row miss a class. */
const MAX_CLASS_DRAWS = 30;
/** R redraws the bootstrap of a tree whose root cannot be split, forever; here a bounded number of times. */
const MAX_ROOT_REDRAWS = 1000;

/**
 * Grows one tree.
 * @param {{n:number,p:number,ranks:Int32Array,values:Float64Array,uniques:Float64Array,y:Uint8Array}} data
 * @param {{mtry:number,nodesize:number}} options
 * @param {number} seed unsigned 32-bit seed of this tree
 * @returns {{feature:Int32Array,threshold:Float64Array,left:Int32Array,right:Int32Array,leafClass:Int8Array,decrease:Float64Array,oobVote:Int8Array}}
 *   feature[k] = -1 marks a leaf; oobVote[i] is the tree's class for an out-of-bag case i, -1 for in-bag cases.
 */
function growTree(data, options, seed) {
  const { n, p, y } = data;
  const { mtry, nodesize } = options;
  const rng = createTreeRng(seed);
  const weight = new Int32Array(n);
  const featurePool = new Int32Array(p);
  for (let f = 0; f < p; f++) featurePool[f] = f;
  // Per-tree work arrays: class-1 bootstrap weights, per-rank sums (counting path), a node's ranks, the
  // node's ranks and cases in rank order with the bucket offsets (sorting path).
  const scratch = {
    weight1: new Int32Array(n),
    countAll: new Int32Array(n),
    count1: new Int32Array(n),
    nodeRank: new Int32Array(n),
    sortedRank: new Int32Array(n),
    sortedCase: new Int32Array(n),
    bucketStart: new Int32Array(n + 1),
  };

  for (let redraw = 0; redraw < MAX_ROOT_REDRAWS; redraw++) {
    drawBootstrap(n, y, weight, rng);
    for (let i = 0; i < n; i++) scratch.weight1[i] = y[i] ? weight[i] : 0;
    const tree = buildTree(data, weight, mtry, nodesize, rng, featurePool, scratch);
    if (tree.size > 1) return finishTree(tree, data, weight);
  }
  throw new Error(
    `random forest: no tree could split its root in ${MAX_ROOT_REDRAWS} bootstrap samples (features nearly constant, or nodesize ${nodesize} too large)`,
  );
}

function drawBootstrap(n, y, weight, rng) {
  for (let attempt = 1; ; attempt++) {
    weight.fill(0);
    let w1 = 0;
    for (let k = 0; k < n; k++) {
      const i = rng.int(n);
      weight[i] += 1;
      w1 += y[i];
    }
    if (w1 > 0 && w1 < n) return;
    if (attempt >= MAX_CLASS_DRAWS) {
      throw new Error(`random forest: still fewer than two classes in the in-bag sample after ${MAX_CLASS_DRAWS} attempts`);
    }
  }
}

function buildTree(data, weight, mtry, nodesize, rng, featurePool, scratch) {
  const { n, ranks, uniques, y } = data;
  const samples = new Int32Array(n);
  let nUse = 0;
  let root0 = 0, root1 = 0;
  for (let i = 0; i < n; i++) {
    if (weight[i] > 0) {
      samples[nUse++] = i;
      if (y[i]) root1 += weight[i];
      else root0 += weight[i];
    }
  }
  const cap = 2 * nUse + 1;
  const start = new Int32Array(cap), end = new Int32Array(cap);
  const w0 = new Float64Array(cap), w1 = new Float64Array(cap);
  const feature = new Int32Array(cap).fill(-1);
  const threshold = new Float64Array(cap);
  const left = new Int32Array(cap), right = new Int32Array(cap);
  const decrease = new Float64Array(cap);
  start[0] = 0; end[0] = nUse; w0[0] = root0; w1[0] = root1;
  let size = 1;
  const best = { crit: 0, feature: -1, rankLow: 0, rankHigh: 0 };

  for (let k = 0; k < size; k++) {
    const s = start[k], e = end[k];
    if (e - s <= nodesize || w0[k] === 0 || w1[k] === 0) continue;
    if (!findBestSplit(data, weight, samples, s, e, w0[k], w1[k], mtry, rng, featurePool, scratch, best)) continue;
    const f = best.feature;
    const base = f * n;
    // Partition the node's cases: rank <= rankLow goes left (R moves cases by sorted position, not by value).
    let lo = s, hi = e - 1;
    let l0 = 0, l1 = 0;
    while (lo <= hi) {
      const i = samples[lo];
      if (ranks[base + i] <= best.rankLow) {
        if (y[i]) l1 += weight[i];
        else l0 += weight[i];
        lo++;
      } else {
        samples[lo] = samples[hi];
        samples[hi] = i;
        hi--;
      }
    }
    const a = size, b = size + 1;
    start[a] = s; end[a] = lo; w0[a] = l0; w1[a] = l1;
    start[b] = lo; end[b] = e; w0[b] = w0[k] - l0; w1[b] = w1[k] - l1;
    feature[k] = f;
    threshold[k] = (uniques[base + best.rankLow] + uniques[base + best.rankHigh]) / 2;
    left[k] = a;
    right[k] = b;
    const total = w0[k] + w1[k];
    decrease[k] = best.crit - (w0[k] * w0[k] + w1[k] * w1[k]) / total;
    size += 2;
  }
  return { size, feature, threshold, left, right, decrease, w0, w1 };
}

/**
 * Samples mtry features without replacement (partial Fisher-Yates over a persistent permutation) and
 * keeps the best split among them in `best`. Returns false when every sampled feature is constant here.
 */
function findBestSplit(data, weight, samples, s, e, n0, n1, mtry, rng, featurePool, scratch, best) {
  const p = data.p;
  const total = n0 + n1;
  let found = false;
  let remaining = p;
  for (let t = 0; t < mtry; t++) {
    const j = rng.int(remaining);
    const f = featurePool[j];
    featurePool[j] = featurePool[remaining - 1];
    featurePool[remaining - 1] = f;
    remaining--;
    const split = scanFeature(data, weight, samples, s, e, f, total, n1, rng, scratch);
    if (split === null) continue;
    if (!found || split.crit > best.crit) {
      found = true;
      best.crit = split.crit; best.feature = f; best.rankLow = split.rankLow; best.rankHigh = split.rankHigh;
    } else if (split.crit === best.crit && rng.next() > 0.5) {
      best.feature = f; best.rankLow = split.rankLow; best.rankHigh = split.rankHigh;
    }
  }
  return found;
}

/** Split candidate of one feature, reused to avoid allocation in the inner loop. */
const candidate = { crit: 0, rankLow: 0, rankHigh: 0 };

/** R's split criterion (L0² + L1²)/nL + (R0² + R1²)/nR for left class weights l0, l1 of a node with n0 + n1. */
function splitCriterion(l0, l1, n0, n1) {
  const r0 = n0 - l0, r1 = n1 - l1;
  return (l0 * l0 + l1 * l1) / (l0 + l1) + (r0 * r0 + r1 * r1) / (r0 + r1);
}

/** A node's cases are counted per rank when its rank range is below this many times its case count, else sorted. */
const COUNT_RANGE_FACTOR = 2;

/**
 * Best cut of feature f in the node's cases, scanning them in increasing rank: the class weights are
 * gathered either by counting per rank (cheap when the node's rank range is small, e.g. binary features or
 * large nodes) or by sorting the cases by rank. Only the order of ranks matters: cases of equal rank are
 * summed before the next cut is scored, and bootstrap weights are integers, so their sum is exact in any order.
 * Sums run over all weights and class-1 weights (scratch.weight1), with no branch on the class: the class-0
 * weight left of a cut is their difference, exact for integers.
 */
function scanFeature(data, weight, samples, s, e, f, total, n1, rng, scratch) {
  const { n, ranks } = data;
  const base = f * n;
  const m = e - s;
  const nodeRank = scratch.nodeRank;
  let minRank = ranks[base + samples[s]], maxRank = minRank;
  nodeRank[0] = minRank;
  for (let k = 1; k < m; k++) {
    const r = ranks[base + samples[s + k]];
    nodeRank[k] = r;
    if (r < minRank) minRank = r;
    else if (r > maxRank) maxRank = r;
  }
  if (minRank === maxRank) return null;
  if (maxRank - minRank < COUNT_RANGE_FACTOR * m) return scanByCounting(weight, samples, s, m, minRank, maxRank, total, n1, rng, scratch);
  sortByRank(samples, s, m, minRank, maxRank, scratch);
  return scanSorted(weight, m, total, n1, rng, scratch);
}

/**
 * Cut search with the node's weights (all classes, class 1) summed per rank in scratch.countAll/count1
 * (left all zero again).
 */
function scanByCounting(weight, samples, s, m, minRank, maxRank, total, n1, rng, scratch) {
  const { weight1, countAll, count1, nodeRank } = scratch;
  const n0 = total - n1;
  for (let k = 0; k < m; k++) {
    const i = samples[s + k];
    const r = nodeRank[k];
    countAll[r] += weight[i];
    count1[r] += weight1[i];
  }
  let found = false;
  let bestCrit = 0, bestLow = 0, bestHigh = 0;
  let l = 0, l1 = 0, prev = -1;
  for (let r = minRank; r <= maxRank; r++) {
    const c = countAll[r];
    if (c === 0) continue;
    if (prev >= 0) {
      const crit = splitCriterion(l - l1, l1, n0, n1);
      if (!found || crit > bestCrit) {
        found = true;
        bestCrit = crit; bestLow = prev; bestHigh = r;
      } else if (crit === bestCrit && rng.next() > 0.5) {
        bestLow = prev; bestHigh = r;
      }
    }
    l += c; l1 += count1[r]; prev = r;
    countAll[r] = 0; count1[r] = 0;
  }
  candidate.crit = bestCrit; candidate.rankLow = bestLow; candidate.rankHigh = bestHigh;
  return candidate;
}

/**
 * Puts the node's ranks (scratch.nodeRank) and cases in increasing rank order into scratch.sortedRank and
 * scratch.sortedCase: a bucket pass on the rank's high bits (at most m buckets), then an insertion pass,
 * which only has to reorder cases within a bucket.
 */
function sortByRank(samples, s, m, minRank, maxRank, scratch) {
  const { nodeRank, sortedRank, sortedCase, bucketStart } = scratch;
  let shift = 0;
  while ((maxRank - minRank) >> shift >= m) shift++;
  const buckets = ((maxRank - minRank) >> shift) + 1;
  bucketStart.fill(0, 0, buckets + 1);
  for (let k = 0; k < m; k++) bucketStart[((nodeRank[k] - minRank) >> shift) + 1]++;
  for (let b = 1; b <= buckets; b++) bucketStart[b] += bucketStart[b - 1];
  for (let k = 0; k < m; k++) {
    const r = nodeRank[k];
    const at = bucketStart[(r - minRank) >> shift]++;
    sortedRank[at] = r;
    sortedCase[at] = samples[s + k];
  }
  for (let k = 1; k < m; k++) {
    const r = sortedRank[k];
    if (sortedRank[k - 1] <= r) continue;
    const i = sortedCase[k];
    let j = k;
    while (j > 0 && sortedRank[j - 1] > r) {
      sortedRank[j] = sortedRank[j - 1];
      sortedCase[j] = sortedCase[j - 1];
      j--;
    }
    sortedRank[j] = r;
    sortedCase[j] = i;
  }
}

/**
 * Cut search over the node's cases sorted by rank (scratch.sortedRank, scratch.sortedCase). The best-cut update
 * (with R's random tie-break) is written out here and in scanByCounting on purpose: the hottest loop of the
 * forest; as a shared function updating `candidate` it cost about 15 % more CPU per tree (measured, 803 x 650).
 */
function scanSorted(weight, m, total, n1, rng, scratch) {
  const { weight1, sortedRank, sortedCase } = scratch;
  const n0 = total - n1;
  let found = false;
  let bestCrit = 0, bestLow = 0, bestHigh = 0;
  let l = 0, l1 = 0, prev = -1;
  for (let k = 0; k < m; k++) {
    const r = sortedRank[k];
    const i = sortedCase[k];
    if (r !== prev && prev >= 0) {
      const crit = splitCriterion(l - l1, l1, n0, n1);
      if (!found || crit > bestCrit) {
        found = true;
        bestCrit = crit; bestLow = prev; bestHigh = r;
      } else if (crit === bestCrit && rng.next() > 0.5) {
        bestLow = prev; bestHigh = r;
      }
    }
    l += weight[i];
    l1 += weight1[i];
    prev = r;
  }
  candidate.crit = bestCrit; candidate.rankLow = bestLow; candidate.rankHigh = bestHigh;
  return candidate;
}

/** Trims the node arrays, labels leaves by majority (first class on a tie, as R) and votes for out-of-bag cases. */
function finishTree(tree, data, weight) {
  const { size } = tree;
  const feature = tree.feature.slice(0, size);
  const threshold = tree.threshold.slice(0, size);
  const left = tree.left.slice(0, size);
  const right = tree.right.slice(0, size);
  const decrease = tree.decrease.slice(0, size);
  const leafClass = new Int8Array(size).fill(-1);
  for (let k = 0; k < size; k++) {
    if (feature[k] < 0) leafClass[k] = tree.w1[k] > tree.w0[k] ? 1 : 0;
  }
  const { n, values } = data;
  const oobVote = new Int8Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (weight[i] > 0) continue;
    let k = 0;
    while (feature[k] >= 0) k = values[feature[k] * n + i] <= threshold[k] ? left[k] : right[k];
    oobVote[i] = leafClass[k];
  }
  return { feature, threshold, left, right, leafClass, decrease, oobVote };
}

module.exports = { growTree, createTreeRng };
