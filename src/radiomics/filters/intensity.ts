/**
 * PyRadiomics' voxel-wise intensity image types (imageoperations.getSquareImage, getSquareRootImage,
 * getLogarithmImage, getExponentialImage), each rescaled by the image's largest absolute intensity M = max|x| so
 * that the result keeps the original's range. Computed in float64 as PyRadiomics does (it casts to float64 first).
 */
import type { Volume } from "../image";

/** Largest absolute intensity of the whole image (PyRadiomics' `np.max(np.abs(im))`). */
function maxAbs(data: Float64Array): number {
  let m = 0;
  for (let i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i]));
  return m;
}

/** An image of the same geometry holding `map(x)` for each voxel, stored as float64. */
function mapped(image: Volume, map: (x: number) => number): Volume {
  const data = new Float64Array(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = map(image.data[i]);
  return { ...image, data, pixelType: "float64" };
}

/** `square`: f(x) = (c x)^2 with c = 1 / sqrt(M). */
export function squareImage(image: Volume): Volume {
  const c = 1 / Math.sqrt(maxAbs(image.data));
  return mapped(image, (x) => {
    const y = c * x;
    return y * y;
  });
}

/** `squareroot`: f(x) = sqrt(M x) for x > 0, -sqrt(-M x) for x < 0, 0 for x = 0. */
export function squareRootImage(image: Volume): Volume {
  const m = maxAbs(image.data);
  return mapped(image, (x) => (x > 0 ? Math.sqrt(x * m) : x < 0 ? -Math.sqrt(-x * m) : x));
}

/**
 * `logarithm`: g(x) = log(x + 1) for x > 0, -log(1 - x) for x < 0, then scaled by M / max|g| (so max |f| = M).
 */
export function logarithmImage(image: Volume): Volume {
  const m = maxAbs(image.data);
  const logged = mapped(image, (x) => (x > 0 ? Math.log(x + 1) : x < 0 ? -Math.log(-(x - 1)) : x));
  const scale = m / maxAbs(logged.data);
  return mapped(logged, (g) => g * scale);
}

/** `exponential`: f(x) = exp(c x) with c = log(M) / M. */
export function exponentialImage(image: Volume): Volume {
  const m = maxAbs(image.data);
  const c = Math.log(m) / m;
  return mapped(image, (x) => Math.exp(c * x));
}
