/**
 * ROC analysis as R's pROC 1.18: empirical curve, AUC, DeLong variance and CI, paired DeLong test, and a
 * stratified bootstrap CI.
 *
 * Labels are 0 (control) / 1 (case). Direction "<" means controls score lower than cases; "auto" (pROC's
 * default) picks "<" when median(controls) <= median(cases), else ">" (scores are then negated).
 *
 *   AUC = theta = 1/(m n) sum_i sum_j psi(X_i, Y_j),  psi = 1 if X > Y, 1/2 if equal, 0 otherwise
 *        (X = the m case scores, Y = the n control scores; the Mann-Whitney statistic).
 *   DeLong placements V10_i = 1/n sum_j psi(X_i, Y_j), V01_j = 1/m sum_i psi(X_i, Y_j);
 *   Var(theta) = S10 / m + S01 / n with S10 = sum (V10_i - theta)^2 / (m - 1), S01 likewise over n - 1;
 *   CI = theta ± qnorm(0.975) sqrt(Var), clipped to [0, 1] (DeLong, DeLong & Clarke-Pearson 1988).
 *   Paired test of two scores on the same patients: z = (theta_A - theta_B) / sqrt(L S L'), L = (1, -1),
 *   S = S10 / m + S01 / n the 2 x 2 covariance of the placements; p = 2 Phi(-|z|).
 *
 * @example
 * auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);       // 0.75
 * delongCi(scores, labels);                        // { auc, variance, lower, upper } as pROC::ci.auc(roc, method = "delong")
 * delongTest(svmScores, glmScores, labels).pValue; // as pROC::roc.test(roc1, roc2, method = "delong", paired = TRUE)
 */
import { normalLowerTail, normalQuantile } from "./distributions";
import { averageRanks } from "./rank";
import { createRng } from "../util/random";

export type RocDirection = "auto" | "<" | ">";

export interface RocOptions {
  direction?: RocDirection;
}

export interface RocPoint {
  threshold: number;
  sensitivity: number;
  specificity: number;
}

interface Groups {
  cases: number[];
  controls: number[];
  /** The direction used: "<" when cases score higher. */
  direction: "<" | ">";
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

function splitGroups(name: string, scores: ArrayLike<number>, labels: ArrayLike<number>, direction: RocDirection = "auto"): Groups {
  if (scores.length !== labels.length) throw new Error(`${name}: ${scores.length} scores but ${labels.length} labels`);
  const cases: number[] = [], controls: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i], l = labels[i];
    if (!Number.isFinite(s)) throw new Error(`${name}: score ${s} at index ${i} is not finite`);
    if (l === 1) cases.push(s);
    else if (l === 0) controls.push(s);
    else throw new Error(`${name}: label ${l} at index ${i} is not 0 or 1`);
  }
  if (cases.length === 0) throw new Error(`${name}: no case (label 1) observation; ROC needs both classes`);
  if (controls.length === 0) throw new Error(`${name}: no control (label 0) observation; ROC needs both classes`);
  const dir = direction === "auto" ? (median(controls) <= median(cases) ? "<" : ">") : direction;
  return { cases, controls, direction: dir };
}

/** Scores oriented so that cases are expected to score higher. */
function oriented(g: Groups): { x: number[]; y: number[] } {
  return g.direction === "<" ? { x: g.cases, y: g.controls } : { x: g.cases.map((v) => -v), y: g.controls.map((v) => -v) };
}

interface Placements {
  theta: number;
  /** V10: one per case. */
  x: number[];
  /** V01: one per control. */
  y: number[];
}

/**
 * DeLong placements from mid-ranks: for a case, (its rank among all) - (its rank among cases) counts the
 * controls below it, ties as 1/2; symmetrically for controls.
 */
function placements(x: number[], y: number[]): Placements {
  const m = x.length, n = y.length;
  const all = averageRanks([...x, ...y]);
  const rx = averageRanks(x), ry = averageRanks(y);
  const vx = x.map((_, i) => (all[i] - rx[i]) / n);
  const vy = y.map((_, j) => (m - (all[m + j] - ry[j])) / m);
  const theta = vx.reduce((a, v) => a + v, 0) / m;
  return { theta, x: vx, y: vy };
}

/**
 * Empirical ROC curve (pROC `roc()`): thresholds -Inf, the midpoints between consecutive distinct scores,
 * and +Inf; for direction "<", sensitivity = share of cases above the threshold and specificity = share of
 * controls below it. Points are in increasing threshold order (decreasing for direction ">", as pROC).
 */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>, options: RocOptions = {}): RocPoint[] {
  const g = splitGroups("rocCurve", scores, labels, options.direction);
  const distinct = [...new Set([...g.cases, ...g.controls])].sort((a, b) => a - b);
  const thresholds = [-Infinity];
  for (let i = 1; i < distinct.length; i++) thresholds.push((distinct[i - 1] + distinct[i]) / 2);
  thresholds.push(Infinity);
  const caseSorted = [...g.cases].sort((a, b) => a - b);
  const controlSorted = [...g.controls].sort((a, b) => a - b);
  const countBelow = (sorted: number[], t: number): number => {
    let lo = 0, hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const m = g.cases.length, n = g.controls.length;
  const points = thresholds.map((threshold) => {
    const casesBelow = countBelow(caseSorted, threshold);
    const controlsBelow = countBelow(controlSorted, threshold);
    return g.direction === "<"
      ? { threshold, sensitivity: (m - casesBelow) / m, specificity: controlsBelow / n }
      : { threshold, sensitivity: casesBelow / m, specificity: (n - controlsBelow) / n };
  });
  return g.direction === "<" ? points : points.reverse();
}

/** Area under the empirical ROC curve (pROC `auc()`), ties counted 1/2. */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>, options: RocOptions = {}): number {
  const { x, y } = oriented(splitGroups("auc", scores, labels, options.direction));
  return placements(x, y).theta;
}

export interface DelongCi {
  auc: number;
  variance: number;
  lower: number;
  upper: number;
}

function sumSquares(v: number[], centre: number): number {
  return v.reduce((a, t) => a + (t - centre) * (t - centre), 0);
}

/**
 * AUC with DeLong variance and confidence interval (pROC `ci.auc(roc, method = "delong")`, `var(roc)`).
 * Fewer than 2 cases or 2 controls: variance and bounds are NaN, as pROC returns NA.
 */
export function delongCi(scores: ArrayLike<number>, labels: ArrayLike<number>, level = 0.95, options: RocOptions = {}): DelongCi {
  if (!(level > 0 && level < 1)) throw new Error(`delongCi: level must be in (0, 1), got ${level}`);
  const { x, y } = oriented(splitGroups("delongCi", scores, labels, options.direction));
  const p = placements(x, y);
  const m = x.length, n = y.length;
  if (m <= 1 || n <= 1) return { auc: p.theta, variance: NaN, lower: NaN, upper: NaN };
  const variance = sumSquares(p.x, p.theta) / (m - 1) / m + sumSquares(p.y, p.theta) / (n - 1) / n;
  const sd = Math.sqrt(variance);
  const lower = p.theta + sd * normalQuantile((1 - level) / 2);
  const upper = p.theta + sd * normalQuantile(1 - (1 - level) / 2);
  return { auc: p.theta, variance, lower: Math.max(0, lower), upper: Math.min(1, upper) };
}

export interface DelongTestResult {
  z: number;
  pValue: number;
  aucA: number;
  aucB: number;
}

/**
 * Paired DeLong test of two scores on the same patients (pROC `roc.test(..., method = "delong", paired = TRUE)`).
 * Each score's direction is chosen on its own ("auto") unless given. Identical curves give z = 0, p = 1.
 */
export function delongTest(
  scoresA: ArrayLike<number>,
  scoresB: ArrayLike<number>,
  labels: ArrayLike<number>,
  options: RocOptions = {},
): DelongTestResult {
  const a = oriented(splitGroups("delongTest (A)", scoresA, labels, options.direction));
  const b = oriented(splitGroups("delongTest (B)", scoresB, labels, options.direction));
  const m = a.x.length, n = a.y.length;
  if (m <= 1 || n <= 1) throw new Error(`delongTest: need at least 2 cases and 2 controls (got ${m} and ${n})`);
  const pa = placements(a.x, a.y), pb = placements(b.x, b.y);
  const cov = (u: number[], tu: number, v: number[], tv: number): number => u.reduce((acc, t, i) => acc + (t - tu) * (v[i] - tv), 0);
  const s10 = [cov(pa.x, pa.theta, pa.x, pa.theta), cov(pa.x, pa.theta, pb.x, pb.theta), cov(pb.x, pb.theta, pb.x, pb.theta)].map((v) => v / (m - 1));
  const s01 = [cov(pa.y, pa.theta, pa.y, pa.theta), cov(pa.y, pa.theta, pb.y, pb.theta), cov(pb.y, pb.theta, pb.y, pb.theta)].map((v) => v / (n - 1));
  const s = s10.map((v, i) => v / m + s01[i] / n);
  const sigma = Math.sqrt(s[0] - 2 * s[1] + s[2]);
  const d = pa.theta - pb.theta;
  const z = d === 0 && sigma === 0 ? 0 : d / sigma;
  return { z, pValue: 2 * normalLowerTail(-Math.abs(z)), aucA: pa.theta, aucB: pb.theta };
}

export interface BootstrapCi {
  auc: number;
  lower: number;
  upper: number;
  /** The bootstrap AUCs, in draw order. */
  replicates: number[];
}

/** R's default sample quantile (type 7): linear interpolation between order statistics. */
function quantileType7(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Stratified bootstrap CI of the AUC (pROC `ci.auc(method = "bootstrap", boot.stratified = TRUE)`): cases and
 * controls are resampled separately with replacement `n` times; the bounds are the type-7 quantiles
 * (1 - level)/2 and 1 - (1 - level)/2 of the replicate AUCs. Seeded by `createRng(seed)`, so the numbers
 * are reproducible but not R's (R's random stream is not reproduced).
 *
 * @example
 * bootstrapAucCi(scores, labels, { n: 2000, seed: 1 }); // { auc, lower, upper, replicates }
 */
export function bootstrapAucCi(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  options: { n?: number; seed?: number; level?: number; direction?: RocDirection } = {},
): BootstrapCi {
  const reps = options.n ?? 2000;
  const level = options.level ?? 0.95;
  if (!(Number.isInteger(reps) && reps >= 1)) throw new Error(`bootstrapAucCi: n must be a positive integer, got ${reps}`);
  if (!(level > 0 && level < 1)) throw new Error(`bootstrapAucCi: level must be in (0, 1), got ${level}`);
  const { x, y } = oriented(splitGroups("bootstrapAucCi", scores, labels, options.direction));
  const rng = createRng(options.seed ?? 0);
  const replicates: number[] = [];
  for (let r = 0; r < reps; r++) {
    const bx = x.map(() => x[rng.int(x.length)]);
    const by = y.map(() => y[rng.int(y.length)]);
    replicates.push(placements(bx, by).theta);
  }
  const sorted = [...replicates].sort((a, b) => a - b);
  return {
    auc: placements(x, y).theta,
    lower: quantileType7(sorted, (1 - level) / 2),
    upper: quantileType7(sorted, 1 - (1 - level) / 2),
    replicates,
  };
}
