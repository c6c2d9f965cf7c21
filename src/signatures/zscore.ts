/**
 * Z-score normalisation fitted on the training cohort (paper section 2.2: the features of each MRI
 * sequence "were normalized separately using the Z-score"): z = (x - mean_train) / sd_train, sd with
 * denominator n - 1 as R's `scale`. Every feature gets its own mean and sd, so normalising sequence by
 * sequence or all at once gives the same numbers. Missing values (NaN) are skipped when fitting and stay
 * NaN. A feature constant in training (sd = 0) maps to 0.
 *
 * @example
 * const scaler = ZScoreScaler.fit([[1, 10], [3, 10]]);
 * scaler.transform([[2, 10]]); // [[0, 0]]
 */
import { mean, variance } from "../stats/descriptive";

export interface ZScoreJson {
  center: number[];
  scale: number[];
}

export class ZScoreScaler {
  private constructor(readonly center: number[], readonly scale: number[]) {}

  /** Column means and standard deviations of `rows` (patients x features). */
  static fit(rows: number[][]): ZScoreScaler {
    const p = rows.length ? rows[0].length : 0;
    const center: number[] = [];
    const scale: number[] = [];
    for (let j = 0; j < p; j++) {
      const col = rows.map((r) => r[j]).filter((x) => Number.isFinite(x));
      center.push(col.length ? mean(col) : NaN);
      const sd = Math.sqrt(variance(col));
      scale.push(Number.isFinite(sd) ? sd : NaN);
    }
    return new ZScoreScaler(center, scale);
  }

  transform(rows: number[][]): number[][] {
    return rows.map((r, i) => {
      if (r.length !== this.center.length) throw new Error(`ZScoreScaler: row ${i} has ${r.length} values, fitted on ${this.center.length}`);
      return r.map((x, j) => (this.scale[j] > 0 ? (x - this.center[j]) / this.scale[j] : Number.isFinite(x) ? 0 : NaN));
    });
  }

  /** The scaler restricted to the columns `index` (in that order). */
  select(index: number[]): ZScoreScaler {
    return new ZScoreScaler(index.map((j) => this.center[j]), index.map((j) => this.scale[j]));
  }

  toJSON(): ZScoreJson {
    return { center: this.center, scale: this.scale };
  }

  static fromJSON(json: ZScoreJson): ZScoreScaler {
    return new ZScoreScaler(json.center, json.scale);
  }
}
