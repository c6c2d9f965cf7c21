import { createRequire } from "node:module";
import { join } from "node:path";
import { repoRoot } from "../util/paths";

/** The part of a danfojs DataFrame the notebooks use; the full API is there at run time. */
export interface DataFrame {
  shape: [number, number];
  columns: string[];
  values: unknown[][];
  toString(): string;
  print(): void;
  toCSV(options?: object): string;
  [method: string]: any;
}

/**
 * A danfojs DataFrame of record rows, for readers who want to keep working with a table in the notebook
 * (filter, group, describe). danfojs is loaded on first use (it brings TensorFlow.js, ~2-4 s) through
 * require, because its package exports are invisible to the notebook kernel's TypeScript resolution.
 * Numbers stay float64 in `values`; never compute statistics through its float32 `.tensor`.
 *
 * @example
 * const df = toDataFrame([{ cohort: "training", n: 803 }]);
 * df.print();
 */
export function toDataFrame(rows: Record<string, unknown>[]): DataFrame {
  const require = createRequire(join(repoRoot(), "package.json"));
  const danfo = require("danfojs");
  return new danfo.DataFrame(rows) as DataFrame;
}
