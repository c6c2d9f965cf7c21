/**
 * The texture classes' per-voxel loops, the vector work of GLCM MCC's Lanczos iterations, the wavelet's
 * convolutions along an axis, the discretisation and first-order passes over an ROI, the shape's mesh and
 * diameters, and the quickselect of order statistics, as WebAssembly (texture.wasm, compiled from wasm/texture.ts by
 * `npm run build:wasm`; a test rebuilds it and checks the bytes). They are integer counting loops over the ROI
 * voxels and their neighbours, so their results are exact and identical to the TypeScript they replace; run as
 * WebAssembly they take less than half the time (bench volume, 9 images: neighbour pass 4.5 vs 11.7 ms).
 *
 * Each call copies its inputs into the module's memory, runs, and copies the outputs out as fresh arrays: the
 * memory is scratch, nothing in it survives from one call to the next.
 */
import { readFileSync } from "node:fs";
import { repoPath } from "../../util/paths";

/** The WebAssembly API used here (TypeScript declares it in lib.dom, which this Node project does not load). */
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}
const wasm = (globalThis as unknown as {
  WebAssembly: { Module: new (bytes: Uint8Array) => object; Instance: new (module: object, imports: object) => { exports: unknown } };
}).WebAssembly;

interface TextureKernels {
  memory: WasmMemory;
  heapStart(): number;
  neighbourCounts(gray: number, voxels: number, n: number, offsets: number, na: number, equal: number, inRoi: number, sum: number): void;
  countRuns(gray: number, voxels: number, n: number, steps: number, na: number, runLength: number, rowBase: number, counts: number, stride: number, longRuns: number): void;
  countZones(gray: number, voxels: number, n: number, offsets: number, na: number, stack: number, zoneLevel: number, zoneSize: number): number;
  countCooccurrences(gray: number, voxels: number, n: number, steps: number, na: number, levelIndex: number, levels: number, counts: number): void;
  orthogonalise(v: number, count: number, u: number, Q: number, n: number): number;
  lanczosStep(j: number, n: number, columns: number, Q: number, w: number, u: number, rowStart: number, col: number, values: number, t: number, b: number, out: number): void;
  scaleIntoRow(Q: number, row: number, n: number, w: number, scale: number): void;
  convolveAxis(src: number, inner: number, length: number, outer: number, filter: number, F: number, order: number, out: number): void;
  digitize(values: number, mask: number, n: number, edges: number, nEdges: number, inverseStep: number, gray: number, seen: number): number;
  padGrid(gray: number, mask: number, nx: number, ny: number, nz: number, pad: number, padded: number, voxels: number): void;
  roiRange(values: number, mask: number, n: number, out: number): void;
  roiValues(values: number, mask: number, gray: number, n: number, out: number, stats: number, counts: number): number;
  meshDiameters(points: number, keys: number, count: number, order: number, all: number, r: number, start: number, fill: number, out: number): void;
  selectRank(a: number, k: number, lo: number, hi: number, budget: number): void;
  rangeMin(a: number, lo: number, hi: number): number;
  ngtdmSums(gray: number, voxels: number, n: number, inRoi: number, sum: number, count: number, diff: number): void;
  dependenceCounts(gray: number, voxels: number, n: number, levelIndex: number, equal: number, columns: number, P: number): void;
  marchingCubes(
    mask: number, nx: number, ny: number, nz: number, spz: number, spy: number, spx: number,
    corners: number, edgeVertices: number, triStart: number, triEdges: number, grid: number, capacity: number, points: number, keys: number, out: number,
  ): number;
}

let loaded: TextureKernels | null = null;

function kernels(): TextureKernels {
  if (!loaded) {
    const module = new wasm.Module(readFileSync(repoPath("src/radiomics/kernels/texture.wasm")));
    loaded = new wasm.Instance(module, {}).exports as unknown as TextureKernels;
  }
  return loaded;
}

/**
 * Lays out one call's arrays (i32 unless `bytesPer` says 8 for f64 or 1 for bytes) in the kernels' memory, growing
 * it when needed, and returns their byte offsets; views are made after any growth, which replaces the memory's buffer.
 */
function layout(
  k: TextureKernels,
  lengths: number[],
  bytesPer: number[] = [],
): { offsets: number[]; view: (i: number) => Int32Array; view64: (i: number) => Float64Array; view8: (i: number) => Uint8Array } {
  const offsets: number[] = [];
  let next = (k.heapStart() + 15) & ~15;
  lengths.forEach((n, i) => {
    offsets.push(next);
    next += ((n * (bytesPer[i] ?? 4) + 15) & ~15) || 16;
  });
  const have = k.memory.buffer.byteLength;
  if (next > have) k.memory.grow(Math.ceil((next - have) / 65536));
  return {
    offsets,
    view: (i) => new Int32Array(k.memory.buffer, offsets[i], lengths[i]),
    view64: (i) => new Float64Array(k.memory.buffer, offsets[i], lengths[i]),
    view8: (i) => new Uint8Array(k.memory.buffer, offsets[i], lengths[i]),
  };
}

/** Lays out a padded grid, its ROI voxels and neighbour offsets or steps (copied in), then `more` i32 arrays. */
function withGrid(k: TextureKernels, gray: Int32Array, voxels: Int32Array, neighbours: Int32Array, more: number[]) {
  const m = layout(k, [gray.length, voxels.length, neighbours.length, ...more]);
  m.view(0).set(gray);
  m.view(1).set(voxels);
  m.view(2).set(neighbours);
  return m;
}

/**
 * Per ROI voxel (in `voxels` order) of a padded grid: neighbours at `offsets` with the voxel's own level,
 * neighbours inside the ROI, and the sum of the neighbours' levels (background counts 0).
 */
export function neighbourCountsKernel(gray: Int32Array, voxels: Int32Array, offsets: Int32Array): { equal: Int32Array; inRoi: Int32Array; sum: Int32Array } {
  const k = kernels();
  const n = voxels.length;
  const m = withGrid(k, gray, voxels, offsets, [n, n, n]);
  const [g, v, o, e, c, s] = m.offsets;
  k.neighbourCounts(g, v, n, o, offsets.length, e, c, s);
  return { equal: m.view(3).slice(), inRoi: m.view(4).slice(), sum: m.view(5).slice() };
}

/**
 * Run-length counts along each of `steps` (positive linear steps in the padded grid): for direction a,
 * counts[a * stride + rowBase[k] + length] counts the runs of that length ending at ROI voxel k (rowBase[k] is
 * the voxel's row in the level x length matrix, minus one). longRuns[a] is non-zero when some run along
 * direction a is longer than one voxel.
 */
export function runCountsKernel(
  gray: Int32Array,
  voxels: Int32Array,
  steps: Int32Array,
  rowBase: Int32Array,
  stride: number,
): { counts: Int32Array; longRuns: Int32Array } {
  const k = kernels();
  const n = voxels.length;
  const na = steps.length;
  const m = withGrid(k, gray, voxels, steps, [gray.length, n, na * stride, na]);
  m.view(4).set(rowBase);
  m.view(5).fill(0);
  const [g, v, st, runLength, rb, counts, long] = m.offsets;
  k.countRuns(g, v, n, st, na, runLength, rb, counts, stride, long);
  return { counts: m.view(5).slice(), longRuns: m.view(6).slice() };
}

/** Zones (connected voxels of one level through `offsets`) of a padded grid: each zone's level and size. */
export function zonesKernel(gray: Int32Array, voxels: Int32Array, offsets: Int32Array): { level: Int32Array; size: Int32Array } {
  const k = kernels();
  const n = voxels.length;
  const m = withGrid(k, gray, voxels, offsets, [n, n, n]);
  const [g, v, o, stack, level, size] = m.offsets;
  const zones = k.countZones(g, v, n, o, offsets.length, stack, level, size);
  return { level: m.view(4).slice(0, zones), size: m.view(5).slice(0, zones) };
}

/**
 * Co-occurrence counts of a padded grid for each linear step: counts[a * levels^2 + i * levels + j] for a voxel
 * of level index i (levelIndex[gray]) whose neighbour at steps[a] is in the ROI with level index j.
 */
export function cooccurrenceKernel(gray: Int32Array, voxels: Int32Array, steps: Int32Array, levelIndex: Int32Array, levels: number): Int32Array {
  const k = kernels();
  const n = voxels.length;
  const na = steps.length;
  const m = withGrid(k, gray, voxels, steps, [levelIndex.length, na * levels * levels]);
  // Background (level 0) adds 0 to a valid slot: its index only has to be in range.
  const index = m.view(3);
  index.set(levelIndex);
  index[0] = 0;
  m.view(4).fill(0);
  const [g, v, st, li, counts] = m.offsets;
  k.countCooccurrences(g, v, n, st, na, li, levels, counts);
  return m.view(4).slice();
}

/**
 * NGTDM sums of a padded grid's ROI voxels (in `voxels` order, with their neighbour counts `inRoi` and level sums
 * `sum`): per level g (arrays of `levels` + 1 entries), the voxel count and the sum of |g - mean ROI neighbour level|
 * (voxels without ROI neighbours add 0), added in voxel order.
 */
export function ngtdmSumsKernel(gray: Int32Array, voxels: Int32Array, inRoi: Int32Array, sum: Int32Array, levels: number): { count: Float64Array; diff: Float64Array } {
  const k = kernels();
  const n = voxels.length;
  const m = layout(k, [gray.length, n, n, n, levels + 1, levels + 1], [4, 4, 4, 4, 8, 8]);
  m.view(0).set(gray);
  m.view(1).set(voxels);
  m.view(2).set(inRoi);
  m.view(3).set(sum);
  m.view64(4).fill(0);
  m.view64(5).fill(0);
  const [g, v, c, s, count, diff] = m.offsets;
  k.ngtdmSums(g, v, n, c, s, count, diff);
  return { count: m.view64(4).slice(), diff: m.view64(5).slice() };
}

/**
 * GLDM counts (alpha < 1) of a padded grid's ROI voxels: P[levelIndex[level] * columns + equal[k]] counts the
 * voxels of each level with `equal[k]` neighbours of their own level. Returns P (levels x columns, f64).
 */
export function dependenceCountsKernel(gray: Int32Array, voxels: Int32Array, equal: Int32Array, levelIndex: Int32Array, levels: number, columns: number): Float64Array {
  const k = kernels();
  const n = voxels.length;
  const m = layout(k, [gray.length, n, n, levelIndex.length, levels * columns], [4, 4, 4, 4, 8]);
  m.view(0).set(gray);
  m.view(1).set(voxels);
  m.view(2).set(equal);
  m.view(3).set(levelIndex);
  m.view64(4).fill(0);
  const [g, v, e, li, P] = m.offsets;
  k.dependenceCounts(g, v, n, li, e, columns, P);
  return m.view64(4).slice();
}

/** A matrix in compressed sparse rows: row a holds values[e] at columns col[e], e = rowStart[a] .. rowStart[a + 1] - 1. */
export interface SparseRows {
  rows: number;
  columns: number;
  rowStart: Int32Array;
  col: Int32Array;
  values: Float64Array;
}

/**
 * The vector work of Lanczos on S = M M^T (M in compressed sparse rows) in the orthogonal complement of a unit
 * vector u, for at most `steps` Lanczos vectors held in the kernels' memory; src/radiomics/linalg.ts drives it.
 */
export class GramLanczos {
  private readonly k = kernels();
  private readonly at: number[];
  private readonly n: number;
  private readonly columns: number;

  constructor(M: SparseRows, u: Float64Array, steps: number) {
    this.n = M.rows;
    this.columns = M.columns;
    const n = M.rows;
    const nnz = M.values.length;
    // Q, w, u, t, values, out (f64); rowStart, col (i32).
    const m = layout(this.k, [steps * n, n, n, M.columns, nnz, 2, n + 1, nnz], [8, 8, 8, 8, 8, 8, 4, 4]);
    m.view64(2).set(u);
    m.view64(4).set(M.values);
    m.view(6).set(M.rowStart);
    m.view(7).set(M.col);
    this.at = m.offsets;
  }

  /** Sets w = v orthogonalised against u, then q_0 = w / ||w||; returns ||w||. */
  start(v: Float64Array): number {
    const [Q, w, u] = this.at;
    new Float64Array(this.k.memory.buffer, w, this.n).set(v);
    const norm = Math.sqrt(this.k.orthogonalise(w, 0, u, Q, this.n));
    this.k.scaleIntoRow(Q, 0, this.n, w, norm);
    return norm;
  }

  /** Lanczos step j with beta_{j-1} = b: returns alpha_j and the squared norm of the new residual w. */
  step(j: number, b: number): { alpha: number; residual2: number } {
    const [Q, w, u, t, values, out, rowStart, col] = this.at;
    this.k.lanczosStep(j, this.n, this.columns, Q, w, u, rowStart, col, values, t, b, out);
    const r = new Float64Array(this.k.memory.buffer, out, 2);
    return { alpha: r[0], residual2: r[1] };
  }

  /** q_row = w / scale. */
  setRow(row: number, scale: number): void {
    const [Q, w] = this.at;
    this.k.scaleIntoRow(Q, row, this.n, w, scale);
  }
}

/**
 * One periodised wavelet convolution along an axis of a block held as `outer` slabs of `length` rows of `inner`
 * contiguous values: output row q (of length - F + 1 per slab) is the sum over t = 0 .. F-1, in that order and
 * starting from 0, of filter[j] * row (q + F - 1 - j), j = order[q * F + t]. Returns the output, x fastest.
 */
export function convolveAxisKernel(src: Float64Array, inner: number, length: number, outer: number, filter: Float64Array, order: Int32Array): Float64Array {
  const k = kernels();
  const F = filter.length;
  const outLength = inner * (length - F + 1) * outer;
  const m = layout(k, [src.length, F, order.length, outLength], [8, 8, 4, 8]);
  m.view64(0).set(src);
  m.view64(1).set(filter);
  m.view(2).set(order);
  const [s, f, o, out] = m.offsets;
  k.convolveAxis(s, inner, length, outer, f, F, o, out);
  return m.view64(3).slice();
}

/** Smallest and largest value of the ROI voxels (`mask` non-zero), and whether all of them are finite. */
export function roiRangeKernel(values: Float64Array, mask: Uint8Array): { min: number; max: number; finite: boolean } {
  const k = kernels();
  const m = layout(k, [values.length, mask.length, 3], [8, 1, 8]);
  m.view64(0).set(values);
  m.view8(1).set(mask);
  const [v, mk, out] = m.offsets;
  k.roiRange(v, mk, values.length, out);
  const r = m.view64(2);
  return { min: r[0], max: r[1], finite: r[2] === 0 };
}

/**
 * The ROI's values (`mask` non-zero) in scan order with their sum, smallest and largest, and the number of ROI
 * voxels of each gray level 0 .. `levels` (`gray`: the voxels' discretised levels).
 */
export function roiValuesKernel(
  values: Float64Array,
  mask: Uint8Array,
  gray: Int32Array,
  count: number,
  levels: number,
): { values: Float64Array; sum: number; min: number; max: number; counts: Float64Array } {
  const k = kernels();
  const n = values.length;
  const m = layout(k, [n, n, n, count, 3, levels + 1], [8, 1, 4, 8, 8, 8]);
  m.view64(0).set(values);
  m.view8(1).set(mask);
  m.view(2).set(gray);
  m.view64(5).fill(0);
  const [v, mk, g, out, stats, counts] = m.offsets;
  k.roiValues(v, mk, g, n, out, stats, counts);
  const s = m.view64(4);
  return { values: m.view64(3).slice(), sum: s[0], min: s[1], max: s[2], counts: m.view64(5).slice() };
}

/**
 * numpy.digitize of the ROI voxels (`mask` non-zero) against ascending `edges` (at least one): per voxel the number
 * of edges <= its value, 0 outside the ROI; `seen[g]` is 1 for each bin index g used; `largest` the highest.
 */
export function digitizeKernel(values: Float64Array, mask: Uint8Array, edges: Float64Array): { gray: Int32Array; seen: Uint8Array; largest: number } {
  const k = kernels();
  const n = values.length;
  const m = layout(k, [n, n, edges.length, n, edges.length + 1], [8, 1, 8, 4, 1]);
  m.view64(0).set(values);
  m.view8(1).set(mask);
  m.view64(2).set(edges);
  m.view(3).fill(0);
  m.view8(4).fill(0);
  const inverseStep = edges.length > 1 ? 1 / (edges[1] - edges[0]) : 0;
  const [v, mk, e, gray, seen] = m.offsets;
  const largest = k.digitize(v, mk, n, e, edges.length, inverseStep, gray, seen);
  return { gray: m.view(3).slice(), seen: m.view8(4).slice(), largest };
}

/**
 * A discretised ROI (levels `gray` and byte `mask` over a box of `size`, x fastest; `count` ROI voxels) embedded
 * in a grid grown by `pad` background (0) voxels on every side: the grid, and each ROI voxel's index in it, in scan order.
 */
export function padGridKernel(gray: Int32Array, mask: Uint8Array, size: [number, number, number], count: number, pad: number): { padded: Int32Array; voxels: Int32Array } {
  const k = kernels();
  const [nx, ny, nz] = size;
  const m = layout(k, [gray.length, mask.length, (nx + 2 * pad) * (ny + 2 * pad) * (nz + 2 * pad), count], [4, 1, 4, 4]);
  m.view(0).set(gray);
  m.view8(1).set(mask);
  m.view(2).fill(0);
  const [g, mk, padded, voxels] = m.offsets;
  k.padGrid(g, mk, nx, ny, nz, pad, padded, voxels);
  return { padded: m.view(2).slice(), voxels: m.view(3).slice() };
}

/** Marching-cubes lookup tables flattened for the kernel (see features/marchingcubes.ts). */
export interface CubeTables {
  /** Cube-corner offsets (dz, dy, dx) in bit order, 8 x 3. */
  corners: Int32Array;
  /** Edge midpoints (z, y, x), 12 x 3. */
  edgeVertices: Float64Array;
  /** Triangles of cube index c (< 128): edge numbers triEdges[triStart[c] .. triStart[c + 1] - 1]. */
  triStart: Int32Array;
  triEdges: Int32Array;
}

/**
 * The marching-cubes mesh of a byte mask (`size` x, y, z; x fastest; `count` voxels set) with voxel spacing `spacingZyx` (z, y, x)
 * and PyRadiomics' vertex placement: 6 x the signed mesh volume, the surface area, and each vertex once (z, y, x
 * in mm from the corner of the box padded by one voxel; keys: the same in half voxels).
 */
export function marchingCubesKernel(
  mask: Uint8Array,
  count: number,
  size: [number, number, number],
  spacingZyx: [number, number, number],
  tables: CubeTables,
): { volume6: number; surfaceArea: number; points: Float64Array; keys: Int32Array } {
  const k = kernels();
  const [nx, ny, nz] = size;
  const [sx, sy] = [nx + 2, ny + 2];
  const grid = sx * sy * (nz + 2);
  // Room for count + 4096 vertices first (compact ROIs have fewer: a vertex lies on a face between an ROI voxel and
  // the outside); an ROI with more surface is meshed again with room for exactly its vertices.
  let capacity = count + 4096;
  for (;;) {
    const m = layout(k, [mask.length, 8, 36, tables.triStart.length, tables.triEdges.length, grid, 3 * capacity, 3 * capacity, 2], [1, 4, 8, 4, 4, 1, 8, 4, 8]);
    m.view8(0).set(mask);
    const corners = m.view(1);
    for (let c = 0; c < 8; c++) corners[c] = tables.corners[3 * c] * sx * sy + tables.corners[3 * c + 1] * sx + tables.corners[3 * c + 2];
    m.view64(2).set(tables.edgeVertices);
    m.view(3).set(tables.triStart);
    m.view(4).set(tables.triEdges);
    m.view8(5).fill(0);
    const [mk, co, ev, ts, te, g, points, keys, out] = m.offsets;
    const n = k.marchingCubes(mk, nx, ny, nz, spacingZyx[0], spacingZyx[1], spacingZyx[2], co, ev, ts, te, g, capacity, points, keys, out);
    if (n > capacity) {
      capacity = n;
      continue;
    }
    const sums = m.view64(8);
    return { volume6: sums[0], surfaceArea: sums[1], points: m.view64(6).slice(0, 3 * n), keys: m.view(7).slice(0, 3 * n) };
  }
}

/**
 * Largest squared distances between mesh vertices (points: x, y, z triples; keys: the same coordinates in integer
 * half voxels, all below `keyLimit`): between vertices sharing the coordinate along the first, second and third axis,
 * and overall; exact, with pruning (see wasm/texture.ts).
 */
export function meshDiametersKernel(points: Float64Array, keys: Int32Array, keyLimit: number): [number, number, number, number] {
  const k = kernels();
  const count = points.length / 3;
  const m = layout(k, [points.length, keys.length, count, count, count, keyLimit + 2, keyLimit + 2, 4], [8, 4, 4, 4, 8, 4, 4, 8]);
  m.view64(0).set(points);
  m.view(1).set(keys);
  const [p, ky, order, all, r, start, fill, out] = m.offsets;
  k.meshDiameters(p, ky, count, order, all, r, start, fill, out);
  const d = m.view64(7);
  return [d[0], d[1], d[2], d[3]];
}

/**
 * Quickselect in place (see wasm/texture.ts selectRank): reorders `range` so that range[k] holds its final sorted
 * value, smaller or equal values before it and larger or equal after, partitioning at most `budget` times before
 * sorting what is left.
 */
export function selectRankKernel(range: Float64Array, k: number, budget: number): void {
  const kk = kernels();
  const m = layout(kk, [range.length], [8]);
  m.view64(0).set(range);
  kk.selectRank(m.offsets[0], k, 0, range.length - 1, budget);
  range.set(m.view64(0));
}

/** The smallest value of a non-empty array. */
export function rangeMinKernel(range: Float64Array): number {
  const k = kernels();
  const m = layout(k, [range.length], [8]);
  m.view64(0).set(range);
  return k.rangeMin(m.offsets[0], 0, range.length - 1);
}
