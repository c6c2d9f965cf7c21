/**
 * The texture classes' per-voxel loops as WebAssembly (texture.wasm, compiled from wasm/texture.ts by
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
 * Lays out the i32 arrays of one call in the kernels' memory (growing it when needed) and returns their byte
 * offsets; views are made after any growth, which replaces the memory's buffer.
 */
function layout(k: TextureKernels, lengths: number[]): { offsets: number[]; view: (i: number) => Int32Array } {
  const offsets: number[] = [];
  let next = (k.heapStart() + 15) & ~15;
  for (const n of lengths) {
    offsets.push(next);
    next += ((n * 4 + 15) & ~15) || 16;
  }
  const have = k.memory.buffer.byteLength;
  if (next > have) k.memory.grow(Math.ceil((next - have) / 65536));
  return { offsets, view: (i) => new Int32Array(k.memory.buffer, offsets[i], lengths[i]) };
}

/**
 * Per ROI voxel (in `voxels` order) of a padded grid: neighbours at `offsets` with the voxel's own level,
 * neighbours inside the ROI, and the sum of the neighbours' levels (background counts 0).
 */
export function neighbourCountsKernel(gray: Int32Array, voxels: Int32Array, offsets: Int32Array): { equal: Int32Array; inRoi: Int32Array; sum: Int32Array } {
  const k = kernels();
  const n = voxels.length;
  const m = layout(k, [gray.length, n, offsets.length, n, n, n]);
  m.view(0).set(gray);
  m.view(1).set(voxels);
  m.view(2).set(offsets);
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
  const m = layout(k, [gray.length, n, na, gray.length, n, na * stride, na]);
  m.view(0).set(gray);
  m.view(1).set(voxels);
  m.view(2).set(steps);
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
  const m = layout(k, [gray.length, n, offsets.length, n, n, n]);
  m.view(0).set(gray);
  m.view(1).set(voxels);
  m.view(2).set(offsets);
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
  const m = layout(k, [gray.length, n, na, levelIndex.length, na * levels * levels]);
  m.view(0).set(gray);
  m.view(1).set(voxels);
  m.view(2).set(steps);
  // Background (level 0) adds 0 to a valid slot: its index only has to be in range.
  const index = m.view(3);
  index.set(levelIndex);
  index[0] = 0;
  m.view(4).fill(0);
  const [g, v, st, li, counts] = m.offsets;
  k.countCooccurrences(g, v, n, st, na, li, levels, counts);
  return m.view(4).slice();
}
