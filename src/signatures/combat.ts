/**
 * ComBat batch-effect harmonisation, parametric empirical Bayes (Johnson, Li & Rabinovic, Biostatistics
 * 2007), as R's `sva::ComBat(dat, batch, mod = NULL, par.prior = TRUE, mean.only = FALSE, ref.batch)`.
 * With features g, samples j of batch i:
 *   standardise  z_gij = (x_gij - a_g) / s_g, a_g = grand mean (or the reference batch's mean),
 *                s_g^2 = mean of squared residuals from the batch means (over all samples, or the reference batch's);
 *   batch effects gamma^_ig = mean_j z_gij, delta^2_ig = sample variance_j z_gij;
 *   priors       gamma_ig ~ N(gamma-bar_i, tau_i^2), delta^2_ig ~ InvGamma(lambda_i, theta_i) by the method of
 *                moments over features: lambda = (2 V + M^2) / V, theta = (M V + M^3) / V (M, V: mean and
 *                variance of delta^2_i.);
 *   posteriors   iterate gamma* = (n tau^2 gamma^ + delta*^2 gamma-bar) / (n tau^2 + delta*^2),
 *                delta*^2 = (sum_j (z_gij - gamma*)^2 / 2 + theta) / (n / 2 + lambda - 1)
 *                until every relative change is below 1e-4;
 *   adjust       x*_gij = s_g (z_gij - gamma*_ig) / delta*_ig + a_g.
 * With a reference batch its samples are returned unchanged and the others are mapped onto it. Features
 * with zero variance in some batch are returned unchanged (as sva does). No outcome labels are used, so
 * harmonising validation centres leaks no label information.
 *
 * @example
 * // features x samples, one batch label per sample
 * const { adjusted } = combat([[1, 2, 3, 10, 11, 12], [5, 4, 6, 1, 0, 2]], ["A", "A", "A", "B", "B", "B"]);
 */
import { mean, variance } from "../stats/descriptive";

export interface CombatOptions {
  /** Batch whose location and scale every other batch is mapped onto (sva's `ref.batch`). */
  refBatch?: string;
  /** Convergence criterion of the empirical Bayes iteration (sva: 1e-4). */
  conv?: number;
}

export interface CombatResult {
  /** Harmonised features x samples. */
  adjusted: number[][];
  /** Batch levels in the order of the rows of gammaStar / deltaStar (sorted as R's factor levels). */
  batches: string[];
  gammaStar: number[][];
  deltaStar: number[][];
  /** Features left unchanged because their variance is zero within some batch. */
  unchanged: number[];
}

export function combat(data: number[][], batch: string[], options: CombatOptions = {}): CombatResult {
  const conv = options.conv ?? 1e-4;
  const nSamples = batch.length;
  data.forEach((row, g) => {
    if (row.length !== nSamples) throw new Error(`combat: feature ${g} has ${row.length} values for ${nSamples} samples`);
    row.forEach((x, j) => {
      if (!Number.isFinite(x)) throw new Error(`combat: feature ${g}, sample ${j} is not finite (${x}); ComBat needs complete data`);
    });
  });
  const batches = [...new Set(batch)].sort();
  const members = batches.map((b) => batch.flatMap((x, j) => (x === b ? [j] : [])));
  members.forEach((m, i) => {
    if (m.length < 2) throw new Error(`combat: batch '${batches[i]}' has ${m.length} sample(s); at least 2 are needed`);
  });
  const ref = options.refBatch === undefined ? -1 : batches.indexOf(options.refBatch);
  if (options.refBatch !== undefined && ref < 0) throw new Error(`combat: reference batch '${options.refBatch}' is not among ${batches.join(", ")}`);

  const unchanged: number[] = [];
  const kept: number[] = [];
  data.forEach((row, g) => {
    const constant = members.some((m) => variance(m.map((j) => row[j])) === 0);
    (constant ? unchanged : kept).push(g);
  });

  // Standardise each kept feature.
  const grand: number[] = [];
  const pooledSd: number[] = [];
  const z: number[][] = [];
  for (const g of kept) {
    const row = data[g];
    const batchMean = members.map((m) => mean(m.map((j) => row[j])));
    const meanOf = new Array<number>(nSamples);
    members.forEach((m, i) => m.forEach((j) => (meanOf[j] = batchMean[i])));
    let a: number;
    let v: number;
    if (ref >= 0) {
      a = batchMean[ref];
      v = members[ref].reduce((s, j) => s + (row[j] - meanOf[j]) ** 2, 0) / members[ref].length;
    } else {
      a = members.reduce((s, m, i) => s + (m.length / nSamples) * batchMean[i], 0);
      v = row.reduce((s, x, j) => s + (x - meanOf[j]) ** 2, 0) / nSamples;
    }
    grand.push(a);
    pooledSd.push(Math.sqrt(v));
    z.push(row.map((x) => (x - a) / Math.sqrt(v)));
  }

  // Batch effects and their empirical Bayes posteriors, batch by batch.
  const gammaStar: number[][] = [];
  const deltaStar: number[][] = [];
  members.forEach((m, i) => {
    const gammaHat = z.map((row) => mean(m.map((j) => row[j])));
    const deltaHat = z.map((row) => variance(m.map((j) => row[j])));
    const gammaBar = mean(gammaHat);
    const tau2 = variance(gammaHat);
    const M = mean(deltaHat);
    const V = variance(deltaHat);
    const lambda = (2 * V + M * M) / V;
    const theta = (M * V + M * M * M) / V;
    const n = m.length;
    let gOld = gammaHat;
    let dOld = deltaHat;
    for (;;) {
      const gNew = gammaHat.map((gh, g) => (tau2 * n * gh + dOld[g] * gammaBar) / (tau2 * n + dOld[g]));
      const dNew = z.map((row, g) => {
        const sum2 = m.reduce((s, j) => s + (row[j] - gNew[g]) ** 2, 0);
        return (0.5 * sum2 + theta) / (n / 2 + lambda - 1);
      });
      // sva's criterion: max over features of |new - old| / old (old not in absolute value).
      let change = -Infinity;
      gNew.forEach((x, g) => (change = Math.max(change, Math.abs(x - gOld[g]) / gOld[g])));
      dNew.forEach((x, g) => (change = Math.max(change, Math.abs(x - dOld[g]) / dOld[g])));
      gOld = gNew;
      dOld = dNew;
      if (!(change > conv)) break;
    }
    gammaStar.push(i === ref ? gOld.map(() => 0) : gOld);
    deltaStar.push(i === ref ? dOld.map(() => 1) : dOld);
  });

  const adjusted = data.map((row) => [...row]);
  kept.forEach((g, k) => {
    members.forEach((m, i) => {
      if (i === ref) return;
      for (const j of m) adjusted[g][j] = ((z[k][j] - gammaStar[i][k]) / Math.sqrt(deltaStar[i][k])) * pooledSd[k] + grand[k];
    });
  });
  return { adjusted, batches, gammaStar, deltaStar, unchanged };
}

/**
 * Reference-batch ComBat as a fit/transform object (scikit-learn style), fitted on the TRAINING centres only.
 * With a reference batch each other batch's adjustment depends only on the reference's location and scale and on
 * that batch's own values (its priors and posteriors are estimated within the batch), so a new centre can be
 * harmonised later, on its own, with no label and without refitting: `transform` re-estimates its batch effect
 * from its own patients (at least 2), exactly as `combat` would had it been in the fit. What stays transductive:
 * the new centre's own feature distribution is used; its outcomes are not.
 *
 * @example
 * const h = new ComBatHarmoniser("SYSMH").fit(trainingFeatures, trainingCentres);   // features x samples
 * const external = h.transform(externalFeatures, externalCentres);                 // a centre unseen in training
 */
export class ComBatHarmoniser {
  private reference: number[][] | null = null;
  private fitted = new Map<string, { gammaStar: number[]; deltaStar: number[] }>();

  constructor(readonly refBatch: string, readonly options: Omit<CombatOptions, "refBatch"> = {}) {}

  /** Fits on `data` (features x samples) of the training centres; returns `this`. */
  fit(data: number[][], batch: string[]): this {
    if (!batch.includes(this.refBatch)) throw new Error(`ComBatHarmoniser: reference batch '${this.refBatch}' is not among the training batches`);
    const ref = batch.flatMap((b, j) => (b === this.refBatch ? [j] : []));
    this.reference = data.map((row) => ref.map((j) => row[j]));
    const res = combat(data, batch, { ...this.options, refBatch: this.refBatch });
    this.fitted = new Map(res.batches.map((b, i) => [b, { gammaStar: res.gammaStar[i], deltaStar: res.deltaStar[i] }]));
    return this;
  }

  /** Harmonises `data` (features x samples): every batch is mapped onto the reference, each on its own. */
  transform(data: number[][], batch: string[]): number[][] {
    if (!this.reference) throw new Error("ComBatHarmoniser: call fit(training) first");
    const out = data.map((row) => [...row]);
    for (const b of [...new Set(batch)]) {
      if (b === this.refBatch) continue;
      const cols = batch.flatMap((x, j) => (x === b ? [j] : []));
      // The reference's values then this batch's: `combat` with a reference adjusts each other batch on its own.
      const joint = data.map((row, g) => [...this.reference![g], ...cols.map((j) => row[j])]);
      const labels = [...this.reference[0].map(() => this.refBatch), ...cols.map(() => b)];
      const { adjusted } = combat(joint, labels, { ...this.options, refBatch: this.refBatch });
      const offset = this.reference[0].length;
      adjusted.forEach((row, g) => cols.forEach((j, k) => (out[g][j] = row[offset + k])));
    }
    return out;
  }
}

/**
 * How much of each batch's mean offset a difference in outcome prevalence alone explains, per feature in SD units
 * of the reference batch: expected shift = (prevalence_batch - prevalence_ref) x d, d = (mean of positives - mean of
 * negatives) / SD in the reference batch. ComBat without covariates removes the whole observed offset
 * (mean_batch - mean_ref) / SD, so in a batch with a different prevalence it also removes real signal; the
 * result reports both, averaged in absolute value over the features given, for every non-reference batch.
 */
export function prevalenceConfounding(
  data: number[][],
  batch: string[],
  labels: number[],
  refBatch: string,
): { batch: string; n: number; prevalence: number; referencePrevalence: number; observedOffsetSd: number; prevalenceShiftSd: number }[] {
  const idx = (b: string) => batch.flatMap((x, j) => (x === b && (labels[j] === 0 || labels[j] === 1) ? [j] : []));
  const ref = idx(refBatch);
  if (ref.length < 2) throw new Error(`prevalenceConfounding: reference batch '${refBatch}' has fewer than 2 labelled samples`);
  const prevalence = (cols: number[]) => cols.filter((j) => labels[j] === 1).length / cols.length;
  const refPrev = prevalence(ref);
  const stats = data.map((row) => {
    const vals = ref.map((j) => row[j]);
    const m = mean(vals);
    const sd = Math.sqrt(variance(vals));
    const pos = ref.filter((j) => labels[j] === 1).map((j) => row[j]);
    const neg = ref.filter((j) => labels[j] === 0).map((j) => row[j]);
    return { m, sd, d: pos.length && neg.length ? (mean(pos) - mean(neg)) / sd : NaN };
  });
  return [...new Set(batch)]
    .filter((b) => b !== refBatch)
    .sort()
    .map((b) => {
      const cols = idx(b);
      const p = prevalence(cols);
      const usable = stats.map((s, g) => ({ s, g })).filter(({ s }) => s.sd > 0 && Number.isFinite(s.d));
      const observed = usable.map(({ s, g }) => Math.abs((mean(cols.map((j) => data[g][j])) - s.m) / s.sd));
      const shift = usable.map(({ s }) => Math.abs((p - refPrev) * s.d));
      return { batch: b, n: cols.length, prevalence: p, referencePrevalence: refPrev, observedOffsetSd: mean(observed), prevalenceShiftSd: mean(shift) };
    });
}
