import type { Volume } from "./image";

/**
 * PyRadiomics imageoperations.normalizeImage: f(x) = s (x - mu) / sigma over the whole image, with mu and
 * sigma (sample standard deviation, n - 1) as ITK's NormalizeImageFilter computes them; optionally values
 * beyond +/- `outliers` (in SD units) are clipped before the scale s is applied.
 *
 * @example
 * const z = normalizeImage(volume, 100, null); // mean 0, SD 100
 */
export function normalizeImage(image: Volume, scale: number, outliers: number | null): Volume {
  const n = image.data.length;
  // Kahan-compensated sums, as ITK's StatisticsImageFilter accumulates.
  let sum = 0;
  let sumC = 0;
  let sq = 0;
  let sqC = 0;
  for (let i = 0; i < n; i++) {
    const v = image.data[i];
    const y = v - sumC;
    const t = sum + y;
    sumC = t - sum - y;
    sum = t;
    const y2 = v * v - sqC;
    const t2 = sq + y2;
    sqC = t2 - sq - y2;
    sq = t2;
  }
  const mean = sum / n;
  const sigma = Math.sqrt((sq - (sum * sum) / n) / (n - 1));
  if (!(sigma > 0)) throw new Error("normalizeImage: the image is constant (standard deviation 0); cannot normalise");
  const inv = 1 / sigma;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = (image.data[i] - mean) * inv;
    if (outliers !== null) v = Math.min(Math.max(v, -outliers), outliers);
    out[i] = v * scale;
  }
  return { ...image, data: out, pixelType: "float64" };
}
