// AssemblyScript source of the WebAssembly kernels (src/radiomics/kernels/texture.wasm), built by
// `npm run build:wasm`; src/radiomics/kernels/texture.ts copies the arrays in and out and documents each kernel.
// They are the engine's hot loops (texture counts, wavelet convolution, discretisation, first-order pass, shape
// mesh and diameters, order statistics): compiled when the module loads, they run at full speed from their
// first call, where JavaScript would first run interpreted (what a single `alnm extract` mostly paid for).
// Arrays (i32, f64 or bytes) are addressed by byte offsets into linear memory. A "padded grid" holds the ROI's gray
// levels (>= 1) inside a box grown by background (0) on every side, so neighbours need no bounds checks.

@inline function at(base: usize, index: i32): i32 {
  return load<i32>(base + (<usize>index << 2));
}

@inline function put(base: usize, index: i32, value: i32): void {
  store<i32>(base + (<usize>index << 2), value);
}

/** Per ROI voxel: neighbours of equal level, neighbours in the ROI, and the sum of the neighbours' levels. */
export function neighbourCounts(gray: usize, voxels: usize, n: i32, offsets: usize, na: i32, equal: usize, inRoi: usize, sum: usize): void {
  for (let k = 0; k < n; k++) {
    const v = at(voxels, k);
    const g = at(gray, v);
    let e = 0;
    let c = 0;
    let s = 0;
    for (let a = 0; a < na; a++) {
      const h = at(gray, v + at(offsets, a));
      e += i32(h == g);
      c += i32(h != 0);
      s += h;
    }
    put(equal, k, e);
    put(inRoi, k, c);
    put(sum, k, s);
  }
}

/**
 * Run-length counts for `na` directions with positive linear steps; counts[a * stride + rowBase[k] + length]
 * is incremented at the last voxel of each run (counts must be zero on entry). runLength is scratch of the
 * grid's size. Sets longRuns[a] to a non-zero value when direction a has a run longer than one voxel.
 */
export function countRuns(gray: usize, voxels: usize, n: i32, steps: usize, na: i32, runLength: usize, rowBase: usize, counts: usize, stride: i32, longRuns: usize): void {
  for (let a = 0; a < na; a++) {
    const step = at(steps, a);
    const block = counts + (<usize>(a * stride) << 2);
    let long = 0;
    for (let k = 0; k < n; k++) {
      const v = at(voxels, k);
      const g = at(gray, v);
      const len = select<i32>(at(runLength, v - step), 0, at(gray, v - step) == g) + 1;
      put(runLength, v, len);
      long |= len - 1;
      const slot = at(rowBase, k) + len;
      put(block, slot, at(block, slot) + i32(at(gray, v + step) != g));
    }
    put(longRuns, a, long);
  }
}

/**
 * Connected zones of equal level (flood fill over `na` neighbour offsets). `gray` is consumed (visited voxels
 * are set to 0). Writes each zone's level and size; returns the number of zones.
 */
export function countZones(gray: usize, voxels: usize, n: i32, offsets: usize, na: i32, stack: usize, zoneLevel: usize, zoneSize: usize): i32 {
  let zones = 0;
  for (let s = 0; s < n; s++) {
    const start = at(voxels, s);
    const level = at(gray, start);
    if (level == 0) continue;
    let top = 0;
    let size = 0;
    put(stack, top++, start);
    put(gray, start, 0);
    while (top > 0) {
      const k = at(stack, --top);
      size++;
      for (let a = 0; a < na; a++) {
        const j = k + at(offsets, a);
        if (at(gray, j) == level) {
          put(gray, j, 0);
          put(stack, top++, j);
        }
      }
    }
    put(zoneLevel, zones, level);
    put(zoneSize, zones, size);
    zones++;
  }
  return zones;
}

/**
 * Co-occurrence counts for `na` offsets: counts[a * nn + levelIndex[g] * levels + levelIndex[h]] for each ROI
 * voxel of level g whose neighbour at offset a has level h >= 1 (counts must be zero on entry).
 */
export function countCooccurrences(gray: usize, voxels: usize, n: i32, steps: usize, na: i32, levelIndex: usize, levels: i32, counts: usize): void {
  const nn = levels * levels;
  for (let k = 0; k < n; k++) {
    const v = at(voxels, k);
    const row = at(levelIndex, at(gray, v)) * levels;
    for (let a = 0; a < na; a++) {
      const h = at(gray, v + at(steps, a));
      const slot = a * nn + row + at(levelIndex, h);
      put(counts, slot, at(counts, slot) + i32(h != 0));
    }
  }
}

/** First byte of linear memory free for the caller's arrays. */
export function heapStart(): usize {
  return __heap_base;
}

// ---- Lanczos for GLCM MCC (src/radiomics/linalg.ts drives it; the arithmetic is term for term that of the
// TypeScript it replaced, so results are bit-identical) ----

@inline function f(base: usize, index: i32): f64 {
  return load<f64>(base + (<usize>index << 3));
}

@inline function setf(base: usize, index: i32, value: f64): void {
  store<f64>(base + (<usize>index << 3), value);
}

/** y = M M^T x for M (rows x columns) in compressed sparse rows; t is scratch of `columns` values. */
function multiplyGram(rows: i32, columns: i32, rowStart: usize, col: usize, values: usize, t: usize, x: usize, y: usize): void {
  for (let c = 0; c < columns; c++) setf(t, c, 0);
  for (let a = 0; a < rows; a++) {
    const xa = f(x, a);
    for (let e = at(rowStart, a), end = at(rowStart, a + 1); e < end; e++) {
      const c = at(col, e);
      setf(t, c, f(t, c) + f(values, e) * xa);
    }
  }
  for (let a = 0; a < rows; a++) {
    let s: f64 = 0;
    for (let e = at(rowStart, a), end = at(rowStart, a + 1); e < end; e++) s += f(values, e) * f(t, at(col, e));
    setf(y, a, s);
  }
}

/**
 * Gram-Schmidt of v against u and the first `count` rows of Q (each of n values), in place, with a second
 * pass when the first removed most of v. Returns ||v||^2 after.
 */
export function orthogonalise(v: usize, count: i32, u: usize, Q: usize, n: i32): f64 {
  let before: f64 = 0;
  for (let k = 0; k < n; k++) before += f(v, k) * f(v, k);
  for (let pass = 0; pass < 2; pass++) {
    let c: f64 = 0;
    for (let k = 0; k < n; k++) c += f(u, k) * f(v, k);
    for (let k = 0; k < n; k++) setf(v, k, f(v, k) - c * f(u, k));
    for (let i = 0; i < count; i++) {
      const q = Q + (<usize>(i * n) << 3);
      c = 0;
      for (let k = 0; k < n; k++) c += f(q, k) * f(v, k);
      for (let k = 0; k < n; k++) setf(v, k, f(v, k) - c * f(q, k));
    }
    let after: f64 = 0;
    for (let k = 0; k < n; k++) after += f(v, k) * f(v, k);
    if (after > 0.5 * before) return after;
    before = after;
  }
  return before;
}

/**
 * Lanczos step j: w = M M^T q_j, alpha = q_j . w, w -= alpha q_j + beta_{j-1} q_{j-1}, then w is
 * reorthogonalised. Writes alpha and ||w||^2 to out[0] and out[1].
 */
export function lanczosStep(j: i32, n: i32, columns: i32, Q: usize, w: usize, u: usize, rowStart: usize, col: usize, values: usize, t: usize, b: f64, out: usize): void {
  const q = Q + (<usize>(j * n) << 3);
  // Row j - 1, or row 0 when j = 0 (then unused; any address read must stay inside memory).
  const previous = j > 0 ? Q + (<usize>((j - 1) * n) << 3) : Q;
  multiplyGram(n, columns, rowStart, col, values, t, q, w);
  let a: f64 = 0;
  for (let k = 0; k < n; k++) a += f(q, k) * f(w, k);
  for (let k = 0; k < n; k++) setf(w, k, f(w, k) - (a * f(q, k) + (j > 0 ? b * f(previous, k) : 0)));
  setf(out, 0, a);
  setf(out, 1, orthogonalise(w, j + 1, u, Q, n));
}

/** Row `row` of Q (n values) = w / scale. */
export function scaleIntoRow(Q: usize, row: i32, n: i32, w: usize, scale: f64): void {
  const q = Q + (<usize>(row * n) << 3);
  for (let k = 0; k < n; k++) setf(q, k, f(w, k) / scale);
}

// ---- Wavelet: one periodised convolution along one axis (src/radiomics/wavelet/swt.ts drives it; each output
// is summed term by term in the order the TypeScript it replaced used, so results are bit-identical) ----

/**
 * Convolves a block along one axis: the block is `outer` slabs of `length` rows of `inner` contiguous values
 * (the axis is the middle index); the output has `length - F + 1` rows per slab. Output row q is
 * sum_t f[j] * in[row q + F - 1 - j] with j = order[q * F + t], added for t = 0 .. F-1 starting from 0.
 */
export function convolveAxis(src: usize, inner: i32, length: i32, outer: i32, filter: usize, F: i32, order: usize, out: usize): void {
  const n = length - F + 1;
  if (inner == 1) {
    // The filtered axis is the contiguous one: one output value per (slab, q).
    for (let u = 0; u < outer; u++) {
      const inBase = u * length + F - 1;
      const outBase = u * n;
      for (let q = 0; q < n; q++) {
        const terms = order + (<usize>(q * F) << 2);
        let sum: f64 = 0;
        for (let t = 0; t < F; t++) {
          const j = at(terms, t);
          sum += f(filter, j) * f(src, inBase + q - j);
        }
        setf(out, outBase + q, sum);
      }
    }
    return;
  }
  for (let u = 0; u < outer; u++) {
    for (let q = 0; q < n; q++) {
      const terms = order + (<usize>(q * F) << 2);
      const inRow = u * length + q + F - 1;
      const outRow = (u * n + q) * inner;
      for (let x = 0; x < inner; x++) {
        let sum: f64 = 0;
        for (let t = 0; t < F; t++) {
          const j = at(terms, t);
          sum += f(filter, j) * f(src, (inRow - j) * inner + x);
        }
        setf(out, outRow + x, sum);
      }
    }
  }
}

// ---- Discretisation (src/radiomics/discretize.ts drives it) ----

/**
 * numpy.digitize of the ROI voxels (mask[i] != 0, mask of bytes) against the `nEdges` ascending edges: gray[i]
 * = the number of edges <= values[i]; guessed from the first spacing (`inverseStep` = 1 / (edges[1] - edges[0]))
 * and stepped to the exact count. gray and seen (bytes, nEdges + 1) must be zero on entry; seen[g] becomes 1 for
 * every bin index used. Returns the largest bin index.
 */
export function digitize(values: usize, mask: usize, n: i32, edges: usize, nEdges: i32, inverseStep: f64, gray: usize, seen: usize): i32 {
  const first = f(edges, 0);
  let largest = 0;
  for (let i = 0; i < n; i++) {
    if (load<u8>(mask + <usize>i) == 0) continue;
    const x = f(values, i);
    let g = <i32>min<f64>(max<f64>(Math.floor((x - first) * inverseStep) + 1, 0), <f64>nEdges);
    while (g < nEdges && f(edges, g) <= x) g++;
    while (g > 0 && f(edges, g - 1) > x) g--;
    put(gray, i, g);
    store<u8>(seen + <usize>g, 1);
    if (g > largest) largest = g;
  }
  return largest;
}

/**
 * Embeds a discretised ROI (gray levels and byte mask of an nx * ny * nz box, x fastest) in a grid grown by `pad`
 * background voxels on every side: padded (zero on entry) gets each ROI voxel's level, voxels the padded index
 * of each ROI voxel in scan order.
 */
export function padGrid(gray: usize, mask: usize, nx: i32, ny: i32, nz: i32, pad: i32, padded: usize, voxels: usize): void {
  const px = nx + 2 * pad;
  const py = ny + 2 * pad;
  let i = 0;
  let k = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      let p = pad + px * (y + pad + py * (z + pad));
      for (let x = 0; x < nx; x++, i++, p++) {
        if (load<u8>(mask + <usize>i) == 0) continue;
        put(padded, p, at(gray, i));
        put(voxels, k++, p);
      }
    }
  }
}

// ---- Shape: marching cubes (src/radiomics/features/shape.ts drives it; the arithmetic is term for term that of
// the TypeScript it replaced, so volume, area and vertices are bit-identical) ----

/**
 * Marching cubes over a byte mask of nx * ny * nz voxels (x fastest), padded inside by one empty voxel per side
 * into `grid` (zero on entry, (nz + 2) (ny + 2) (nx + 2) bytes). `corners`: the 8 cube-corner offsets in the
 * grid; `edgeVertices`: 12 edge midpoints (z, y, x); the triangles of cube index c (< 128) are the edge numbers
 * triEdges[triStart[c] .. triStart[c + 1] - 1]. Writes each mesh vertex once (z, y, x in mm; keys in half
 * voxels; the first `capacity` only) and out[0] = 6 x signed volume, out[1] = surface area. Returns the number
 * of vertices (when above `capacity`, the caller runs it again with room for them all).
 */
export function marchingCubes(
  mask: usize, nx: i32, ny: i32, nz: i32, spz: f64, spy: f64, spx: f64,
  corners: usize, edgeVertices: usize, triStart: usize, triEdges: usize, grid: usize, capacity: i32, points: usize, keys: usize, out: usize,
): i32 {
  const sx = nx + 2;
  const sy = ny + 2;
  const sz = nz + 2;
  const strideZ = sx * sy;
  let i = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const o = 1 + sx * (y + 1 + sy * (z + 1));
      for (let x = 0; x < nx; x++, i++) store<u8>(grid + <usize>(o + x), load<u8>(mask + <usize>i));
    }
  }
  let nPoints = 0;
  let volume: f64 = 0;
  let area: f64 = 0;
  for (let iz = 0; iz < sz - 1; iz++) {
    for (let iy = 0; iy < sy - 1; iy++) {
      for (let ix = 0; ix < sx - 1; ix++) {
        const base = iz * strideZ + iy * sx + ix;
        let cube = 0;
        for (let k = 0; k < 8; k++) if (load<u8>(grid + <usize>(base + at(corners, k))) != 0) cube |= 1 << k;
        let sign: f64 = 1;
        if (cube & 0x80) {
          cube ^= 0xff;
          sign = -1;
        }
        // Vertices on the edges 6, 7, 11 at corner 6, 4, 3 (corner 7 is never inside after the flip): each stored once.
        for (let t = 0; t < 3; t++) {
          const corner = t == 0 ? 6 : t == 1 ? 4 : 3;
          if (cube & (1 << corner)) {
            if (nPoints++ >= capacity) continue;
            const e = t == 0 ? 6 : t == 1 ? 7 : 11;
            const p = 3 * (nPoints - 1);
            const vz = f(edgeVertices, 3 * e);
            const vy = f(edgeVertices, 3 * e + 1);
            const vx = f(edgeVertices, 3 * e + 2);
            setf(points, p, (<f64>iz + vz) * spz);
            setf(points, p + 1, (<f64>iy + vy) * spy);
            setf(points, p + 2, (<f64>ix + vx) * spx);
            put(keys, p, <i32>(2 * (<f64>iz + vz)));
            put(keys, p + 1, <i32>(2 * (<f64>iy + vy)));
            put(keys, p + 2, <i32>(2 * (<f64>ix + vx)));
          }
        }
        if (cube == 0) continue;
        for (let t = at(triStart, cube), end = at(triStart, cube + 1); t < end; t += 3) {
          const ea = 3 * at(triEdges, t);
          const eb = 3 * at(triEdges, t + 1);
          const ec = 3 * at(triEdges, t + 2);
          let az = (<f64>iz + f(edgeVertices, ea)) * spz;
          let ay = (<f64>iy + f(edgeVertices, ea + 1)) * spy;
          let ax = (<f64>ix + f(edgeVertices, ea + 2)) * spx;
          let bz = (<f64>iz + f(edgeVertices, eb)) * spz;
          let by = (<f64>iy + f(edgeVertices, eb + 1)) * spy;
          let bx = (<f64>ix + f(edgeVertices, eb + 2)) * spx;
          const cz = (<f64>iz + f(edgeVertices, ec)) * spz;
          const cy = (<f64>iy + f(edgeVertices, ec + 1)) * spy;
          const cx = (<f64>ix + f(edgeVertices, ec + 2)) * spx;
          // Signed volume of the tetrahedron (origin, a, b, c), times 6; index 0 is z, 1 y, 2 x.
          const abx = ay * bx - by * ax;
          const aby = ax * bz - bx * az;
          const abz = az * by - bz * ay;
          volume += sign * (abx * cz + aby * cy + abz * cx);
          // Triangle area = |(a - c) x (b - c)| / 2.
          az -= cz;
          ay -= cy;
          ax -= cx;
          bz -= cz;
          by -= cy;
          bx -= cx;
          const qx = ay * bx - by * ax;
          const qy = ax * bz - bx * az;
          const qz = az * by - bz * ay;
          area += 0.5 * Math.sqrt(qx * qx + qy * qy + qz * qz);
        }
      }
    }
  }
  setf(out, 0, volume);
  setf(out, 1, area);
  return nPoints;
}

/**
 * Smallest and largest value of the ROI voxels (mask[i] != 0, bytes), compared in scan order, into out[0] and
 * out[1]; out[2] = the sum of v - v over them, 0 when every value is finite and NaN otherwise.
 */
export function roiRange(values: usize, mask: usize, n: i32, out: usize): void {
  let lowest: f64 = Infinity;
  let highest: f64 = -Infinity;
  let notFinite: f64 = 0;
  for (let i = 0; i < n; i++) {
    if (load<u8>(mask + <usize>i) == 0) continue;
    const v = f(values, i);
    notFinite += v - v;
    if (v < lowest) lowest = v;
    if (v > highest) highest = v;
  }
  setf(out, 0, lowest);
  setf(out, 1, highest);
  setf(out, 2, notFinite);
}

/**
 * NGTDM sums over the ROI voxels of a padded grid, in `voxels` order: count[g] += 1 and diff[g] += |g - sum[k] /
 * inRoi[k]| (nothing added for a voxel without ROI neighbours) for the voxel's level g. count and diff (f64,
 * indexed by level) must be zero on entry.
 */
export function ngtdmSums(gray: usize, voxels: usize, n: i32, inRoi: usize, sum: usize, count: usize, diff: usize): void {
  for (let k = 0; k < n; k++) {
    const g = at(gray, at(voxels, k));
    setf(count, g, f(count, g) + 1);
    const c = at(inRoi, k);
    setf(diff, g, f(diff, g) + (c == 0 ? 0 : Math.abs(<f64>g - <f64>at(sum, k) / <f64>c)));
  }
}

/**
 * GLDM counts with alpha < 1: P[levelIndex[g] * columns + equal[k]] += 1 for each ROI voxel (level g, `equal[k]`
 * neighbours of its own level). P (f64) must be zero on entry.
 */
export function dependenceCounts(gray: usize, voxels: usize, n: i32, levelIndex: usize, equal: usize, columns: i32, P: usize): void {
  for (let k = 0; k < n; k++) {
    const slot = at(levelIndex, at(gray, at(voxels, k))) * columns + at(equal, k);
    setf(P, slot, f(P, slot) + 1);
  }
}

/**
 * First-order inputs of an ROI: its values (mask[i] != 0, bytes) gathered in scan order into `out` (returns how
 * many), their sum, smallest and largest (stats[0..2], compared and added in scan order) and the count of each
 * gray level (counts, f64 indexed by level, zero on entry).
 */
export function roiValues(values: usize, mask: usize, gray: usize, n: i32, out: usize, stats: usize, counts: usize): i32 {
  let sum: f64 = 0;
  let lowest: f64 = Infinity;
  let highest: f64 = -Infinity;
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (load<u8>(mask + <usize>i) == 0) continue;
    const v = f(values, i);
    setf(out, k++, v);
    sum += v;
    if (v < lowest) lowest = v;
    if (v > highest) highest = v;
    const g = at(gray, i);
    setf(counts, g, f(counts, g) + 1);
  }
  setf(stats, 0, sum);
  setf(stats, 1, lowest);
  setf(stats, 2, highest);
  return k;
}

@inline function dist2(points: usize, a: i32, b: i32): f64 {
  const dx = f(points, a) - f(points, b);
  const dy = f(points, a + 1) - f(points, b + 1);
  const dz = f(points, a + 2) - f(points, b + 2);
  return dx * dx + dy * dy + dz * dz;
}

/**
 * Largest squared distance between any two of the n points idx[0..n-1] (x, y, z triples in `points`), exact, at
 * least `start`. A point p is skipped when even |p - c| + R (c: bounding-box centre, R: largest distance from c)
 * cannot beat the best found so far; the search starts from a double-normal estimate. r: scratch of n f64.
 */
function maxSquaredDistance(points: usize, idx: usize, n: i32, start: f64, r: usize): f64 {
  if (n < 2) return 0;
  let lo0: f64 = Infinity, lo1: f64 = Infinity, lo2: f64 = Infinity;
  let hi0: f64 = -Infinity, hi1: f64 = -Infinity, hi2: f64 = -Infinity;
  for (let k = 0; k < n; k++) {
    const p = 3 * at(idx, k);
    const x = f(points, p), y = f(points, p + 1), z = f(points, p + 2);
    if (x < lo0) lo0 = x;
    if (x > hi0) hi0 = x;
    if (y < lo1) lo1 = y;
    if (y > hi1) hi1 = y;
    if (z < lo2) lo2 = z;
    if (z > hi2) hi2 = z;
  }
  const c0 = (lo0 + hi0) / 2, c1 = (lo1 + hi1) / 2, c2 = (lo2 + hi2) / 2;
  let R: f64 = 0;
  for (let k = 0; k < n; k++) {
    const p = 3 * at(idx, k);
    const dx = f(points, p) - c0, dy = f(points, p + 1) - c1, dz = f(points, p + 2) - c2;
    const rk = Math.sqrt(dx * dx + dy * dy + dz * dz);
    setf(r, k, rk);
    if (rk > R) R = rk;
  }
  // Double-normal estimate: repeatedly jump to the farthest point.
  let best = start;
  let from = 3 * at(idx, 0);
  for (let it = 0; it < 4; it++) {
    let far = from;
    for (let k = 0; k < n; k++) {
      const d = dist2(points, from, 3 * at(idx, k));
      if (d > best) best = d;
      if (d >= dist2(points, from, far)) far = 3 * at(idx, k);
    }
    from = far;
  }
  const slack: f64 = 1 + 1e-12;
  for (let k = 0; k < n; k++) {
    const bound = (f(r, k) + R) * slack;
    if (bound * bound <= best) continue;
    const p = 3 * at(idx, k);
    for (let m = k + 1; m < n; m++) {
      const d = dist2(points, p, 3 * at(idx, m));
      if (d > best) best = d;
    }
  }
  return best;
}

/**
 * Largest squared distances between the `count` mesh vertices (points: x, y, z triples; keys: the same in
 * integer half voxels) sharing the coordinate along axis 0, 1 or 2 (out[0..2]), and overall
 * (out[3]). Scratch: order and all (count i32 each), r (count f64), start and fill (largest key + 2 i32 each).
 */
export function meshDiameters(points: usize, keys: usize, count: i32, order: usize, all: usize, r: usize, start: usize, fill: usize, out: usize): void {
  let b0: f64 = 0, b1: f64 = 0, b2: f64 = 0;
  for (let axis = 0; axis < 3; axis++) {
    // Counting sort of the vertices by their coordinate along `axis`.
    let top = 0;
    for (let k = 0; k < count; k++) top = max(top, at(keys, 3 * k + axis));
    for (let g = 0; g < top + 2; g++) put(start, g, 0);
    for (let k = 0; k < count; k++) {
      const slot = at(keys, 3 * k + axis) + 1;
      put(start, slot, at(start, slot) + 1);
    }
    for (let g = 1; g < top + 2; g++) put(start, g, at(start, g) + at(start, g - 1));
    for (let g = 0; g < top + 2; g++) put(fill, g, at(start, g));
    for (let k = 0; k < count; k++) {
      const key = at(keys, 3 * k + axis);
      const slot = at(fill, key);
      put(fill, key, slot + 1);
      put(order, slot, k);
    }
    let best: f64 = 0;
    for (let g = 0; g <= top; g++) {
      const first = at(start, g);
      const size = at(start, g + 1) - first;
      if (size > 1) best = max(best, maxSquaredDistance(points, order + (<usize>first << 2), size, best, r));
    }
    if (axis == 0) b0 = best;
    else if (axis == 1) b1 = best;
    else b2 = best;
  }
  for (let k = 0; k < count; k++) put(all, k, k);
  setf(out, 0, b0);
  setf(out, 1, b1);
  setf(out, 2, b2);
  setf(out, 3, maxSquaredDistance(points, all, count, max(max(b0, b1), b2), r));
}

// ---- Order statistics (src/stats/order-statistics.ts drives them; same algorithm as the TypeScript they replaced) ----

/** Ascending order of doubles as TypedArray.prototype.sort has it: -0 before +0 (no NaN here). */
@inline function before(x: f64, y: f64): bool {
  return x < y || (x == y && (reinterpret<i64>(x) < 0) && (reinterpret<i64>(y) >= 0));
}

@inline function swapf(a: usize, i: i32, j: i32): void {
  const t = f(a, i);
  setf(a, i, f(a, j));
  setf(a, j, t);
}

/** Sorts a[lo..hi] ascending: insertion sort for short ranges, heapsort otherwise (n log n). */
function sortRange(a: usize, lo: i32, hi: i32): void {
  const n = hi - lo + 1;
  if (n <= 32) {
    for (let i = lo + 1; i <= hi; i++) {
      const v = f(a, i);
      let j = i - 1;
      while (j >= lo && before(v, f(a, j))) {
        setf(a, j + 1, f(a, j));
        j--;
      }
      setf(a, j + 1, v);
    }
    return;
  }
  const base = a + (<usize>lo << 3);
  for (let s = (n >> 1) - 1; s >= 0; s--) siftDown(base, s, n);
  for (let end = n - 1; end > 0; end--) {
    swapf(base, 0, end);
    siftDown(base, 0, end);
  }
}

/** Max-heap sift-down of node s in heap a[0..n-1]. */
function siftDown(a: usize, s: i32, n: i32): void {
  let root = s;
  while (true) {
    let child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && before(f(a, child), f(a, child + 1))) child++;
    if (!before(f(a, root), f(a, child))) return;
    swapf(a, root, child);
    root = child;
  }
}

/**
 * Reorders a[lo..hi] so that a[k] holds its final sorted value, with a[lo..k) <= a[k] <= a(k..hi]: quickselect
 * (median of three, Hoare partition) for at most `budget` partitions, then the rest of the range sorted.
 */
export function selectRank(a: usize, k: i32, lo: i32, hi: i32, budget: i32): void {
  while (hi - lo > 16) {
    if (budget-- == 0) {
      sortRange(a, lo, hi);
      return;
    }
    const mid = <i32>(<u32>(lo + hi) >> 1);
    if (f(a, mid) < f(a, lo)) swapf(a, mid, lo);
    if (f(a, hi) < f(a, lo)) swapf(a, hi, lo);
    if (f(a, hi) < f(a, mid)) swapf(a, hi, mid);
    const pivot = f(a, mid);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (f(a, i) < pivot) i++;
      while (f(a, j) > pivot) j--;
      if (i <= j) swapf(a, i++, j--);
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
  sortRange(a, lo, hi);
}

/** Smallest of a[lo..hi] (first in scan order among equals). */
export function rangeMin(a: usize, lo: i32, hi: i32): f64 {
  let m = f(a, lo);
  for (let i = lo + 1; i <= hi; i++) if (f(a, i) < m) m = f(a, i);
  return m;
}
