/**
 * The undecimated (stationary) wavelet transform of a 3D volume as PyRadiomics computes it with PyWavelets
 * (`pywt.swtn(data, wavelet, level=1, start_level=0, axes)` repeated once per level on the approximation),
 * evaluated only on a requested box of voxels.
 *
 * One level along one axis of length N' (the image length, plus one voxel if odd, see below) is PyWavelets'
 * periodised convolution
 *
 *   out[o] = sum_{j=0}^{F-1} f[j] * x[(o + floor(F/2) - j) mod N'],   o = 0 .. N'-1,
 *
 * with f = dec_lo (letter L) or dec_hi (letter H). PyRadiomics first pads each odd-sized axis with one voxel
 * copied from index 0 (`numpy.pad(..., (0, 1), 'wrap')`), so the period is N' = N + N mod 2, and it crops the
 * result back to N. Every later level filters the previous approximation with the SAME undilated filters
 * (PyRadiomics calls swtn with start_level 0 each time; this is not the a-trous scheme).
 *
 * Cropping: out[o] needs the periodic input at o - (F - 1 - floor(F/2)) .. o + floor(F/2), so a box of the
 * result needs the box grown by that reach per level and axis, read with the same wrap/pad rule. Each output
 * is summed in PyWavelets' own term order (the terms that wrap past the right end first, by decreasing j, then
 * the rest by increasing j), so a cropped result is bit-identical to the whole-image one, which in turn
 * matches PyWavelets to the last bit.
 */
import { convolveAxisKernel } from "../kernels/texture";
import { waveletFilters } from "./filters";

/** A box of voxel indices: `index` is its first voxel (x, y, z), `size` its extent (PyRadiomics' BoundingBox). */
export interface IndexBox {
  index: [number, number, number];
  size: [number, number, number];
}

/** A block of values over global (padded-period) coordinates `start .. start + dims - 1` per axis (may wrap). */
interface Block {
  data: Float64Array;
  dims: [number, number, number];
  start: [number, number, number];
}

/** Options of {@link stationaryWavelet}. */
export interface SwtOptions {
  /** PyWavelets name of an orthogonal wavelet (haar, dbN, symN, coifN). */
  wavelet: string;
  /** Number of levels returned (PyRadiomics `level`, default 1). */
  level: number;
  /** Levels decomposed and discarded first (PyRadiomics `start_level`, default 0). */
  startLevel: number;
  /**
   * Image axes filtered, in the order PyWavelets applies them; letter k of a sub-band name belongs to axes[k].
   * PyRadiomics uses numpy axes (2, 1, 0) of its (z, y, x) array, i.e. image axes [0, 1, 2] (x, y, z).
   */
  axes: number[];
}

/** One sub-band of one level: `key` uses PyWavelets' letters, 'a' (approximation) and 'd' (detail), per axis. */
export interface Subband {
  /** Decomposition level counted from the first returned level (1-based, as PyRadiomics names it). */
  level: number;
  key: string;
  /** Values over the requested box, x fastest: `values[x + size0 * (y + size1 * z)]`. */
  values: Float64Array;
}

/**
 * Stationary wavelet sub-bands of `data` (size `size`, x fastest) over `box`, yielded in PyRadiomics' order:
 * for each returned level the detail sub-bands in PyWavelets' key order ('aad', 'ada', 'add', 'daa', ... 'ddd'
 * for three axes), then the final approximation ('aaa'). Each yielded array is fresh; the generator holds one
 * level's intermediate blocks at a time (grown box only, never the whole image unless the box is the image).
 *
 * @example
 * const subbands = [...stationaryWavelet(vol.data, vol.size, { index: [0, 0, 0], size: vol.size },
 *   { wavelet: "coif1", level: 1, startLevel: 0, axes: [0, 1, 2] })];
 * subbands.map((s) => s.key); // ["aad", "ada", "add", "daa", "dad", "dda", "ddd", "aaa"]
 */
export function* stationaryWavelet(
  data: ArrayLike<number>,
  size: [number, number, number],
  box: IndexBox,
  options: SwtOptions,
): Generator<Subband> {
  const { lo, hi } = waveletFilters(options.wavelet);
  const F = lo.length;
  const left = F - 1 - (F >> 1);
  const period = size.map((n) => n + (n % 2)) as [number, number, number];
  const filtered = [false, false, false];
  for (const a of options.axes) {
    if (a !== 0 && a !== 1 && a !== 2) throw new Error(`stationaryWavelet: axis ${a} is not 0, 1 or 2`);
    if (filtered[a]) throw new Error(`stationaryWavelet: axis ${a} listed twice`);
    filtered[a] = true;
  }
  if (!Number.isInteger(options.level) || options.level < 1) throw new Error(`stationaryWavelet: level must be an integer >= 1, got ${options.level}`);
  if (!Number.isInteger(options.startLevel) || options.startLevel < 0) throw new Error(`stationaryWavelet: start_level must be an integer >= 0, got ${options.startLevel}`);
  for (let a = 0; a < 3; a++) {
    if (box.size[a] < 1 || box.index[a] < 0 || box.index[a] + box.size[a] > size[a]) {
      throw new Error(`stationaryWavelet: box index ${box.index.join(",")} size ${box.size.join(",")} lies outside the image ${size.join(" x ")}`);
    }
  }
  const totalLevels = options.startLevel + options.level;
  // Grow the box by the filter reach once per level still to compute, then read it with PyRadiomics' wrap padding.
  const start = [0, 1, 2].map((a) => box.index[a] - (filtered[a] ? totalLevels * left : 0)) as [number, number, number];
  const dims = [0, 1, 2].map((a) => box.size[a] + (filtered[a] ? totalLevels * (F - 1) : 0)) as [number, number, number];
  let approx = gather(data, size, period, start, dims);

  for (let lvl = 0; lvl < totalLevels; lvl++) {
    const returned = lvl >= options.startLevel;
    let next: Block | undefined;
    const details: Subband[] = [];
    // Depth-first over the axes keeps one intermediate block per axis alive instead of 2^axes of them.
    const descend = (block: Block, depth: number, key: string): void => {
      if (depth === options.axes.length) {
        if (key === "a".repeat(options.axes.length)) next = block;
        else details.push({ level: lvl - options.startLevel + 1, key, values: crop(block, box) });
        return;
      }
      const axis = options.axes[depth];
      descend(convolveAxis(block, axis, lo, period[axis]), depth + 1, key + "a");
      if (returned) descend(convolveAxis(block, axis, hi, period[axis]), depth + 1, key + "d");
    };
    descend(approx, 0, "");
    approx = next as Block;
    for (const d of details) yield d;
  }
  yield { level: options.level, key: "a".repeat(options.axes.length), values: crop(approx, box) };
}

/** Reads a block at global coordinates, mapping each through the period and PyRadiomics' one-voxel wrap pad. */
function gather(
  data: ArrayLike<number>,
  size: [number, number, number],
  period: [number, number, number],
  start: [number, number, number],
  dims: [number, number, number],
): Block {
  const source = (a: number): Int32Array => {
    const idx = new Int32Array(dims[a]);
    for (let p = 0; p < dims[a]; p++) {
      const g = (((start[a] + p) % period[a]) + period[a]) % period[a];
      idx[p] = g < size[a] ? g : 0; // the padded voxel of an odd axis repeats index 0
    }
    return idx;
  };
  const ix = source(0);
  const iy = source(1);
  const iz = source(2);
  const out = new Float64Array(dims[0] * dims[1] * dims[2]);
  // Rows that do not wrap around the x axis are copied whole (a native copy instead of a loop per voxel).
  const straight = data instanceof Float64Array && ix[dims[0] - 1] - ix[0] === dims[0] - 1;
  let o = 0;
  for (let z = 0; z < dims[2]; z++) {
    for (let y = 0; y < dims[1]; y++) {
      const base = size[0] * (iy[y] + size[1] * iz[z]);
      if (straight) {
        out.set((data as Float64Array).subarray(base + ix[0], base + ix[0] + dims[0]), o);
        o += dims[0];
      } else {
        for (let x = 0; x < dims[0]; x++) out[o++] = data[base + ix[x]];
      }
    }
  }
  return { data: out, dims: [dims[0], dims[1], dims[2]], start: [start[0], start[1], start[2]] };
}

/**
 * The order in which PyWavelets adds the F filter terms of output o (global coordinate) for period N':
 * with i = (o mod N') + floor(F/2) and m = max(0, i - N' + 1) terms wrapping past the right end,
 * it adds j = m-1 .. 0 first, then j = m .. F-1. Returns null for the plain ascending order.
 */
function termOrder(o: number, F: number, period: number): Int32Array | null {
  const i = ((o % period) + period) % period + (F >> 1);
  const m = Math.max(0, i - period + 1);
  if (m === 0) return null;
  const order = new Int32Array(F);
  let t = 0;
  for (let j = m - 1; j >= 0; j--) order[t++] = j;
  for (let j = m; j < F; j++) order[t++] = j;
  return order;
}

/**
 * One periodised convolution along `axis` ("valid" part of the block: it shrinks by F - 1 along that axis), run
 * as WebAssembly (kernels/texture.ts): compiled from its first call, it spares the CLI's single extraction the
 * interpreted warm-up of a JavaScript loop. Each output's terms are added in its termOrder.
 */
function convolveAxis(src: Block, axis: number, f: Float64Array, period: number): Block {
  const F = f.length;
  const [dx, dy, dz] = src.dims;
  const outDims: [number, number, number] = [dx, dy, dz];
  outDims[axis] -= F - 1;
  const outStart: [number, number, number] = [src.start[0], src.start[1], src.start[2]];
  outStart[axis] += F - 1 - (F >> 1);
  const n = outDims[axis];
  const order = new Int32Array(n * F);
  for (let q = 0; q < n; q++) {
    const wrapped = termOrder(outStart[axis] + q, F, period);
    for (let t = 0; t < F; t++) order[q * F + t] = wrapped ? wrapped[t] : t;
  }
  // The block as slabs (axes above `axis`) of rows (along `axis`) of contiguous values (axes below it).
  const inner = axis === 0 ? 1 : axis === 1 ? dx : dx * dy;
  const outer = axis === 0 ? dy * dz : axis === 1 ? dz : 1;
  return { data: convolveAxisKernel(src.data, inner, src.dims[axis], outer, f, order), dims: outDims, start: outStart };
}

/** Copies the part of a block that covers `box` (the block's start may be below the box by whole periods' reach). */
function crop(block: Block, box: IndexBox): Float64Array {
  const [sx, sy, sz] = box.size;
  const ox = box.index[0] - block.start[0];
  const oy = box.index[1] - block.start[1];
  const oz = box.index[2] - block.start[2];
  const [dx, dy] = block.dims;
  if (ox === 0 && oy === 0 && oz === 0 && sx === dx && sy === dy && sz === block.dims[2]) return block.data;
  const out = new Float64Array(sx * sy * sz);
  let o = 0;
  for (let z = 0; z < sz; z++) {
    for (let y = 0; y < sy; y++) {
      const base = ox + dx * (oy + y + dy * (oz + z));
      for (let x = 0; x < sx; x++) out[o++] = block.data[base + x];
    }
  }
  return out;
}
