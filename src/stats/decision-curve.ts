/**
 * Decision-curve analysis (Vickers & Elkin 2006): net benefit of treating patients whose predicted
 * probability is >= the threshold probability pt, against treating all or none.
 *
 *   NB(pt)        = TP / n - FP / n · pt / (1 - pt)
 *   NB_all(pt)    = prevalence - (1 - prevalence) · pt / (1 - pt)
 *   NB_none(pt)   = 0
 * Default thresholds 0.01, 0.02, ..., 0.99 (i / 100).
 *
 * @example
 * decisionCurve([0.1, 0.7, 0.4, 0.9], [0, 1, 0, 1], [0.5]);
 * // [{ threshold: 0.5, netBenefit: 0.5, treatAll: 0, treatNone: 0 }]
 */
export interface DecisionCurveRow {
  threshold: number;
  netBenefit: number;
  treatAll: number;
  treatNone: number;
}

export function decisionCurve(
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
  thresholds: number[] = Array.from({ length: 99 }, (_, i) => (i + 1) / 100),
): DecisionCurveRow[] {
  if (probs.length !== labels.length) throw new Error(`decisionCurve: ${probs.length} probabilities but ${labels.length} labels`);
  const n = probs.length;
  if (n === 0) throw new Error("decisionCurve: no observations");
  let events = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) throw new Error(`decisionCurve: label ${labels[i]} at index ${i} is not 0 or 1`);
    if (!(probs[i] >= 0 && probs[i] <= 1)) throw new Error(`decisionCurve: probability ${probs[i]} at index ${i} is not in [0, 1]`);
    events += labels[i];
  }
  const prevalence = events / n;
  return thresholds.map((pt) => {
    if (!(pt > 0 && pt < 1)) throw new Error(`decisionCurve: threshold ${pt} must be in (0, 1)`);
    let tp = 0, fp = 0;
    for (let i = 0; i < n; i++) {
      if (probs[i] >= pt) labels[i] === 1 ? tp++ : fp++;
    }
    const odds = pt / (1 - pt);
    return {
      threshold: pt,
      netBenefit: tp / n - (fp / n) * odds,
      treatAll: prevalence - (1 - prevalence) * odds,
      treatNone: 0,
    };
  });
}
