import { describe, expect, it } from "vitest";
import { OrderStatistics } from "../../src/stats/order-statistics";
import { createRng } from "../../src/util/random";

/** numpy.percentile (linear) on a sorted copy: the definition the selection must reproduce exactly. */
function sortedPercentile(values: Float64Array, q: number): number {
  const s = values.slice().sort();
  const idx = (q / 100) * (s.length - 1);
  const lo = Math.floor(idx);
  const a = s[lo];
  const b = s[Math.min(lo + 1, s.length - 1)];
  const t = idx - lo;
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

describe("OrderStatistics", () => {
  it("gives every rank of a shuffled sample, in any request order", () => {
    const rng = createRng(7);
    const values = Float64Array.from({ length: 500 }, () => Math.floor(rng.next() * 40) - 20 + (rng.next() < 0.5 ? 0.5 : 0));
    const sorted = values.slice().sort();
    const o = new OrderStatistics(values);
    const ranks = Array.from({ length: 500 }, (_, k) => k).map((k) => [rng.next(), k]).sort((x, y) => x[0] - y[0]).map(([, k]) => k);
    for (const k of ranks) expect(o.rank(k)).toBe(sorted[k]);
  });

  it("matches numpy.percentile on sorted data for PyRadiomics' percentiles, including ties and tiny samples", () => {
    const rng = createRng(3);
    for (const n of [1, 2, 3, 17, 1000, 14863]) {
      for (const distinct of [2, 10, 1e9]) {
        const values = Float64Array.from({ length: n }, () => Math.floor(rng.next() * distinct) * 0.37);
        const o = new OrderStatistics(values);
        for (const q of [10, 25, 50, 75, 90, 0, 100]) expect(o.percentile(q)).toBe(sortedPercentile(values, q));
      }
    }
  });

  it("published example: numpy.percentile([10, 7, 4, 3, 2, 1], 50) = 3.5", () => {
    expect(new OrderStatistics([10, 7, 4, 3, 2, 1]).percentile(50)).toBe(3.5);
  });

  it("stays correct on adversarial (organ-pipe and constant) inputs", () => {
    const pipe = Float64Array.from({ length: 4001 }, (_, i) => (i < 2000 ? i : 4000 - i));
    const o = new OrderStatistics(pipe);
    const sorted = pipe.slice().sort();
    for (const k of [0, 1, 2000, 3999, 4000, 1234]) expect(o.rank(k)).toBe(sorted[k]);
    expect(new OrderStatistics(new Float64Array(100).fill(4)).percentile(37)).toBe(4);
    expect(() => new OrderStatistics([1, 2]).rank(2)).toThrow(/outside/);
  });
});
