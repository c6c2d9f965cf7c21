/**
 * Descriptive views of the study table for notebook 02 (no model is fitted): per-sequence z-scores fitted
 * on the training cohort and how far each other cohort sits from training on that scale (a centre or
 * scanner shift shows as mean |z| away from 0 and sd away from 1), and the features whose training t-test
 * against ALN status is strongest in each sequence x region group.
 *
 * @example
 * zScoreSummary(data, "training");       // [{ sequence: "T1C", cohort: "external", meanAbsMean: 0.4, meanSd: 1.1, ... }]
 * strongestFeatures(data, "training", 1); // one feature per group, smallest p first
 */
import { mean } from "../../stats/descriptive";
import type { SignatureData } from "../../signatures/dataset";
import { tTestFilter } from "../../signatures/selection";
import { ZScoreScaler } from "../../signatures/zscore";

/** Training-fitted z-scores of every radiomic column, for all patients (rows as in `data`). */
export function trainingZScores(data: SignatureData, training: string): number[][] {
  const cohorts = data.cohort!;
  if (!data.radiomic) throw new Error("trainingZScores: the data have no radiomic features");
  const rows = data.radiomic.rows;
  const scaler = new ZScoreScaler().fit(rows.filter((_, i) => cohorts[i] === training));
  return scaler.transform(rows);
}

export interface ZScoreSummaryRow {
  sequence: string;
  cohort: string;
  patients: number;
  /** Mean over features of |cohort mean of z|. */
  meanAbsMean: number;
  /** Mean over features of the cohort sd of z. */
  meanSd: number;
}

export function zScoreSummary(data: SignatureData, training: string): ZScoreSummaryRow[] {
  const cohorts = data.cohort!;
  const z = trainingZScores(data, training);
  const columns = data.radiomic!.columns;
  const sequences = [...new Set(columns.map((c) => c.sequence))];
  const cohortNames = [...new Set(cohorts)];
  const out: ZScoreSummaryRow[] = [];
  for (const sequence of sequences) {
    const cols = columns.flatMap((c, j) => (c.sequence === sequence ? [j] : []));
    for (const cohort of cohortNames) {
      const rows = z.filter((r, i) => cohorts[i] === cohort && cols.every((j) => Number.isFinite(r[j])));
      if (rows.length < 2) continue;
      const means: number[] = [];
      const sds: number[] = [];
      for (const j of cols) {
        const v = rows.map((r) => r[j]);
        const m = mean(v);
        means.push(Math.abs(m));
        sds.push(Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1)));
      }
      out.push({ sequence, cohort, patients: rows.length, meanAbsMean: mean(means), meanSd: mean(sds) });
    }
  }
  return out;
}

export interface StrongFeature {
  column: number;
  region: string;
  sequence: string;
  name: string;
  statistic: number;
  pValue: number;
}

/** The `perGroup` features with the smallest training t-test p in each region x sequence group. */
export function strongestFeatures(data: SignatureData, training: string, perGroup = 1): StrongFeature[] {
  const cohorts = data.cohort!;
  const columns = data.radiomic!.columns;
  const trainRows = cohorts.flatMap((c, i) => (c === training ? [i] : []));
  const rows = trainRows.map((i) => data.radiomic!.rows[i]);
  const labels = trainRows.map((i) => data.labels[i]);
  const tested = tTestFilter(rows, labels, { pThreshold: 1.01 });
  const groups = [...new Set(columns.map((c) => `${c.region}/${c.sequence}`))];
  return groups.flatMap((g) =>
    tested
      .filter((t) => `${columns[t.column].region}/${columns[t.column].sequence}` === g)
      .sort((a, b) => a.pValue - b.pValue || a.column - b.column)
      .slice(0, perGroup)
      .map((t) => ({ column: t.column, ...columns[t.column], statistic: t.statistic, pValue: t.pValue })),
  );
}
