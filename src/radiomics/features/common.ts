/** Machine epsilon (numpy.spacing(1)), added inside logarithms as PyRadiomics does. */
export const EPS = 2.220446049250313e-16;

/** A feature of one class: computes a value from the class's prepared data. */
export type FeatureFunction<T> = (data: T) => number;

/** Mean of the non-NaN values (numpy.nanmean); NaN when all are NaN. */
export function nanmean(values: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isNaN(values[i])) {
      sum += values[i];
      n++;
    }
  }
  return n === 0 ? NaN : sum / n;
}

/** Angle-averaged feature: the feature on every per-angle matrix, then numpy.nanmean over angles. */
export function angleMean<T>(perAngle: T[], feature: FeatureFunction<T>): number {
  return nanmean(perAngle.map(feature));
}

/**
 * Evaluates the enabled features of a class in PyRadiomics' order (alphabetical unless the user listed names).
 * `names` null means every non-deprecated feature; an unknown name is an error.
 */
export function evaluateFeatures<T>(
  className: string,
  table: Record<string, FeatureFunction<T>>,
  data: T,
  names: string[] | null,
  optional: Record<string, FeatureFunction<T>> = {},
): Record<string, number> {
  const out: Record<string, number> = {};
  // PyRadiomics lists features by method name (get<Name>FeatureValue), so "MeanAbsoluteDeviation" precedes "Mean".
  const byMethod = (a: string, b: string) => (`get${a}FeatureValue` < `get${b}FeatureValue` ? -1 : 1);
  const selected = names ?? Object.keys(table).sort(byMethod);
  for (const name of selected) {
    const f = table[name] ?? optional[name];
    if (!f) throw new Error(`feature class ${className}: unknown feature "${name}" (known: ${Object.keys(table).sort().join(", ")})`);
    out[name] = f(data);
  }
  return out;
}
