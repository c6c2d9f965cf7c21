/**
 * Clinicopathologic variables for the clinical and multiomic signatures (paper section 2.4): which ones
 * enter a signature is decided by a univariate test in the training cohort (continuous: independent-samples
 * t-test; categorical: Pearson's chi-squared test, Yates-corrected only on 2 x 2 tables as R's
 * `chisq.test`), keeping those with p < 0.05. Selected variables are encoded as numbers for the SVM:
 * continuous as is, ordinal categories as their level index (0, 1, ...), nominal categories as k - 1
 * indicator columns (treatment contrasts, first level the reference, as R's model.matrix).
 *
 * @example
 * const vars: ClinicalVariable[] = [{ name: "age", kind: "continuous" }, { name: "cT", kind: "categorical", levels: ["T1", "T2", "T3"], ordinal: true }];
 * const tests = univariateTests(train, vars);   // [{ variable: "age", test: "welch t", pValue: 0.012, ... }, ...]
 * const enc = new ClinicalEncoder(vars.filter((v) => tests.find((t) => t.variable === v.name)!.pValue < 0.05)).fit();
 * enc.transform(validation.clinical!);          // patients x encoded columns (NaN when missing)
 */
import { chiSquaredTest, studentTTest, welchTTest } from "../stats/index";
import type { ClinicalValue, SignatureData } from "./dataset";

export type ClinicalVariable =
  | { name: string; kind: "continuous"; label?: string }
  | { name: string; kind: "categorical"; levels: string[]; ordinal?: boolean; label?: string };

export type TTestKind = "welch" | "student";

export interface UnivariateTest {
  variable: string;
  test: string;
  statistic: number;
  df: number;
  pValue: number;
  /** Patients with the variable and the label known. */
  n: number;
}

/** Value of a categorical variable as its level string, null when missing or not a declared level. */
export function levelOf(v: ClinicalVariable & { kind: "categorical" }, value: ClinicalValue): string | null {
  if (value === null || value === undefined || (typeof value === "number" && Number.isNaN(value))) return null;
  const s = String(value);
  return v.levels.includes(s) ? s : null;
}

function numeric(value: ClinicalValue): number {
  if (value === null || value === undefined || value === "") return NaN;
  return typeof value === "number" ? value : Number(value);
}

/**
 * Association of each clinical variable with the label in `data` (the training cohort): t-test
 * (Welch by default, as R's t.test; `tTest: "student"` for the pooled test) for continuous variables,
 * chi-squared on the levels x status table for categorical ones (levels nobody has are dropped first,
 * so the table has no empty row). Patients missing the variable or the label are left out of its test.
 */
export function univariateTests(data: SignatureData, variables: ClinicalVariable[], options: { tTest?: TTestKind } = {}): UnivariateTest[] {
  const tTest = options.tTest ?? "welch";
  return variables.map((v) => {
    const values = data.clinical?.[v.name];
    if (!values) throw new Error(`clinical variable '${v.name}' is not in the data (have: ${Object.keys(data.clinical ?? {}).join(", ") || "none"})`);
    if (v.kind === "continuous") {
      const pos: number[] = [];
      const neg: number[] = [];
      values.forEach((raw, i) => {
        const x = numeric(raw);
        const y = data.labels[i];
        if (!Number.isFinite(x) || !(y === 0 || y === 1)) return;
        (y === 1 ? pos : neg).push(x);
      });
      const r = tTest === "welch" ? welchTTest(pos, neg) : studentTTest(pos, neg);
      return { variable: v.name, test: `${tTest} t`, statistic: r.statistic, df: r.df, pValue: r.pValue, n: pos.length + neg.length };
    }
    const counts = new Map<string, [number, number]>(v.levels.map((l) => [l, [0, 0]]));
    let n = 0;
    values.forEach((raw, i) => {
      const level = levelOf(v, raw);
      const y = data.labels[i];
      if (level === null || !(y === 0 || y === 1)) return;
      counts.get(level)![y]++;
      n++;
    });
    const table = [...counts.values()].filter(([a, b]) => a + b > 0);
    if (table.length < 2) throw new Error(`clinical variable '${v.name}': fewer than two levels observed, cannot test`);
    const r = chiSquaredTest(table, { correct: true });
    return { variable: v.name, test: "chi-squared", statistic: r.statistic, df: r.df, pValue: r.pValue, n };
  });
}

export interface EncodedColumn {
  variable: string;
  /** Column name: the variable, or "<variable>=<level>" for an indicator. */
  name: string;
}

export interface ClinicalEncoderJson {
  variables: ClinicalVariable[];
}

/**
 * Turns clinical variables into numeric columns (see the module comment for the coding). The coding follows
 * from the declared levels alone, so `fit` learns nothing; it exists so every estimator reads the same way.
 */
export class ClinicalEncoder {
  readonly columns: EncodedColumn[];

  constructor(readonly variables: ClinicalVariable[]) {
    this.columns = variables.flatMap((v): EncodedColumn[] =>
      v.kind === "categorical" && !v.ordinal
        ? v.levels.slice(1).map((l) => ({ variable: v.name, name: `${v.name}=${l}` }))
        : [{ variable: v.name, name: v.name }],
    );
  }

  fit(): this {
    return this;
  }

  /** Patients x encoded columns; a missing or unknown value gives NaN in every column of its variable. */
  transform(clinical: Record<string, ClinicalValue[]>, n: number): number[][] {
    const rows: number[][] = Array.from({ length: n }, () => []);
    for (const v of this.variables) {
      const values = clinical[v.name];
      if (!values) throw new Error(`clinical variable '${v.name}' is missing from the data`);
      for (let i = 0; i < n; i++) {
        if (v.kind === "continuous") {
          rows[i].push(numeric(values[i]));
          continue;
        }
        const level = levelOf(v, values[i]);
        if (v.ordinal) rows[i].push(level === null ? NaN : v.levels.indexOf(level));
        else for (const l of v.levels.slice(1)) rows[i].push(level === null ? NaN : level === l ? 1 : 0);
      }
    }
    return rows;
  }

  toJSON(): ClinicalEncoderJson {
    return { variables: this.variables };
  }

  static fromJSON(json: ClinicalEncoderJson): ClinicalEncoder {
    return new ClinicalEncoder(json.variables);
  }
}
