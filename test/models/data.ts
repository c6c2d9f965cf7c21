import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { repoPath } from "../../src/util/paths";

/** Rows of a CSV under data/ with numbers parsed. */
export function readCsv(...parts: string[]): Record<string, any>[] {
  const parsed = Papa.parse<Record<string, any>>(readFileSync(repoPath("data", ...parts), "utf8"), {
    header: true,
    dynamicTyping: true,
    skipEmptyLines: true,
  });
  if (parsed.errors.length) throw new Error(`${parts.join("/")}: ${parsed.errors[0].message}`);
  return parsed.data;
}

export function readJson(...parts: string[]): any {
  return JSON.parse(readFileSync(repoPath("data", ...parts), "utf8"));
}

/** A binary task: training and validation rows with labels. */
export interface Task {
  features: string[];
  X: number[][];
  y: number[];
  Xv: number[][];
  yv: number[];
}

/**
 * data/r/reference.R's task: nodes > 0 from model.matrix(~ age + meno + size + grade + log1p(er) +
 * log1p(pgr) + hormon - 1) (size as three indicator columns), train year <= 1989, validation >= 1990.
 */
export function rotterdamTask(): Task {
  const rows = readCsv("r", "rotterdam.csv");
  const features = ["age", "meno", "size<=20", "size20-50", "size>50", "grade", "er", "pgr", "hormon"];
  const row = (r: Record<string, any>) => [
    r.age, r.meno, r.size === "<=20" ? 1 : 0, r.size === "20-50" ? 1 : 0, r.size === ">50" ? 1 : 0,
    r.grade, Math.log1p(r.er), Math.log1p(r.pgr), r.hormon,
  ];
  const tr = rows.filter((r) => r.year <= 1989), va = rows.filter((r) => r.year >= 1990);
  return {
    features,
    X: tr.map(row), y: tr.map((r) => (r.nodes > 0 ? 1 : 0)),
    Xv: va.map(row), yv: va.map((r) => (r.nodes > 0 ? 1 : 0)),
  };
}

/** data/r/extended's task_pos_rotterdam_temporal: aln_pos from age, meno, size_cat, grade3, er, pgr (raw). */
export function extendedTemporalTask(): Task & { pidTrain: number[]; pidValidation: number[] } {
  const rows = readCsv("r", "extended", "data", "rotterdam_model.csv");
  const features = ["age", "meno", "size_cat", "grade3", "er", "pgr"];
  const row = (r: Record<string, any>) => features.map((f) => r[f] as number);
  const tr = rows.filter((r) => r.split_temporal === "train"), va = rows.filter((r) => r.split_temporal === "test");
  return {
    features,
    X: tr.map(row), y: tr.map((r) => r.aln_pos),
    Xv: va.map(row), yv: va.map((r) => r.aln_pos),
    pidTrain: tr.map((r) => r.pid), pidValidation: va.map((r) => r.pid),
  };
}
