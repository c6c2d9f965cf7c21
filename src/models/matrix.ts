/**
 * Input checks shared by the models: a design matrix as rows (`number[][]` or `Float64Array[]`) and binary
 * labels. Errors name the model, the row/column and the problem.
 */

/** Rows of a numeric design matrix, one array per case. */
export type Matrix = ReadonlyArray<ArrayLike<number>>;

/**
 * Checks that X is a non-empty rectangular matrix of finite numbers (with `p` columns when given).
 *
 * @example
 * checkMatrix([[1, 2], [3, 4]], "SvmClassifier.fit"); // { n: 2, p: 2 }
 */
export function checkMatrix(X: Matrix, what: string, p?: number): { n: number; p: number } {
  if (!Array.isArray(X) || X.length === 0) throw new Error(`${what}: X must be a non-empty array of rows`);
  const cols = p ?? X[0].length;
  if (!(cols >= 1)) throw new Error(`${what}: X has no columns`);
  for (let i = 0; i < X.length; i++) {
    const row = X[i];
    if (!row || row.length !== cols) {
      throw new Error(`${what}: row ${i} has ${row ? row.length : "no"} values, expected ${cols}`);
    }
    for (let j = 0; j < cols; j++) {
      if (!Number.isFinite(row[j])) throw new Error(`${what}: X[${i}][${j}] is ${row[j]} (missing or non-finite values are not permitted)`);
    }
  }
  return { n: X.length, p: cols };
}

/**
 * Checks binary labels y (0/1, same length as X) and that both classes occur.
 *
 * @example
 * checkBinaryLabels([0, 1, 1], 3, "RandomForestClassifier.fit"); // Uint8Array [0, 1, 1]
 */
export function checkBinaryLabels(y: ArrayLike<number>, n: number, what: string): Uint8Array {
  if (!y || y.length !== n) throw new Error(`${what}: y has ${y ? y.length : "no"} labels for ${n} rows`);
  const out = new Uint8Array(n);
  let ones = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new Error(`${what}: y[${i}] is ${y[i]}; labels must be 0 or 1`);
    out[i] = y[i];
    ones += y[i];
  }
  if (ones === 0 || ones === n) {
    throw new Error(`${what}: y has only class ${ones === 0 ? 0 : 1} (${n} rows); classification needs both classes`);
  }
  return out;
}
