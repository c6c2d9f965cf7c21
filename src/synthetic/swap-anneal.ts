/**
 * Arranges fixed multisets of values among patients so that per-patient consistency rules hold as well as
 * possible, without changing any marginal count: each move swaps one variable's values between two patients
 * (so every level keeps exactly its count), accepted by simulated annealing (Metropolis rule, geometric
 * cooling) on the total of a per-patient penalty.
 *
 * @example
 * const rows = [{ t: "T1", stage: "II" }, { t: "T2", stage: "I" }];
 * swapAnneal(rows, ["stage"], (r) => (r.t === "T1") === (r.stage === "I") ? 0 : 1, createRng(1));
 * rows[0].stage; // "I"
 */
import type { Rng } from "../util/random";

export interface AnnealOptions {
  /** Moves per patient and variable (default 300). */
  sweeps?: number;
  /** Start and end temperature (default 2 and 0.02). */
  t0?: number;
  t1?: number;
}

/** Rearranges `rows[*][variables]` in place; returns the final total penalty. */
export function swapAnneal<R extends Record<string, unknown>>(
  rows: R[],
  variables: string[],
  penalty: (row: R) => number,
  rng: Rng,
  options: AnnealOptions = {},
): number {
  const n = rows.length;
  if (n < 2 || variables.length === 0) return rows.reduce((s, r) => s + penalty(r), 0);
  const { sweeps = 300, t0 = 2, t1 = 0.02 } = options;
  const moves = sweeps * n * variables.length;
  const cool = Math.pow(t1 / t0, 1 / moves);
  const pen = rows.map(penalty);
  let total = pen.reduce((s, x) => s + x, 0);
  let temperature = t0;
  for (let m = 0; m < moves && total > 0; m++, temperature *= cool) {
    const v = variables[rng.int(variables.length)] as keyof R;
    const i = rng.int(n), j = rng.int(n);
    if (i === j || rows[i][v] === rows[j][v]) continue;
    const a = rows[i][v];
    rows[i][v] = rows[j][v];
    rows[j][v] = a;
    const pi = penalty(rows[i]), pj = penalty(rows[j]);
    const delta = pi + pj - pen[i] - pen[j];
    if (delta <= 0 || rng.next() < Math.exp(-delta / temperature)) {
      pen[i] = pi;
      pen[j] = pj;
      total += delta;
    } else {
      rows[j][v] = rows[i][v];
      rows[i][v] = a;
    }
  }
  return pen.reduce((s, x) => s + x, 0);
}
