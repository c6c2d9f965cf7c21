/**
 * Z-score normalisation fitted on the training cohort (paper section 2.2: the features of each MRI
 * sequence "were normalized separately using the Z-score"): z = (x - mean_train) / sd_train, sd with
 * denominator n - 1 as R's `scale`. Every feature gets its own mean and sd, so normalising sequence by
 * sequence or all at once gives the same numbers. Missing values (NaN) are skipped when fitting and stay
 * NaN. A feature constant in training (sd = 0) maps to 0.
 *
 * @example
 * const scaler = new ZScoreScaler().fit([[1, 10], [3, 10]]);
 * scaler.transform([[2, 10]]); // [[0, 0]]
 */
import { mean, variance } from "../stats/descriptive";

export interface ZScoreJson {
  center: number[];
  scale: number[];
}

/**
 * Centre (mean) and scale (sd, denominator n - 1) of one feature's finite values: what a z-score subtracts and
 * divides by. NaN when undefined (no finite value; scale with fewer than 2).
 */
export function centreAndScale(values: ArrayLike<number>): { center: number; scale: number } {
  const finite = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite[n++] = values[i];
  const col = finite.subarray(0, n);
  const sd = Math.sqrt(variance(col));
  return { center: n ? mean(col) : NaN, scale: Number.isFinite(sd) ? sd : NaN };
}

/** One z-score, (x - center) / scale; 0 for a constant feature (scale 0 or undefined) and NaN for a missing x. */
export function zScore(x: number, center: number, scale: number): number {
  return scale > 0 ? (x - center) / scale : Number.isFinite(x) ? 0 : NaN;
}

export class ZScoreScaler {
  center: number[] = [];
  scale: number[] = [];

  /** Learns the column means and standard deviations of `rows` (patients x features); returns this. */
  fit(rows: number[][]): this {
    const p = rows.length ? rows[0].length : 0;
    this.center = [];
    this.scale = [];
    for (let j = 0; j < p; j++) {
      const { center, scale } = centreAndScale(rows.map((r) => r[j]));
      this.center.push(center);
      this.scale.push(scale);
    }
    return this;
  }

  transform(rows: number[][]): number[][] {
    return rows.map((r, i) => {
      if (r.length !== this.center.length) throw new Error(`ZScoreScaler: row ${i} has ${r.length} values, fitted on ${this.center.length}`);
      return r.map((x, j) => zScore(x, this.center[j], this.scale[j]));
    });
  }

  /** The scaler restricted to the columns `index` (in that order). */
  select(index: number[]): ZScoreScaler {
    return ZScoreScaler.fromJSON({ center: index.map((j) => this.center[j]), scale: index.map((j) => this.scale[j]) });
  }

  toJSON(): ZScoreJson {
    return { center: this.center, scale: this.scale };
  }

  static fromJSON(json: ZScoreJson): ZScoreScaler {
    const scaler = new ZScoreScaler();
    scaler.center = [...json.center];
    scaler.scale = [...json.scale];
    return scaler;
  }
}
