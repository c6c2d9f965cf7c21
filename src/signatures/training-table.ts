/**
 * Work on a training table that every signature fitted on it would otherwise repeat (a validation resample
 * fits the whole family on the same patients): which rows miss which radiomic features, and per column of the
 * complete rows its z-score centre and scale, its z-scores and the t-test of those z-scores between
 * ALN-positive and ALN-negative patients. Each is computed once, when first needed, column by column in
 * typed arrays, with the same arithmetic as the per-signature steps (zscore.ts, selection.ts), so every number
 * is the one a fresh fit gives. The table must not change while it is in use.
 *
 * @example
 * const table = new TrainingTable(train);
 * const marked = table.mark(candidateColumns);
 * const rows = train.ids.flatMap((_, i) => (table.hasAll(i, marked) ? [i] : []));   // complete rows
 * const columns = table.columns(rows, "welch");
 * columns.tTests(candidateColumns);   // [{ column: k, statistic, pValue }] for candidateColumns[k]
 */
import type { TTestKind } from "./clinical";
import { subsetRows, type SignatureData } from "./dataset";
import { tTestsOfColumns, type FilterResult } from "./selection";
import { centreAndScale, zScore } from "./zscore";

export class TrainingTable {
  private missing: Int32Array[] | null = null;
  private readonly byRows = new Map<string, TrainingColumns>();

  constructor(readonly data: SignatureData) {}

  /** Per row, the radiomic columns whose value is not finite (scanned once). */
  private missingByRow(): Int32Array[] {
    if (!this.missing) {
      this.missing = (this.data.radiomic?.rows ?? this.data.ids.map(() => [])).map((r) => {
        const out: number[] = [];
        for (let j = 0; j < r.length; j++) if (!Number.isFinite(r[j])) out.push(j);
        return Int32Array.from(out);
      });
    }
    return this.missing;
  }

  /** Whether row `i` has a finite value in every column of `columns` (given as a 0/1 mark per column). */
  hasAll(i: number, marked: Uint8Array): boolean {
    for (const j of this.missingByRow()[i]) if (marked[j]) return false;
    return true;
  }

  /** A 0/1 mark per radiomic column, 1 for `columns`. */
  mark(columns: number[]): Uint8Array {
    const marked = new Uint8Array(this.data.radiomic?.columns.length ?? 0);
    for (const j of columns) marked[j] = 1;
    return marked;
  }

  /** The column statistics of the rows `rows` (in that order), shared by every caller asking for the same rows and test. */
  columns(rows: number[], tTest: TTestKind | undefined): TrainingColumns {
    const key = `${tTest ?? ""}|${rows.join(",")}`;
    let hit = this.byRows.get(key);
    if (!hit) {
      const part = subsetRows(this.data, rows);
      hit = new TrainingColumns(part.radiomic?.rows ?? [], part.labels, tTest);
      this.byRows.set(key, hit);
    }
    return hit;
  }
}

/** Per radiomic column of some rows: z-score centre and scale, z-scores and their t-test, each computed on first use. */
export class TrainingColumns {
  private values: Float64Array | null = null;
  private readonly centre: number[] = [];
  private readonly scale: number[] = [];
  private readonly z: (Float64Array | undefined)[] = [];
  private readonly tests: (FilterResult | undefined)[] = [];

  constructor(private readonly rows: number[][], private readonly labels: number[], private readonly tTest: TTestKind | undefined) {}

  /** The raw values of column j, one per row (all columns are copied column-major on first use). */
  private column(j: number): Float64Array {
    const n = this.rows.length;
    if (!this.values) this.values = columnMajor(this.rows);
    return this.values.subarray(j * n, (j + 1) * n);
  }

  /** Centre and scale of column j over the rows (ZScoreScaler's fit on that column). */
  centreAndScale(j: number): { center: number; scale: number } {
    if (this.centre[j] === undefined) {
      const { center, scale } = centreAndScale(this.column(j));
      this.centre[j] = center;
      this.scale[j] = scale;
    }
    return { center: this.centre[j], scale: this.scale[j] };
  }

  /** The z-scores of column j, one per row. */
  zColumn(j: number): Float64Array {
    let z = this.z[j];
    if (!z) {
      const { center, scale } = this.centreAndScale(j);
      const x = this.column(j);
      z = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) z[i] = zScore(x[i], center, scale);
      this.z[j] = z;
    }
    return z;
  }

  /** The t-tests of the z-scores of `columns` (label 1 minus 0), in that order; `column` is the position k in `columns`. */
  tTests(columns: number[]): FilterResult[] {
    const todo = [...new Set(columns)].filter((j) => this.tests[j] === undefined);
    tTestsOfColumns(todo.map((j) => this.zColumn(j)), this.labels, this.tTest).forEach((t, q) => (this.tests[todo[q]] = t));
    return columns.map((j, k) => ({ ...this.tests[j]!, column: k }));
  }
}

/**
 * The rows (patients x features) as one column-major array: column j is [j n, (j + 1) n). Copied in blocks
 * of 8 rows, so each column's 8 values fill one cache line of the copy while the rows are read in order.
 */
function columnMajor(rows: number[][]): Float64Array {
  const n = rows.length;
  const p = n ? rows[0].length : 0;
  const out = new Float64Array(n * p);
  for (let i0 = 0; i0 < n; i0 += 8) {
    const block = rows.slice(i0, i0 + 8);
    for (let j = 0; j < p; j++) {
      const o = j * n + i0;
      for (let b = 0; b < block.length; b++) out[o + b] = block[b][j];
    }
  }
  return out;
}
