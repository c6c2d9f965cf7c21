/**
 * Spearman correlation maps between two sets of per-patient variables (e.g. radiomic features x immune
 * cell fractions, lncRNAs or CpG sites), as R's
 *   cor.test(x, y, method = "spearman", exact = FALSE)  for every pair, then  p.adjust(p, "BH")  over all pairs.
 *
 * rho is Pearson's r of the average ranks; p uses the t approximation t = rho sqrt((n - 2) / (1 - rho^2))
 * on n - 2 df (stats/correlation.ts). Each pair uses the patients where both values are present
 * (NaN = missing, as R's complete cases). A constant variable gives rho = p = p_adj = NaN, as R gives NA,
 * and such pairs do not count in the BH adjustment (p.adjust ignores NA).
 *
 * @example
 * const rows = spearmanPairs(radiomics, immune);  // both NamedMatrix with patients as rows
 * rows[0];  // { feature: "Maximum enhancement (K1)", cell_type: "B.cells.naive", rho: 0.024, p: 0.82, p_adj: 0.999 }
 */
import { benjaminiHochberg, spearman } from "../stats/index";
import { NamedMatrix } from "./matrix";

/** One (feature, target) pair; `cell_type` holds the target's name (cell type, lncRNA or CpG site). */
export interface SpearmanRow {
  feature: string;
  cell_type: string;
  rho: number;
  p: number;
  p_adj: number;
}

/** Rows of `m` in the order of `ids` (rows not present give an Error naming them). */
function alignRows(m: NamedMatrix, ids: string[], what: string): number[][] {
  const index = new Map(m.rows.map((r, i) => [r, i] as [string, number]));
  return ids.map((id) => {
    const i = index.get(id);
    if (i === undefined) throw new Error(`${what}: no row for patient '${id}'`);
    return m.values[i];
  });
}

/** Patients (row names) present in both matrices, in the order of `a`. */
export function sharedRows(a: NamedMatrix, b: NamedMatrix): string[] {
  const inB = new Set(b.rows);
  return a.rows.filter((r) => inB.has(r));
}

/**
 * Spearman correlation of every column of `features` with every column of `targets` (patients as rows,
 * matched by row name; only patients in both are used). Rows come feature-major: for each feature, every
 * target in column order.
 */
export function spearmanPairs(features: NamedMatrix, targets: NamedMatrix, options: { minPatients?: number } = {}): SpearmanRow[] {
  const { minPatients = 3 } = options;
  const ids = sharedRows(features, targets);
  if (ids.length < minPatients) {
    throw new Error(`spearmanPairs: only ${ids.length} patients are in both matrices (need ${minPatients})`);
  }
  const X = alignRows(features, ids, "spearmanPairs features");
  const Y = alignRows(targets, ids, "spearmanPairs targets");
  const rows: SpearmanRow[] = [];
  features.columns.forEach((feature, fj) => {
    targets.columns.forEach((target, tj) => {
      const x: number[] = [];
      const y: number[] = [];
      for (let i = 0; i < ids.length; i++) {
        const a = X[i][fj], b = Y[i][tj];
        if (Number.isNaN(a) || Number.isNaN(b)) continue;
        x.push(a);
        y.push(b);
      }
      let rho = NaN, p = NaN;
      if (x.length >= minPatients) {
        const res = spearman(x, y, { exact: false });
        rho = res.rho;
        p = res.pValue;
      }
      rows.push({ feature, cell_type: target, rho, p, p_adj: NaN });
    });
  });
  const adjusted = benjaminiHochberg(rows.map((r) => r.p));
  rows.forEach((r, k) => (r.p_adj = adjusted[k]));
  return rows;
}

/**
 * The rows of {@link spearmanPairs} as matrices for a heatmap: features x targets of rho, p and p_adj
 * (NaN where undefined), in first-appearance order.
 *
 * @example
 * const m = correlationMatrices(spearmanPairs(radiomics, immune));
 * m.rho[0][1];  // rho of m.features[0] with m.targets[1]
 */
export function correlationMatrices(rows: SpearmanRow[]): { features: string[]; targets: string[]; rho: number[][]; p: number[][]; pAdj: number[][] } {
  const features: string[] = [];
  const targets: string[] = [];
  const fi = new Map<string, number>();
  const ti = new Map<string, number>();
  for (const r of rows) {
    if (!fi.has(r.feature)) fi.set(r.feature, features.push(r.feature) - 1);
    if (!ti.has(r.cell_type)) ti.set(r.cell_type, targets.push(r.cell_type) - 1);
  }
  const blank = () => features.map(() => targets.map(() => NaN));
  const rho = blank(), p = blank(), pAdj = blank();
  for (const r of rows) {
    const i = fi.get(r.feature)!, j = ti.get(r.cell_type)!;
    rho[i][j] = r.rho;
    p[i][j] = r.p;
    pAdj[i][j] = r.p_adj;
  }
  return { features, targets, rho, p, pAdj };
}
