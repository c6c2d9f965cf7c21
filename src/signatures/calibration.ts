/**
 * Calibration of predicted ALNM probabilities (beyond the paper): the Brier score
 *   B = (1/n) sum_i (p_i - y_i)^2
 * and a binned reliability curve (patients sorted by p and cut into `bins` groups of near-equal size;
 * each bin's mean p against its observed fraction of positives). Patients with a NaN probability are left out.
 *
 * @example
 * brierScore([0.9, 0.2], [1, 0]);                       // (0.01 + 0.04) / 2 = 0.025
 * calibrationCurve([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1], 2); // { predicted: [0.15, 0.85], observed: [0, 1], counts: [2, 2] }
 */
export function brierScore(probs: number[], labels: number[]): number {
  if (probs.length !== labels.length) throw new Error(`brierScore: ${probs.length} probabilities for ${labels.length} labels`);
  let s = 0;
  let n = 0;
  probs.forEach((p, i) => {
    if (!Number.isFinite(p)) return;
    s += (p - labels[i]) ** 2;
    n++;
  });
  if (!n) throw new Error("brierScore: no patient has a probability");
  return s / n;
}

export interface CalibrationCurve {
  predicted: number[];
  observed: number[];
  counts: number[];
}

export function calibrationCurve(probs: number[], labels: number[], bins = 10): CalibrationCurve {
  if (probs.length !== labels.length) throw new Error(`calibrationCurve: ${probs.length} probabilities for ${labels.length} labels`);
  const order = probs
    .map((p, i) => ({ p, y: labels[i], i }))
    .filter((r) => Number.isFinite(r.p))
    .sort((a, b) => a.p - b.p || a.i - b.i);
  const k = Math.max(1, Math.min(bins, order.length));
  const out: CalibrationCurve = { predicted: [], observed: [], counts: [] };
  for (let b = 0; b < k; b++) {
    const part = order.slice(Math.floor((b * order.length) / k), Math.floor(((b + 1) * order.length) / k));
    if (!part.length) continue;
    out.predicted.push(part.reduce((s, r) => s + r.p, 0) / part.length);
    out.observed.push(part.reduce((s, r) => s + r.y, 0) / part.length);
    out.counts.push(part.length);
  }
  return out;
}
