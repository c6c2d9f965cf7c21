/**
 * The geometry of a stack of DICOM slices or frames: where each lies along the slice normal, and whether they are
 * evenly spaced. Shared by the series check (one file per slice) and the multi-frame check (one file, many frames).
 */

/** A slice or frame placed along the normal (`d`, mm), with what a message calls it. */
export interface StackedSlice<N> {
  name: N;
  d: number;
}

/**
 * Each slice's position along the normal of ImageOrientationPatient `orientation` (row and column cosines), sorted
 * ascending: `position · (row × column)`.
 *
 * @example
 * alongNormal([1, 0, 0, 0, 1, 0], [{ name: "a", position: [0, 0, 4] }, { name: "b", position: [0, 0, 2] }]); // [{ name: "b", d: 2 }, { name: "a", d: 4 }]
 */
export function alongNormal<N>(orientation: number[], slices: { name: N; position: number[] }[]): StackedSlice<N>[] {
  const normal = sliceNormal(orientation);
  return slices.map((s) => ({ name: s.name, d: s.position.reduce((acc, x, i) => acc + x * normal[i], 0) })).sort((a, b) => a.d - b.d);
}

/** The slice normal: the cross product of ImageOrientationPatient's row and column cosines. */
export function sliceNormal(o: number[]): [number, number, number] {
  return [o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]];
}

/**
 * The gaps between neighbouring slices of a sorted stack, their median (`typical`) and the first gap off the median
 * by more than 1 % (at least 0.01 mm): a missing or extra slice, which one spacing would stretch over.
 *
 * @example
 * sliceGaps([{ name: 1, d: 0 }, { name: 2, d: 2 }, { name: 3, d: 6 }]).odd; // { gap: 4, from: 2, to: 3 }
 */
export function sliceGaps<N>(sorted: StackedSlice<N>[]): { gaps: { gap: number; from: N; to: N }[]; typical: number; odd?: { gap: number; from: N; to: N } } {
  const gaps = sorted.slice(1).map((s, i) => ({ gap: s.d - sorted[i].d, from: sorted[i].name, to: s.name }));
  const values = gaps.map((g) => g.gap).sort((a, b) => a - b);
  const typical = values[Math.floor(values.length / 2)];
  return { gaps, typical, odd: gaps.find((g) => Math.abs(g.gap - typical) > Math.max(0.01, 0.01 * typical)) };
}
