/**
 * Classification at a cut-off and the optimal cut-off as R's cutpointr 1.1
 * (`cutpointr(method = maximize_metric, metric = sum_sens_spec, direction = ">=")`).
 *
 * Rule: score >= cutoff is predicted positive.
 *   sensitivity = TP / (TP + FN), specificity = TN / (TN + FP), accuracy = (TP + TN) / n,
 *   PPV = TP / (TP + FP), NPV = TN / (TN + FN)   (0/0 gives NaN, as R).
 * Optimal cut-off: candidates are +Inf and every distinct observed score; the metric
 * sensitivity + specificity (Youden's J + 1) is maximised; candidates within 1e-6 of the maximum tie and the
 * tie is broken by their median (cutpointr's default `break_ties = median`, `tol_metric = 1e-6`).
 * Sensitivity, specificity and metric are then those of the smallest candidate >= that cut-off.
 *
 * @example
 * confusionAt([0.2, 0.6, 0.7, 0.4], [0, 1, 1, 0], 0.5); // { tp: 2, fp: 0, tn: 2, fn: 0, sensitivity: 1, ... }
 * optimalCutpoint([0.2, 0.6, 0.7, 0.4], [0, 1, 1, 0]);  // { cutoff: 0.6, sensitivity: 1, specificity: 1, metric: 2 }
 */
export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  sensitivity: number;
  specificity: number;
  accuracy: number;
  ppv: number;
  npv: number;
}

function checkInput(name: string, scores: ArrayLike<number>, labels: ArrayLike<number>): void {
  if (scores.length !== labels.length) throw new Error(`${name}: ${scores.length} scores but ${labels.length} labels`);
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) throw new Error(`${name}: score at index ${i} is NaN`);
    if (labels[i] !== 0 && labels[i] !== 1) throw new Error(`${name}: label ${labels[i]} at index ${i} is not 0 or 1`);
  }
}

export function confusionAt(scores: ArrayLike<number>, labels: ArrayLike<number>, cutoff: number): Confusion {
  checkInput("confusionAt", scores, labels);
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const positive = scores[i] >= cutoff;
    if (labels[i] === 1) positive ? tp++ : fn++;
    else positive ? fp++ : tn++;
  }
  return {
    tp, fp, tn, fn,
    sensitivity: tp / (tp + fn),
    specificity: tn / (tn + fp),
    accuracy: (tp + tn) / scores.length,
    ppv: tp / (tp + fp),
    npv: tn / (tn + fn),
  };
}

export interface OptimalCutpoint {
  cutoff: number;
  sensitivity: number;
  specificity: number;
  /** sensitivity + specificity at the cut-off. */
  metric: number;
  /** Every candidate cut-off within the tolerance of the best metric (decreasing), before the median rule. */
  tiedCutoffs: number[];
}

export function optimalCutpoint(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  options: { tolerance?: number } = {},
): OptimalCutpoint {
  checkInput("optimalCutpoint", scores, labels);
  const tolerance = options.tolerance ?? 1e-6;
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let nPos = 0;
  for (let i = 0; i < labels.length; i++) nPos += labels[i];
  const nNeg = labels.length - nPos;
  if (nPos === 0 || nNeg === 0) throw new Error(`optimalCutpoint: expecting two classes, got only label ${nPos ? 1 : 0}`);
  // Candidates in decreasing order with the rates of "score >= candidate"; cutpointr adds +Inf (nobody
  // positive) unless a score is already infinite.
  const hasInfinite = order.some((i) => !Number.isFinite(scores[i]));
  const candidates = hasInfinite ? [] : [Infinity];
  const sens = hasInfinite ? [] : [0];
  const spec = hasInfinite ? [] : [1];
  let tp = 0, fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    labels[i] === 1 ? tp++ : fp++;
    if (k + 1 < order.length && scores[order[k + 1]] === scores[i]) continue;
    candidates.push(scores[i]);
    sens.push(tp / nPos);
    spec.push((nNeg - fp) / nNeg);
  }
  const metric = sens.map((s, k) => s + spec[k]);
  const best = Math.max(...metric);
  const tiedCutoffs = candidates.filter((_, k) => metric[k] >= best - tolerance && metric[k] <= best + tolerance);
  const sortedTies = [...tiedCutoffs].sort((a, b) => a - b);
  const h = sortedTies.length >> 1;
  const cutoff = sortedTies.length % 2 ? sortedTies[h] : (sortedTies[h - 1] + sortedTies[h]) / 2;
  let at = 0;
  for (let k = 0; k < candidates.length; k++) if (candidates[k] >= cutoff) at = k;
  return { cutoff, sensitivity: sens[at], specificity: spec[at], metric: metric[at], tiedCutoffs };
}
