/**
 * A synthetic MRI-like volume with a known multiplicative bias field: an ellipsoidal "body" of fat-like
 * tissue (400) holding two ellipsoids of fibroglandular-like tissue (250) and a lesion (600), Gaussian
 * noise (SD 8), multiplied by exp(0.25 x' - 0.15 y'^2 + 0.1 x' z') with x', y', z' in [-1, 1] across the
 * grid (field range about 0.7-1.4). Rounded to int16 like a scanner image.
 */
import { makeVolume, type Volume } from "../../src/radiomics/image";
import { createRng } from "../../src/util/random";

export interface SyntheticBias {
  image: Volume;
  body: Volume;
  trueField: Float64Array;
}

export function syntheticBiasVolume(size: [number, number, number] = [80, 80, 32], seed = 11): SyntheticBias {
  const rng = createRng(seed);
  const [nx, ny, nz] = size;
  const n = nx * ny * nz;
  const image = new Float64Array(n);
  const body = new Float64Array(n);
  const trueField = new Float64Array(n);
  const inside = (x: number, y: number, z: number, c: number[], r: number[]) =>
    ((x - c[0]) / r[0]) ** 2 + ((y - c[1]) / r[1]) ** 2 + ((z - c[2]) / r[2]) ** 2 <= 1;
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        const u = (2 * x) / (nx - 1) - 1;
        const v = (2 * y) / (ny - 1) - 1;
        const w = (2 * z) / (nz - 1) - 1;
        const field = Math.exp(0.25 * u - 0.15 * v * v + 0.1 * u * w);
        trueField[i] = field;
        let tissue = 0;
        if (inside(u, v, w, [0, 0, 0], [0.9, 0.8, 0.9])) {
          body[i] = 1;
          tissue = 400;
          if (inside(u, v, w, [-0.35, 0.1, 0], [0.3, 0.35, 0.5]) || inside(u, v, w, [0.4, -0.2, 0.1], [0.25, 0.3, 0.4])) tissue = 250;
          if (inside(u, v, w, [0.05, 0.35, -0.1], [0.12, 0.12, 0.2])) tissue = 600;
        }
        image[i] = Math.round(Math.max(0, (tissue + 8 * rng.normal()) * field));
      }
    }
  }
  const geometry = { spacing: [0.8, 0.8, 2] as [number, number, number], origin: [-30, -25, 10] as [number, number, number] };
  const img = makeVolume(image, size, geometry);
  img.pixelType = "int16";
  const mask = makeVolume(body, size, geometry);
  mask.pixelType = "uint8";
  return { image: img, body: mask, trueField };
}
