/**
 * Benjamini-Hochberg false-discovery-rate adjustment (R: `p.adjust(p, "BH")`).
 *
 * With the m non-missing p-values sorted decreasingly, p_(i) (rank i in increasing order) becomes
 *   q_(i) = min(1, min_{j >= i} m / j · p_(j)).
 * NaN entries stay NaN and do not count in m, as R treats NA.
 *
 * @example
 * benjaminiHochberg([0.01, 0.04, 0.03, NaN]); // [0.03, 0.04, 0.04, NaN]
 */
export function benjaminiHochberg(p: ArrayLike<number>): number[] {
  const out = new Array<number>(p.length).fill(NaN);
  const idx: number[] = [];
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (Number.isNaN(v)) continue;
    if (!(v >= 0 && v <= 1)) throw new Error(`benjaminiHochberg: p[${i}] = ${v} is not a probability`);
    idx.push(i);
  }
  const m = idx.length;
  idx.sort((a, b) => p[b] - p[a] || a - b);
  let running = Infinity;
  for (let k = 0; k < m; k++) {
    const rankFromBottom = m - k;
    running = Math.min(running, (m / rankFromBottom) * p[idx[k]]);
    out[idx[k]] = Math.min(1, running);
  }
  return out;
}
