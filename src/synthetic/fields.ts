/**
 * Random 3D fields for synthetic MRI: smoothed Gaussian noise (texture), masks of lobulated ellipsoids, and
 * smooth multiplicative bias fields. Volumes are x-fastest Float64Arrays of size nx * ny * nz.
 *
 * @example
 * const tex = smoothNoise([32, 32, 16], 1.2, createRng(1)); // unit-variance texture, correlation ~1.2 voxels
 */
import type { Rng } from "../util/random";

export type Size3 = [number, number, number];

/** Separable Gaussian blur (kernel truncated at 3 sigma, edges clamped), in place. */
export function gaussianBlur(v: Float64Array, size: Size3, sigma: [number, number, number]): void {
  const strides = [1, size[0], size[0] * size[1]];
  for (let axis = 0; axis < 3; axis++) {
    const s = sigma[axis];
    if (s <= 0) continue;
    const r = Math.max(1, Math.ceil(3 * s));
    const k = new Float64Array(2 * r + 1);
    let sum = 0;
    for (let i = -r; i <= r; i++) {
      const w = Math.exp((-i * i) / (2 * s * s));
      k[i + r] = w;
      sum += w;
    }
    for (let i = 0; i < k.length; i++) k[i] /= sum;
    const len = size[axis], stride = strides[axis];
    const [a, b] = [0, 1, 2].filter((x) => x !== axis);
    // Each line is copied with r clamped values at both ends, so the convolution needs no bounds test.
    const line = new Float64Array(len + 2 * r);
    for (let j = 0; j < size[b]; j++) {
      for (let i = 0; i < size[a]; i++) {
        const base = i * strides[a] + j * strides[b];
        for (let t = -r; t < len + r; t++) line[t + r] = v[base + (t < 0 ? 0 : t >= len ? len - 1 : t) * stride];
        convolveLine(line, k, len, v, base, stride);
      }
    }
  }
}

/** out[base + t * stride] = sum_q k[q] line[t + q] for t < len (line holds len + k.length - 1 padded values). */
function convolveLine(line: Float64Array, k: Float64Array, len: number, out: Float64Array, base: number, stride: number): void {
  const width = k.length;
  for (let t = 0; t < len; t++) {
    let acc = 0;
    for (let q = 0; q < width; q++) acc += k[q] * line[t + q];
    out[base + t * stride] = acc;
  }
}

/** Gaussian white noise blurred with `sigma` voxels in-plane (half through-plane), rescaled to mean 0, SD 1. */
export function smoothNoise(size: Size3, sigma: number, rng: Rng): Float64Array {
  const n = size[0] * size[1] * size[2];
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.normal();
  gaussianBlur(v, size, [sigma, sigma, sigma / 2]);
  let m = 0;
  for (let i = 0; i < n; i++) m += v[i];
  m /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (v[i] - m) ** 2;
  const sd = Math.sqrt(ss / n) || 1;
  for (let i = 0; i < n; i++) v[i] = (v[i] - m) / sd;
  return v;
}

/** An ellipsoidal blob: centre and radii in voxels, boundary radius modulated by random lobes. */
export interface Blob {
  centre: [number, number, number];
  radii: [number, number, number];
  /** Relative depth of the lobes (0 = smooth ellipsoid). */
  irregularity: number;
  /** Unit directions and weights of the lobes. */
  lobes: { dir: [number, number, number]; weight: number }[];
}

/** A blob with `lobes` random lobes. */
export function randomBlob(centre: [number, number, number], radii: [number, number, number], irregularity: number, rng: Rng, lobes = 5): Blob {
  const out: Blob = { centre, radii, irregularity, lobes: [] };
  for (let i = 0; i < lobes; i++) {
    const d: [number, number, number] = [rng.normal(), rng.normal(), rng.normal()];
    const len = Math.hypot(d[0], d[1], d[2]) || 1;
    out.lobes.push({ dir: [d[0] / len, d[1] / len, d[2] / len], weight: rng.normal() });
  }
  return out;
}

/**
 * Rasterises blobs into a 0/1 mask: voxel p is inside a blob when |(p - c) / radii| < 1 + irregularity *
 * sum_j w_j (u_j . e)^3, e the unit direction of (p - c) / radii (odd powers give asymmetric lobes).
 */
export function rasteriseBlobs(size: Size3, blobs: Blob[]): Uint8Array {
  const [nx, ny, nz] = size;
  const mask = new Uint8Array(nx * ny * nz);
  for (const b of blobs) {
    const reach = 1 + 3 * b.irregularity;
    const lo = (a: number) => Math.max(0, Math.floor(b.centre[a] - reach * b.radii[a]));
    const hi = (a: number) => Math.min(size[a] - 1, Math.ceil(b.centre[a] + reach * b.radii[a]));
    for (let z = lo(2); z <= hi(2); z++) {
      for (let y = lo(1); y <= hi(1); y++) {
        for (let x = lo(0); x <= hi(0); x++) {
          const dx = (x - b.centre[0]) / b.radii[0], dy = (y - b.centre[1]) / b.radii[1], dz = (z - b.centre[2]) / b.radii[2];
          const rho = Math.hypot(dx, dy, dz);
          if (rho > reach) continue;
          let bound = 1;
          if (rho > 0 && b.irregularity > 0) {
            let s = 0;
            for (const l of b.lobes) s += l.weight * ((l.dir[0] * dx + l.dir[1] * dy + l.dir[2] * dz) / rho) ** 3;
            bound += b.irregularity * s;
          }
          if (rho < bound) mask[x + nx * (y + ny * z)] = 1;
        }
      }
    }
  }
  return mask;
}

/**
 * Smooth multiplicative bias field exp(strength * p(x)), p a random quadratic polynomial of the normalised
 * coordinates (in [-1, 1]) with coefficients drawn N(0, 1) and scaled so that p has SD about 1 over the grid.
 */
export function biasField(size: Size3, strength: number, rng: Rng): Float64Array {
  const [nx, ny, nz] = size;
  const c = Array.from({ length: 9 }, () => rng.normal());
  const out = new Float64Array(nx * ny * nz);
  const norm = 1 / Math.sqrt(3);
  for (let z = 0; z < nz; z++) {
    const w = nz > 1 ? (2 * z) / (nz - 1) - 1 : 0;
    for (let y = 0; y < ny; y++) {
      const v = (2 * y) / (ny - 1) - 1;
      for (let x = 0; x < nx; x++) {
        const u = (2 * x) / (nx - 1) - 1;
        const p = c[0] * u + c[1] * v + c[2] * w + 0.5 * (c[3] * u * v + c[4] * u * w + c[5] * v * w + c[6] * u * u + c[7] * v * v + c[8] * w * w);
        out[x + nx * (y + ny * z)] = Math.exp(strength * norm * p);
      }
    }
  }
  return out;
}
