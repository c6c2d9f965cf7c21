/**
 * PyRadiomics' `LBP3D` image type (imageoperations.getLBP3DImage, after Banerjee et al. 2013): a rotation-invariant
 * 3D local binary pattern from spherical harmonics, computed for the ROI voxels only.
 *
 * For each ROI voxel p, the image is sampled (cubic B-spline, as scipy's map_coordinates order 3) at the vertices v of an
 * icosphere of radius `lbp3DIcosphereRadius` voxels and `lbp3DIcosphereSubdivision` subdivisions centred on p. The
 * kurtosis of those samples gives `lbp-3D-k`. Each sample becomes 1 when >= the centre voxel's value, else 0; its
 * spherical-harmonic coefficients c_mn = sum_v f_v Y_mn(v) (n < `lbp3DLevels`) rebuild, per degree n, the function
 * F_n(v) = sum_m c_mn Y_mn(v), and `lbp-3D-m<n+1>` is the real part of sqrt(sum_v F_n(v)^2) (complex arithmetic,
 * as numpy computes it). PyRadiomics' exact conventions are kept: the vertex's x, y, z offsets are added to the voxel's
 * numpy (z, y, x) indices, and scipy's `sph_harm(m, n, theta, phi)` is called with theta = arccos(z / R) in the
 * azimuth slot and phi = atan2(y, x) in the polar slot. Samples of an integer image are rounded to integers (scipy
 * returns the input's type). Voxels outside the ROI are 0 (PyRadiomics leaves them uninitialised; no feature reads them).
 */
import type { Volume } from "../image";
import { bsplineInterpolator } from "../preprocess/interpolate";

export interface Lbp3DOptions {
  levels: number;
  radius: number;
  subdivision: number;
  label: number;
}

/** Vertices of trimesh's icosphere: the icosahedron's 12 vertices, each subdivision adding edge midpoints, all projected onto the sphere of `radius`. */
export function icosphereVertices(subdivision: number, radius: number): number[][] {
  const t = (1 + Math.sqrt(5)) / 2;
  const unit = (v: number[]) => {
    const n = Math.hypot(v[0], v[1], v[2]);
    return v.map((x) => x / n);
  };
  const vertices = [
    [-1, t, 0], [1, t, 0], [-1, -t, 0], [1, -t, 0], [0, -1, t], [0, 1, t],
    [0, -1, -t], [0, 1, -t], [t, 0, -1], [t, 0, 1], [-t, 0, -1], [-t, 0, 1],
  ].map(unit);
  let faces = [
    [0, 11, 5], [0, 5, 1], [0, 1, 7], [0, 7, 10], [0, 10, 11], [1, 5, 9], [5, 11, 4], [11, 10, 2], [10, 7, 6], [7, 1, 8],
    [3, 9, 4], [3, 4, 2], [3, 2, 6], [3, 6, 8], [3, 8, 9], [4, 9, 5], [2, 4, 11], [6, 2, 10], [8, 6, 7], [9, 8, 1],
  ];
  for (let s = 0; s < subdivision; s++) {
    const midpoints = new Map<string, number>();
    const middle = (a: number, b: number) => {
      const key = a < b ? `${a},${b}` : `${b},${a}`;
      let index = midpoints.get(key);
      if (index === undefined) {
        index = vertices.length;
        vertices.push(unit(vertices[a].map((x, k) => (x + vertices[b][k]) / 2)));
        midpoints.set(key, index);
      }
      return index;
    };
    faces = faces.flatMap(([a, b, c]) => {
      const ab = middle(a, b), bc = middle(b, c), ca = middle(c, a);
      return [[a, ab, ca], [b, bc, ab], [c, ca, bc], [ab, bc, ca]];
    });
  }
  return vertices.map((v) => v.map((x) => x * radius));
}

/** Associated Legendre function P_n^m(x), m >= 0, with the Condon-Shortley phase (as scipy's lpmv). */
function legendre(n: number, m: number, x: number): number {
  let pmm = 1;
  const root = Math.sqrt((1 - x) * (1 + x));
  for (let i = 1; i <= m; i++) pmm *= -(2 * i - 1) * root;
  if (n === m) return pmm;
  let previous = pmm;
  let current = x * (2 * m + 1) * pmm;
  for (let l = m + 2; l <= n; l++) {
    const next = ((2 * l - 1) * x * current - (l + m - 1) * previous) / (l - m);
    previous = current;
    current = next;
  }
  return current;
}

function factorial(k: number): number {
  let f = 1;
  for (let i = 2; i <= k; i++) f *= i;
  return f;
}

/** scipy's sph_harm(m, n, azimuth, polar) = sqrt((2n+1)/(4 pi) (n-m)!/(n+m)!) e^{i m azimuth} P_n^m(cos polar), as [re, im]. */
export function sphericalHarmonic(m: number, n: number, azimuth: number, polar: number): [number, number] {
  const am = Math.abs(m);
  const norm = Math.sqrt(((2 * n + 1) / (4 * Math.PI)) * (factorial(n - am) / factorial(n + am)));
  const value = norm * legendre(n, am, Math.cos(polar));
  const sign = m < 0 && am % 2 === 1 ? -1 : 1; // Y_n^{-m} = (-1)^m conj(Y_n^m)
  return [sign * value * Math.cos(am * azimuth), sign * value * Math.sin(m < 0 ? -am * azimuth : am * azimuth)];
}

/**
 * scipy's map_coordinates(order=3, mode="constant") at a continuous index (x, y, z): the cubic B-spline of the image
 * (mirror boundaries; the project's B-spline interpolator, shared with resampling) inside [0, n - 1] on every axis,
 * 0 outside.
 */
function splineSampler(image: Volume): (x: number, y: number, z: number) => number {
  const spline = bsplineInterpolator(image);
  const [nx, ny, nz] = image.size;
  return (x, y, z) => (x < 0 || x > nx - 1 || y < 0 || y > ny - 1 || z < 0 || z > nz - 1 ? 0 : spline(x, y, z));
}

/** Rounds half away from zero, as scipy stores an interpolated value into an integer array. */
const roundAway = (x: number) => (x > 0 ? Math.trunc(x + 0.5) : Math.trunc(x - 0.5));

/** scipy.stats.kurtosis (Fisher, biased): m4 / m2^2 - 3, NaN when the samples are (numerically) constant. */
function kurtosis(values: Float64Array): number {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let m2 = 0, m4 = 0;
  for (const v of values) {
    const d2 = (v - mean) * (v - mean);
    m2 += d2;
    m4 += d2 * d2;
  }
  m2 /= values.length;
  m4 /= values.length;
  // numpy's float64 `resolution` is 1e-15.
  if (m2 <= (1e-15 * mean) ** 2) return NaN;
  return m4 / (m2 * m2) - 3;
}

/** Complex square root's real part (principal branch), as numpy's sqrt of a complex number. */
function complexSqrtReal(re: number, im: number): number {
  return Math.sqrt((Math.hypot(re, im) + re) / 2);
}

/**
 * The LBP3D images: `lbp-3D-m1` ... `lbp-3D-m<levels>`, then `lbp-3D-k`, in PyRadiomics' order.
 */
export function lbp3DImages(image: Volume, mask: Volume, options: Lbp3DOptions): { name: string; image: Volume }[] {
  const { size } = image;
  const vertices = icosphereVertices(options.subdivision, options.radius);
  const nv = vertices.length;
  // Harmonics per vertex, degree n = 0 .. levels-1, m = -n .. n (PyRadiomics' column order).
  const harmonics: [number, number][][][] = [];
  for (let n = 0; n < options.levels; n++) {
    harmonics.push([]);
    for (let m = -n; m <= n; m++) {
      harmonics[n].push(vertices.map((v) => sphericalHarmonic(m, n, Math.acos(v[2] / options.radius), Math.atan2(v[1], v[0]))));
    }
  }
  const integer = !!image.pixelType && !image.pixelType.startsWith("float");
  const sample = splineSampler(image);
  const levelsOut = Array.from({ length: options.levels }, () => new Float64Array(image.data.length));
  const kurtosisOut = new Float64Array(image.data.length);
  const samples = new Float64Array(nv);
  const bits = new Float64Array(nv);
  for (let zi = 0; zi < size[2]; zi++) {
    for (let yi = 0; yi < size[1]; yi++) {
      for (let xi = 0; xi < size[0]; xi++) {
        const at = xi + size[0] * (yi + size[1] * zi);
        if (mask.data[at] !== options.label) continue;
        for (let v = 0; v < nv; v++) {
          // vertex (x, y, z) offsets numpy's (z, y, x) index, i.e. image index (x + v_z, y + v_y, z + v_x)
          const s = sample(xi + vertices[v][2], yi + vertices[v][1], zi + vertices[v][0]);
          samples[v] = integer ? roundAway(s) : s;
        }
        kurtosisOut[at] = kurtosis(samples);
        const centre = image.data[at];
        for (let v = 0; v < nv; v++) bits[v] = samples[v] >= centre ? 1 : 0;
        for (let n = 0; n < options.levels; n++) {
          const terms = harmonics[n];
          const c = terms.map((h) => {
            let re = 0, im = 0;
            for (let v = 0; v < nv; v++) {
              re += bits[v] * h[v][0];
              im += bits[v] * h[v][1];
            }
            return [re, im];
          });
          let sumRe = 0, sumIm = 0;
          for (let v = 0; v < nv; v++) {
            let fr = 0, fi = 0;
            terms.forEach((h, t) => {
              const [yr, yim] = h[v];
              fr += c[t][0] * yr - c[t][1] * yim;
              fi += c[t][0] * yim + c[t][1] * yr;
            });
            sumRe += fr * fr - fi * fi;
            sumIm += 2 * fr * fi;
          }
          levelsOut[n][at] = complexSqrtReal(sumRe, sumIm);
        }
      }
    }
  }
  const derived = (data: Float64Array): Volume => ({ ...image, data, pixelType: "float64" });
  return [
    ...levelsOut.map((data, n) => ({ name: `lbp-3D-m${n + 1}`, image: derived(data) })),
    { name: "lbp-3D-k", image: derived(kurtosisOut) },
  ];
}
