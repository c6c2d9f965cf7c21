/**
 * In-place radix-2 complex FFT on separate real / imaginary arrays, unnormalised in both directions
 * (like vnl_fft_1d, which ITK's N4 uses): `inverse(forward(x)) = n * x`.
 *
 *   forward: X[k] = sum_n x[n] exp(-2 pi i k n / N);  inverse: x[n] = sum_k X[k] exp(+2 pi i k n / N)
 *
 * @example
 * const re = new Float64Array([1, 0, 0, 0]), im = new Float64Array(4);
 * fft(re, im, false); // re = [1, 1, 1, 1]
 */
export function fft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  if (n !== im.length || (n & (n - 1)) !== 0) throw new Error(`fft: length ${n} is not a power of two (or re/im differ)`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  const sign = inverse ? 1 : -1;
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const angle = (sign * 2 * Math.PI) / len;
    for (let start = 0; start < n; start += len) {
      for (let k = 0; k < half; k++) {
        const wr = Math.cos(angle * k);
        const wi = Math.sin(angle * k);
        const a = start + k;
        const b = a + half;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
}
