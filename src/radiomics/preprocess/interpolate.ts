import type { Volume } from "../image";

/** Interpolators of SimpleITK that resampling supports, by SimpleITK name. */
export type InterpolatorName = "sitkNearestNeighbor" | "sitkLinear" | "sitkBSpline";

/** Something that gives a value at a continuous index (x, y, z) of the image it was built on. */
export type ContinuousIndexInterpolator = (x: number, y: number, z: number) => number;

const CUBIC_POLE = Math.sqrt(3) - 2;

/**
 * Cubic B-spline interpolation coefficients of an image (ITK BSplineDecompositionImageFilter, Unser 1999):
 * along each axis in turn, gain (1 - z)(1 - 1/z) with pole z = sqrt(3) - 2, causal recursion
 * c+[n] = s[n] + z c+[n-1] started with mirror boundaries (truncated sum when the 1e-10 horizon is shorter
 * than the line), anticausal recursion c[n] = z (c[n+1] - c+[n]). Axes of length 1 are left unchanged.
 *
 * @example
 * const coefficients = bsplineCoefficients(image);
 */
export function bsplineCoefficients(image: Volume): Float64Array {
  const c = new Float64Array(image.data);
  const [nx, ny, nz] = image.size;
  const strides = [1, nx, nx * ny];
  for (let axis = 0; axis < 3; axis++) {
    const n = image.size[axis];
    if (n === 1) continue;
    const stride = strides[axis];
    const line = new Float64Array(n);
    const others = axis === 0 ? [ny, nz, nx, nx * ny] : axis === 1 ? [nx, nz, 1, nx * ny] : [nx, ny, 1, nx];
    for (let b = 0; b < others[1]; b++) {
      for (let a = 0; a < others[0]; a++) {
        const base = a * others[2] + b * others[3];
        for (let k = 0; k < n; k++) line[k] = c[base + k * stride];
        decomposeLine(line);
        for (let k = 0; k < n; k++) c[base + k * stride] = line[k];
      }
    }
  }
  return c;
}

function decomposeLine(s: Float64Array): void {
  const n = s.length;
  const z = CUBIC_POLE;
  const gain = (1 - z) * (1 - 1 / z);
  for (let k = 0; k < n; k++) s[k] *= gain;
  const horizon = Math.ceil(Math.log(1e-10) / Math.log(Math.abs(z)));
  if (horizon < n) {
    let zn = z;
    let sum = s[0];
    for (let k = 1; k < horizon; k++) {
      sum += zn * s[k];
      zn *= z;
    }
    s[0] = sum;
  } else {
    let zn = z;
    const iz = 1 / z;
    let z2n = Math.pow(z, n - 1);
    let sum = s[0] + z2n * s[n - 1];
    z2n *= z2n * iz;
    for (let k = 1; k <= n - 2; k++) {
      sum += (zn + z2n) * s[k];
      zn *= z;
      z2n *= iz;
    }
    s[0] = sum / (1 - zn * zn);
  }
  for (let k = 1; k < n; k++) s[k] += z * s[k - 1];
  s[n - 1] = (z / (z * z - 1)) * (z * s[n - 2] + s[n - 1]);
  for (let k = n - 2; k >= 0; k--) s[k] = z * (s[k + 1] - s[k]);
}

/** Mirror an index into 0..n-1 as ITK's BSplineInterpolateImageFunction (one reflection, edge not repeated). */
function mirror(i: number, n: number): number {
  if (n === 1) return 0;
  if (i < 0) i = -i;
  if (i > n - 1) i = 2 * (n - 1) - i;
  return i;
}

/**
 * Cubic B-spline interpolator (SimpleITK sitkBSpline = ITK BSplineInterpolateImageFunction, order 3):
 * f(x) = sum over the 4 x 4 x 4 coefficients around x of w(x - k) c[k], with weights of the cubic basis,
 * support starting at floor(x) - 1 and mirrored indices at the borders.
 *
 * @example
 * const f = bsplineInterpolator(image);
 * f(10.5, 3.25, 2); // value between voxels
 */
export function bsplineInterpolator(image: Volume): ContinuousIndexInterpolator {
  const c = bsplineCoefficients(image);
  const [nx, ny, nz] = image.size;
  const ix = new Int32Array(4);
  const iy = new Int32Array(4);
  const iz = new Int32Array(4);
  const wx = new Float64Array(4);
  const wy = new Float64Array(4);
  const wz = new Float64Array(4);
  const weights = (x: number, n: number, idx: Int32Array, w: Float64Array) => {
    const first = Math.floor(x) - 1;
    const t = x - (first + 1);
    w[3] = (t * t * t) / 6;
    w[0] = 1 / 6 + 0.5 * t * (t - 1) - w[3];
    w[2] = t + w[0] - 2 * w[3];
    w[1] = 1 - w[0] - w[2] - w[3];
    for (let k = 0; k < 4; k++) idx[k] = mirror(first + k, n);
  };
  return (x, y, z) => {
    weights(x, nx, ix, wx);
    weights(y, ny, iy, wy);
    weights(z, nz, iz, wz);
    let value = 0;
    for (let c3 = 0; c3 < 4; c3++) {
      const zOff = nx * ny * iz[c3];
      for (let b = 0; b < 4; b++) {
        const row = zOff + nx * iy[b];
        const wyz = wy[b] * wz[c3];
        value += wyz * (wx[0] * c[row + ix[0]] + wx[1] * c[row + ix[1]] + wx[2] * c[row + ix[2]] + wx[3] * c[row + ix[3]]);
      }
    }
    return value;
  };
}

/**
 * Trilinear interpolator (SimpleITK sitkLinear = ITK LinearInterpolateImageFunction): coordinates clamped to
 * [0, n - 1] per axis, then the usual 8-neighbour weights.
 */
export function linearInterpolator(image: Volume): ContinuousIndexInterpolator {
  const [nx, ny, nz] = image.size;
  const d = image.data;
  const split = (x: number, n: number): [number, number, number] => {
    const c = Math.min(Math.max(x, 0), n - 1);
    const i0 = Math.floor(c);
    const i1 = Math.min(i0 + 1, n - 1);
    return [i0, i1, c - i0];
  };
  // Defined once, not per call: a closure made on every call costs more than the interpolation itself.
  const at = (a: number, b: number, c: number) => d[a + nx * (b + ny * c)];
  return (x, y, z) => {
    const [x0, x1, fx] = split(x, nx);
    const [y0, y1, fy] = split(y, ny);
    const [z0, z1, fz] = split(z, nz);
    const c00 = at(x0, y0, z0) * (1 - fx) + at(x1, y0, z0) * fx;
    const c10 = at(x0, y1, z0) * (1 - fx) + at(x1, y1, z0) * fx;
    const c01 = at(x0, y0, z1) * (1 - fx) + at(x1, y0, z1) * fx;
    const c11 = at(x0, y1, z1) * (1 - fx) + at(x1, y1, z1) * fx;
    return (c00 * (1 - fy) + c10 * fy) * (1 - fz) + (c01 * (1 - fy) + c11 * fy) * fz;
  };
}

/** Nearest-neighbour interpolator (SimpleITK sitkNearestNeighbor): index rounded half up, clamped to the grid. */
export function nearestInterpolator(image: Volume): ContinuousIndexInterpolator {
  const [nx, ny, nz] = image.size;
  const d = image.data;
  const r = (x: number, n: number) => Math.min(Math.max(Math.floor(x + 0.5), 0), n - 1);
  return (x, y, z) => d[r(x, nx) + nx * (r(y, ny) + ny * r(z, nz))];
}

/** The interpolator of a SimpleITK interpolator name; a clear error for the ones not implemented. */
export function makeInterpolator(image: Volume, name: string): ContinuousIndexInterpolator {
  if (name === "sitkBSpline") return bsplineInterpolator(image);
  if (name === "sitkLinear") return linearInterpolator(image);
  if (name === "sitkNearestNeighbor") return nearestInterpolator(image);
  throw new Error(`interpolator "${name}" is not supported (supported: sitkBSpline, sitkLinear, sitkNearestNeighbor)`);
}
