import { SCALING_FILTERS } from "./coefficients";

/** The analysis (decomposition) filter pair of an orthogonal wavelet, as PyWavelets convolves with it. */
export interface WaveletFilterBank {
  name: string;
  /** Low-pass decomposition filter (PyWavelets `dec_lo`). */
  lo: Float64Array;
  /** High-pass decomposition filter (PyWavelets `dec_hi`). */
  hi: Float64Array;
}

/** Names of the wavelets this module knows, in PyWavelets' `wavelist` order per family. */
export function waveletNames(): string[] {
  return Object.keys(SCALING_FILTERS);
}

/**
 * Decomposition filters of a named orthogonal wavelet (haar, dbN, symN, coifN), built from its scaling
 * filter h of length F exactly as PyWavelets does:
 *
 *   dec_lo[n] = h[F - 1 - n]        dec_hi[n] = (-1)^(n + 1) h[n]
 *
 * (a quadrature-mirror pair; both are exact sign flips and reorderings, so the doubles match PyWavelets bit for bit).
 *
 * @example
 * const { lo, hi } = waveletFilters("coif1"); // lo.length === 6
 */
export function waveletFilters(name: string): WaveletFilterBank {
  const h = SCALING_FILTERS[name];
  if (!h) {
    throw new Error(
      `unknown wavelet "${name}": use haar, db1-db38, sym2-sym20 or coif1-coif17 (the orthogonal families PyWavelets offers)`,
    );
  }
  const F = h.length;
  const lo = new Float64Array(F);
  const hi = new Float64Array(F);
  for (let n = 0; n < F; n++) {
    lo[n] = h[F - 1 - n];
    hi[n] = n % 2 === 0 ? -h[n] : h[n];
  }
  return { name, lo, hi };
}
