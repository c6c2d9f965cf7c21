import { rangeMinKernel, selectRankKernel } from "../radiomics/kernels/texture";

/**
 * Order statistics of a sample without sorting it: each requested rank is placed by quickselect
 * (Hoare partition, median-of-three pivot), and ranks already placed bound the search for the next one, so
 * the handful of ranks that percentiles need cost a few passes over the data instead of an n log n sort.
 * A partition that keeps failing to shrink the range falls back to sorting that range (introselect), so the
 * worst case stays n log n. Deterministic: no random pivots.
 *
 * @example
 * const o = new OrderStatistics(Float64Array.of(5, 1, 4, 2, 3));
 * o.rank(0); // 1
 * o.percentile(50); // 3
 */
export class OrderStatistics {
  private readonly work: Float64Array;
  /** Ranks whose final value is in place, ascending. */
  private readonly placed: number[] = [];

  /** `values` is copied; it must not hold NaN. */
  constructor(values: ArrayLike<number>) {
    this.work = new Float64Array(values);
  }

  get length(): number {
    return this.work.length;
  }

  /** The k-th smallest value (k = 0 is the minimum). */
  rank(k: number): number {
    const n = this.work.length;
    if (!(k >= 0 && k < n && Number.isInteger(k))) throw new RangeError(`rank ${k} outside 0..${n - 1}`);
    const [lo, hi, at] = this.between(k);
    if (this.placed[at] === k) return this.work[k];
    select(this.work, k, lo, hi);
    this.placed.splice(at, 0, k);
    return this.work[k];
  }

  /**
   * The unplaced range lo..hi that holds rank k (the placed ranks partition the array), and where k goes in
   * the placed list.
   */
  private between(k: number): [number, number, number] {
    let lo = 0;
    let at = 0;
    while (at < this.placed.length && this.placed[at] < k) lo = this.placed[at++] + 1;
    const hi = at < this.placed.length ? this.placed[at] - 1 : this.work.length - 1;
    return [lo, hi, at];
  }

  /** The (k+1)-th smallest once the k-th is placed: the minimum of the range above it (one scan, no partition). */
  private next(k: number): number {
    if (k + 1 >= this.work.length) return this.work[k];
    const [lo, hi, at] = this.between(k + 1);
    if (this.placed[at] === k + 1) return this.work[k + 1];
    return rangeMinKernel(this.work.subarray(lo, hi + 1));
  }

  /**
   * numpy.percentile's default ("linear", numpy >= 1.22): position q/100 (n - 1), interpolated between the
   * two order statistics around it with numpy's lerp (exact at both ends).
   */
  percentile(q: number): number {
    const idx = (q / 100) * (this.work.length - 1);
    const lo = Math.floor(idx);
    const a = this.rank(lo);
    const b = this.next(lo);
    const t = idx - lo;
    const diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }
}

/**
 * Reorders a[lo..hi] so that a[k] holds its final sorted value, with a[lo..k) <= a[k] <= a(k..hi]: quickselect
 * with at most 2 ceil(log2(n + 1)) + 8 partitions, then sorting (introselect), run as WebAssembly
 * (radiomics/kernels/texture.ts): compiled from its first call, it spares a single extraction the warm-up of a
 * JavaScript loop.
 */
function select(a: Float64Array, k: number, lo: number, hi: number): void {
  selectRankKernel(a.subarray(lo, hi + 1), k - lo, 2 * Math.ceil(Math.log2(hi - lo + 2)) + 8);
}
