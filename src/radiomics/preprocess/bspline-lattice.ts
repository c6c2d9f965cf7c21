/**
 * Tensor-product B-spline control-point lattices over a regular voxel grid, as ITK's
 * BSplineScatteredDataPointSetToImageFilter (fitting, Lee, Wolberg & Shin 1997 one level) and
 * BSplineControlPointImageFilter (evaluation, refinement) use them for N4's bias field.
 *
 * A lattice with `c` control points along an axis of `n` voxels spans `c - order` knot intervals; voxel
 * `i` sits at parametric position `u = i (c - order) / (n - 1)`, so the lattice covers the grid from the
 * first to the last voxel centre whatever the voxel spacing.
 */

/** Control-point values, x fastest: `data[a + size[0] * (b + size[1] * c)]`. */
export interface ControlLattice {
  data: Float64Array;
  size: [number, number, number];
}

/**
 * Uniform B-spline basis of the given order (0-3) centred at 0, ITK's BSplineKernelFunction:
 * order 3: (4 - 6u^2 + 3|u|^3) / 6 for |u| < 1, (2 - |u|)^3 / 6 for 1 <= |u| < 2.
 *
 * @example
 * bsplineKernel(3, 0); // 2/3
 */
export function bsplineKernel(order: number, u: number): number {
  const a = Math.abs(u);
  switch (order) {
    case 0:
      return a < 0.5 ? 1 : a === 0.5 ? 0.5 : 0;
    case 1:
      return a < 1 ? 1 - a : 0;
    case 2:
      if (a < 0.5) return 0.75 - a * a;
      return a < 1.5 ? 0.5 * (1.5 - a) * (1.5 - a) : 0;
    case 3:
      if (a < 1) return (4 - 6 * a * a + 3 * a * a * a) / 6;
      return a < 2 ? ((2 - a) * (2 - a) * (2 - a)) / 6 : 0;
    default:
      throw new Error(`B-spline order ${order} is not supported (0-3)`);
  }
}

/** Per-voxel first control index and the order+1 basis weights along one axis of `n` voxels. */
export interface AxisWeights {
  start: Int32Array;
  /** weights[i * (order + 1) + k] multiplies control point start[i] + k. */
  weights: Float64Array;
}

/**
 * Basis weights of every voxel of an axis: `u = i (controlPoints - order) / (n - 1)`, first control index
 * floor(u) and weight B(u - floor(u) - k + (order - 1) / 2) for k = 0..order. The last voxel (u = spans)
 * is evaluated as the limit from inside the last interval (ITK nudges it by an epsilon).
 */
export function axisWeights(n: number, controlPoints: number, order: number): AxisWeights {
  const spans = controlPoints - order;
  const m = order + 1;
  const start = new Int32Array(n);
  const weights = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const u = n > 1 ? (i * spans) / (n - 1) : 0;
    let first = Math.floor(u);
    if (first >= spans) first = spans - 1;
    const t = u - first;
    start[i] = first;
    for (let k = 0; k < m; k++) weights[i * m + k] = bsplineKernel(order, t - k + 0.5 * (order - 1));
  }
  return { start, weights };
}

/**
 * One-level B-spline approximation of values given at grid voxels (ITK BSplineScatteredDataPointSetToImageFilter
 * with one fitting level, point weights 1): each point spreads delta = w_k r / sum_l w_l^2 to its
 * (order+1)^3 control points; control value = sum(w^2 delta) / sum(w^2).
 *
 * @param values  value at every voxel of the grid (only `included` voxels are used)
 * @param included voxel selection (1 = use)
 * @example
 * const phi = fitLattice(residual, mask, [64, 64, 16], [4, 4, 4], 3);
 */
export function fitLattice(
  values: ArrayLike<number>,
  included: ArrayLike<number>,
  gridSize: readonly [number, number, number],
  controlPoints: readonly [number, number, number],
  order: number,
): ControlLattice {
  const [nx, ny, nz] = gridSize;
  const [cx, cy, cz] = controlPoints;
  const m = order + 1;
  const wx = axisWeights(nx, cx, order);
  const wy = axisWeights(ny, cy, order);
  const wz = axisWeights(nz, cz, order);
  const sq = (w: AxisWeights, n: number) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let k = 0; k < m; k++) out[i] += w.weights[i * m + k] ** 2;
    return out;
  };
  const sx = sq(wx, nx);
  const sy = sq(wy, ny);
  const sz = sq(wz, nz);
  const nc = cx * cy * cz;
  const delta = new Float64Array(nc);
  const omega = new Float64Array(nc);
  // The weights are separable, so each row (y, z) is first summed along x into per-control-point sums
  // rowOmega[a] = sum_x Bx_a^2 and rowDelta[a] = sum_x Bx_a^3 r / sx, then spread over the 4 x 4 (b, c).
  const rowOmega = new Float64Array(cx);
  const rowDelta = new Float64Array(cx);
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const row = nx * (y + ny * z);
      rowOmega.fill(0);
      rowDelta.fill(0);
      let any = false;
      for (let x = 0; x < nx; x++) {
        if (!included[row + x]) continue;
        any = true;
        const scale = values[row + x] / sx[x];
        const x0 = wx.start[x];
        for (let a = 0; a < m; a++) {
          const w = wx.weights[x * m + a];
          const w2 = w * w;
          rowOmega[x0 + a] += w2;
          rowDelta[x0 + a] += w2 * w * scale;
        }
      }
      if (!any) continue;
      const syz = sy[y] * sz[z];
      const y0 = wy.start[y];
      const z0 = wz.start[z];
      for (let c = 0; c < m; c++) {
        for (let b = 0; b < m; b++) {
          const wyz = wy.weights[y * m + b] * wz.weights[z * m + c];
          const wyz2 = wyz * wyz;
          const wyz3 = (wyz2 * wyz) / syz;
          const base = cx * (y0 + b + cy * (z0 + c));
          for (let a = 0; a < cx; a++) {
            omega[base + a] += rowOmega[a] * wyz2;
            delta[base + a] += rowDelta[a] * wyz3;
          }
        }
      }
    }
  }
  const data = new Float64Array(nc);
  for (let i = 0; i < nc; i++) if (omega[i] !== 0) data[i] = delta[i] / omega[i];
  return { data, size: [cx, cy, cz] };
}

/**
 * Evaluates a lattice at every voxel of a grid (ITK BSplineControlPointImageFilter), separably:
 * f(x, y, z) = sum_abc Bx_a(x) By_b(y) Bz_c(z) phi[a, b, c].
 *
 * @example
 * const field = evaluateLattice(phi, [256, 256, 64], 3);
 */
export function evaluateLattice(lattice: ControlLattice, gridSize: readonly [number, number, number], order: number): Float64Array {
  const [nx, ny, nz] = gridSize;
  const [cx, cy, cz] = lattice.size;
  const m = order + 1;
  const wx = axisWeights(nx, cx, order);
  const wy = axisWeights(ny, cy, order);
  const wz = axisWeights(nz, cz, order);
  const out = new Float64Array(nx * ny * nz);
  const planeZ = new Float64Array(cx * cy);
  const lineY = new Float64Array(cx);
  for (let z = 0; z < nz; z++) {
    planeZ.fill(0);
    for (let c = 0; c < m; c++) {
      const w = wz.weights[z * m + c];
      const off = cx * cy * (wz.start[z] + c);
      for (let i = 0; i < cx * cy; i++) planeZ[i] += w * lattice.data[off + i];
    }
    for (let y = 0; y < ny; y++) {
      lineY.fill(0);
      for (let b = 0; b < m; b++) {
        const w = wy.weights[y * m + b];
        const off = cx * (wy.start[y] + b);
        for (let a = 0; a < cx; a++) lineY[a] += w * planeZ[off + a];
      }
      const row = nx * (y + ny * z);
      for (let x = 0; x < nx; x++) {
        let v = 0;
        const x0 = wx.start[x];
        for (let a = 0; a < m; a++) v += wx.weights[x * m + a] * lineY[x0 + a];
        out[row + x] = v;
      }
    }
  }
  return out;
}

/**
 * Doubles the knot density of a cubic lattice without changing the function it represents (ITK
 * BSplineControlPointImageFilter::RefineControlPointLattice, one level): along each axis c control points
 * become 2c - 3 with new[2a] = (old[a] + old[a+1]) / 2 and new[2a+1] = (old[a] + 6 old[a+1] + old[a+2]) / 8
 * (the dyadic subdivision of the cubic basis, mask [1, 4, 6, 4, 1] / 8).
 *
 * @example
 * const finer = refineLattice(phi); // 4 x 4 x 4 -> 5 x 5 x 5
 */
export function refineLattice(lattice: ControlLattice, order: number): ControlLattice {
  if (order !== 3) throw new Error(`lattice refinement is implemented for spline order 3 (got ${order})`);
  let current = lattice;
  for (let axis = 0; axis < 3; axis++) current = refineAxis(current, axis);
  return current;
}

function refineAxis(lattice: ControlLattice, axis: number): ControlLattice {
  const size = lattice.size;
  const n = size[axis];
  const next = 2 * n - 3;
  const newSize = size.slice() as [number, number, number];
  newSize[axis] = next;
  const stride = axis === 0 ? 1 : axis === 1 ? size[0] : size[0] * size[1];
  const data = new Float64Array(newSize[0] * newSize[1] * newSize[2]);
  const old = (base: number, j: number) => (j < n ? lattice.data[base + j * stride] : 0);
  for (let z = 0; z < newSize[2]; z++) {
    for (let y = 0; y < newSize[1]; y++) {
      for (let x = 0; x < newSize[0]; x++) {
        const idx = [x, y, z];
        const t = idx[axis];
        idx[axis] = 0;
        const base = idx[0] + size[0] * (idx[1] + size[1] * idx[2]);
        const a = t >> 1;
        const v = t % 2 === 0 ? (old(base, a) + old(base, a + 1)) / 2 : (old(base, a) + 6 * old(base, a + 1) + old(base, a + 2)) / 8;
        data[x + newSize[0] * (y + newSize[1] * z)] = v;
      }
    }
  }
  return { data, size: newSize };
}
