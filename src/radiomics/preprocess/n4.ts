import type { Volume } from "../image";
import { evaluateLattice, fitLattice, refineLattice, type ControlLattice } from "./bspline-lattice";
import { fft } from "./fft";
import { shrinkVolume } from "./shrink";

/**
 * N4 settings, with ITK's N4BiasFieldCorrectionImageFilter names. Defaults are ITK's except
 * `maximumNumberOfIterations` (ITK: one level of 50) and `shrinkFactor` (not an ITK filter setting), which
 * follow ANTsR/ANTsPy's n4BiasFieldCorrection: four levels of 50 iterations on the image shrunk by 4.
 */
export interface N4Options {
  /** Iterations per fitting level; its length is the number of fitting levels. Default [50, 50, 50, 50]. */
  maximumNumberOfIterations: number[];
  /** Stop a level when the coefficient of variation of exp(old field - new field) in the mask falls to this. ITK default 0.001. */
  convergenceThreshold: number;
  /** Control points per axis at the first level (>= splineOrder + 1); each further level doubles the knot spans. ITK default 4. */
  numberOfControlPoints: number;
  /** B-spline order of the field. ITK default 3 (only 3 supported with several levels). */
  splineOrder: number;
  /** Bins of the log-intensity histogram that is sharpened. ITK default 200. */
  numberOfHistogramBins: number;
  /** FWHM of the Gaussian assumed to blur the log-intensity histogram. ITK default 0.15. */
  biasFieldFullWidthAtHalfMaximum: number;
  /** Wiener filter noise term of the deconvolution. ITK default 0.01. */
  wienerFilterNoise: number;
  /** Integer subsampling of image and mask before fitting (ITK ShrinkImageFilter); the field is rebuilt at full resolution. Default 4. */
  shrinkFactor: number;
  /** Mask voxels used: null = every non-zero voxel (ITK UseMaskLabel off, the default), or this label only. */
  maskLabel: number | null;
}

/** Defaults of {@link N4Options}. */
export function defaultN4Options(): N4Options {
  return {
    maximumNumberOfIterations: [50, 50, 50, 50],
    convergenceThreshold: 0.001,
    numberOfControlPoints: 4,
    splineOrder: 3,
    numberOfHistogramBins: 200,
    biasFieldFullWidthAtHalfMaximum: 0.15,
    wienerFilterNoise: 0.01,
    shrinkFactor: 4,
    maskLabel: null,
  };
}

/** What {@link n4BiasFieldCorrection} returns. */
export interface N4Result {
  /** image / biasField, on the input grid. */
  corrected: Volume;
  /** Estimated multiplicative field exp(logBiasField), on the input grid. */
  biasField: Volume;
  /** Estimated log field, on the input grid. */
  logBiasField: Volume;
  /** Iterations run at each fitting level. */
  iterations: number[];
  /** Last convergence measurement at each level. */
  convergence: number[];
}

const OPTION_TYPES: Record<keyof N4Options, "numbers" | "number" | "number?"> = {
  maximumNumberOfIterations: "numbers",
  convergenceThreshold: "number",
  numberOfControlPoints: "number",
  splineOrder: "number",
  numberOfHistogramBins: "number",
  biasFieldFullWidthAtHalfMaximum: "number",
  wienerFilterNoise: "number",
  shrinkFactor: "number",
  maskLabel: "number?",
};

/**
 * Validates a parsed `n4:` section (our params YAML) and merges it over the defaults.
 *
 * @example
 * n4OptionsFromObject({ shrinkFactor: 2, maximumNumberOfIterations: [50, 40, 30] }, "params.yaml");
 */
export function n4OptionsFromObject(raw: unknown, source = "n4"): N4Options {
  const options = defaultN4Options();
  if (raw === null || raw === undefined) return options;
  if (typeof raw !== "object" || Array.isArray(raw)) throw new Error(`${source}: the n4 section must be a mapping`);
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const type = OPTION_TYPES[key as keyof N4Options];
    if (!type) throw new Error(`${source}: unknown n4 setting "${key}" (known: ${Object.keys(OPTION_TYPES).join(", ")})`);
    const isNum = (v: unknown) => typeof v === "number" && Number.isFinite(v);
    const ok = type === "numbers" ? Array.isArray(value) && value.length > 0 && value.every(isNum) : isNum(value) || (type === "number?" && value === null);
    if (!ok) throw new Error(`${source}: n4 setting ${key} must be ${type === "numbers" ? "a non-empty list of numbers" : "a number"} (got ${JSON.stringify(value)})`);
    (options as unknown as Record<string, unknown>)[key] = value;
  }
  checkOptions(options, source);
  return options;
}

function checkOptions(o: N4Options, source: string): void {
  const bad = (msg: string) => new Error(`${source}: ${msg}`);
  if (o.maximumNumberOfIterations.some((v) => !Number.isInteger(v) || v < 0)) throw bad("maximumNumberOfIterations must hold non-negative integers");
  if (!Number.isInteger(o.splineOrder) || o.splineOrder < 0 || o.splineOrder > 3) throw bad(`splineOrder must be 0-3 (got ${o.splineOrder})`);
  if (o.maximumNumberOfIterations.length > 1 && o.splineOrder !== 3) throw bad("several fitting levels need splineOrder 3");
  if (!Number.isInteger(o.numberOfControlPoints) || o.numberOfControlPoints < o.splineOrder + 1) {
    throw bad(`numberOfControlPoints must be an integer >= splineOrder + 1 (got ${o.numberOfControlPoints})`);
  }
  if (!Number.isInteger(o.numberOfHistogramBins) || o.numberOfHistogramBins < 2) throw bad("numberOfHistogramBins must be an integer >= 2");
  if (!(o.biasFieldFullWidthAtHalfMaximum > 0)) throw bad("biasFieldFullWidthAtHalfMaximum must be > 0");
  if (!(o.wienerFilterNoise >= 0)) throw bad("wienerFilterNoise must be >= 0");
  if (!Number.isInteger(o.shrinkFactor) || o.shrinkFactor < 1) throw bad("shrinkFactor must be a positive integer");
}

/** Largest control lattice (points, at the last fitting level) N4 may build: about 128 MB per lattice-sized array. */
export const MAX_N4_LATTICE_POINTS = 1 << 24;

/**
 * The control lattice doubles its knot spans at every fitting level: (numberOfControlPoints - splineOrder) x
 * 2^(levels - 1) + splineOrder points per axis at the last level. Refused before anything is allocated when the
 * whole lattice would exceed MAX_N4_LATTICE_POINTS, naming the settings that set its size.
 */
function checkLatticeSize(o: N4Options, dimensions: number, source: string): void {
  const levels = o.maximumNumberOfIterations.length;
  const perAxis = (o.numberOfControlPoints - o.splineOrder) * 2 ** (levels - 1) + o.splineOrder;
  const points = perAxis ** dimensions;
  if (points > MAX_N4_LATTICE_POINTS) {
    throw new Error(
      `${source}: N4 numberOfControlPoints ${o.numberOfControlPoints} with ${levels} fitting level(s) (maximumNumberOfIterations) builds a ${perAxis}^${dimensions} = ${points.toExponential(2)}-point control lattice, above the limit of ${MAX_N4_LATTICE_POINTS}; use fewer control points or fitting levels (ITK's defaults: 4 points, 4 levels)`,
    );
  }
}

/**
 * N4 bias-field correction (Tustison et al. 2010, IEEE TMI 29:1310), as ITK 5.2's
 * N4BiasFieldCorrectionImageFilter run on a shrunk image the way 3D Slicer's N4ITK and ANTs run it (shrink
 * image and mask, fit, rebuild the field from the control lattice on the full-resolution grid). Unlike
 * Slicer's module, no Otsu mask is made when none is given: every voxel is then used, as in ITK's filter.
 *
 * Model: v = u f in the mask, i.e. log v = log u + log f. With the current estimate log f_k, each iteration
 *   1. sharpens the histogram of log v - log f_k: the histogram (triangular Parzen, numberOfHistogramBins)
 *      is deconvolved with a Gaussian of FWHM biasFieldFullWidthAtHalfMaximum by a Wiener filter, and every
 *      voxel is mapped to E[u | v], the expected sharpened intensity of its bin;
 *   2. fits a B-spline (splineOrder, current control lattice) to the residual r = (log v - log f_k) - E[u | v]
 *      and adds its control points: log f_{k+1} = log f_k + B(r);
 *   3. stops when the coefficient of variation of exp(log f_k - log f_{k+1}) in the mask is <= convergenceThreshold.
 * After each level but the last the lattice is refined (twice the knot spans). Voxels of the mask with
 * v <= 0 keep their raw value in the log image (as ITK). The field is rebuilt from the final lattice on the
 * full-resolution grid and corrected = v / exp(log f) everywhere.
 *
 * @param mask optional; voxels used are mask != 0 (or == maskLabel). Without a mask every voxel is used.
 * @example
 * const { corrected, biasField } = n4BiasFieldCorrection(image, mask, { shrinkFactor: 4 });
 */
export function n4BiasFieldCorrection(image: Volume, mask: Volume | null = null, settings: Partial<N4Options> = {}, source = "image"): N4Result {
  const o: N4Options = { ...defaultN4Options(), ...settings };
  checkOptions(o, source);
  checkLatticeSize(o, image.size.filter((n) => n > 1).length || 1, source);
  if (mask && mask.size.some((s, d) => s !== image.size[d])) {
    throw new Error(`${source}: mask size ${mask.size.join(" x ")} differs from image size ${image.size.join(" x ")}`);
  }
  const small = o.shrinkFactor > 1 ? shrinkVolume(image, o.shrinkFactor) : image;
  const smallMask = mask ? (o.shrinkFactor > 1 ? shrinkVolume(mask, o.shrinkFactor) : mask) : null;
  const n = small.data.length;
  const included = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    included[i] = !smallMask ? 1 : o.maskLabel === null ? (smallMask.data[i] !== 0 ? 1 : 0) : smallMask.data[i] === o.maskLabel ? 1 : 0;
  }
  let count = 0;
  for (let i = 0; i < n; i++) count += included[i];
  if (count === 0) throw new Error(`${source}: the N4 mask selects no voxels${o.shrinkFactor > 1 ? ` after shrinking by ${o.shrinkFactor}` : ""}`);

  const logInput = new Float64Array(small.data);
  for (let i = 0; i < n; i++) if (included[i] && logInput[i] > 0) logInput[i] = Math.log(logInput[i]);
  let logUncorrected: Float64Array = new Float64Array(logInput);
  let logField: Float64Array = new Float64Array(n);
  const sharpened = new Float64Array(n);
  const residual = new Float64Array(n);
  const order = o.splineOrder;
  const levels = o.maximumNumberOfIterations.length;
  const sharpener = new HistogramSharpener(o);
  let lattice: ControlLattice | null = null;
  const iterations: number[] = [];
  const convergence: number[] = [];
  for (let level = 0; level < levels; level++) {
    let elapsed = 0;
    let measure = Number.MAX_VALUE;
    while (elapsed < o.maximumNumberOfIterations[level] && measure > o.convergenceThreshold) {
      elapsed++;
      sharpener.sharpen(logUncorrected, included, sharpened);
      for (let i = 0; i < n; i++) residual[i] = logUncorrected[i] - sharpened[i];
      const cp: [number, number, number] = lattice ? lattice.size : [o.numberOfControlPoints, o.numberOfControlPoints, o.numberOfControlPoints];
      const phi = fitLattice(residual, included, small.size, cp, order);
      if (lattice) for (let i = 0; i < phi.data.length; i++) phi.data[i] += lattice.data[i];
      lattice = phi;
      const newField = evaluateLattice(lattice, small.size, order);
      measure = coefficientOfVariationOfRatio(logField, newField, included);
      logField = newField;
      logUncorrected = new Float64Array(n);
      for (let i = 0; i < n; i++) logUncorrected[i] = logInput[i] - logField[i];
    }
    iterations.push(elapsed);
    convergence.push(measure);
    if (lattice && level < levels - 1) lattice = refineLattice(lattice, order);
  }
  const lat = lattice ?? { data: new Float64Array(o.numberOfControlPoints ** 3), size: [o.numberOfControlPoints, o.numberOfControlPoints, o.numberOfControlPoints] };
  const fullLog = evaluateLattice(lat as ControlLattice, image.size, order);
  const field = new Float64Array(fullLog.length);
  const corrected = new Float64Array(fullLog.length);
  for (let i = 0; i < fullLog.length; i++) {
    field[i] = Math.exp(fullLog[i]);
    corrected[i] = image.data[i] / field[i];
  }
  const like = (data: Float64Array): Volume => ({
    data,
    size: [...image.size] as [number, number, number],
    spacing: [...image.spacing] as [number, number, number],
    origin: [...image.origin] as [number, number, number],
    direction: image.direction.slice(),
    pixelType: "float64",
    dimension: image.dimension,
  });
  return { corrected: like(corrected), biasField: like(field), logBiasField: like(fullLog), iterations, convergence };
}

/**
 * ITK's convergence measure: coefficient of variation (sample SD / mean) of exp(a - b) over the mask.
 */
function coefficientOfVariationOfRatio(a: Float64Array, b: Float64Array, included: Uint8Array): number {
  let mu = 0;
  let sigma = 0;
  let count = 0;
  for (let i = 0; i < a.length; i++) {
    if (!included[i]) continue;
    const v = Math.exp(a[i] - b[i]);
    count++;
    if (count > 1) sigma += ((v - mu) * (v - mu) * (count - 1)) / count;
    mu = mu * (1 - 1 / count) + v / count;
  }
  return Math.sqrt(sigma / (count - 1)) / mu;
}

/**
 * Histogram sharpening of N4 (ITK SharpenImage): maps each log intensity to E[u | v] under a Gaussian
 * blur of the true log-intensity distribution, estimated by Wiener deconvolution on a zero-padded histogram.
 */
class HistogramSharpener {
  private readonly bins: number;
  private readonly padded: number;
  private readonly offset: number;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly re2: Float64Array;
  private readonly im2: Float64Array;

  constructor(private readonly o: N4Options) {
    this.bins = o.numberOfHistogramBins;
    const exponent = Math.ceil(Math.log(this.bins) / Math.log(2)) + 1;
    this.padded = Math.floor(Math.pow(2, exponent) + 0.5);
    this.offset = Math.floor(0.5 * (this.padded - this.bins));
    this.re = new Float64Array(this.padded);
    this.im = new Float64Array(this.padded);
    this.re2 = new Float64Array(this.padded);
    this.im2 = new Float64Array(this.padded);
  }

  sharpen(values: Float64Array, included: Uint8Array, out: Float64Array): void {
    const { bins, padded, offset } = this;
    // ITK updates the minimum only when a value is not a new maximum; kept so the first voxel behaves alike.
    let max = -Number.MAX_VALUE;
    let min = Number.MAX_VALUE;
    for (let i = 0; i < values.length; i++) {
      if (!included[i]) continue;
      const v = values[i];
      if (v > max) max = v;
      else if (v < min) min = v;
    }
    const slope = (max - min) / (bins - 1);
    const hist = new Float64Array(bins);
    for (let i = 0; i < values.length; i++) {
      if (!included[i]) continue;
      const c = (values[i] - min) / slope;
      const idx = Math.floor(c);
      if (idx < 0) continue; // ITK's unsigned index wraps and the voxel is dropped
      const frac = c - idx;
      if (frac === 0) hist[idx] += 1;
      else if (idx < bins - 1) {
        hist[idx] += 1 - frac;
        hist[idx + 1] += frac;
      }
    }
    // Gaussian filter F (in bins) and its spectrum.
    const fwhm = this.o.biasFieldFullWidthAtHalfMaximum / slope;
    const expFactor = (4 * Math.log(2)) / (fwhm * fwhm);
    const scale = (2 * Math.sqrt(Math.log(2) / Math.PI)) / fwhm;
    const fRe = new Float64Array(padded);
    const fIm = new Float64Array(padded);
    fRe[0] = scale;
    const half = Math.floor(0.5 * padded);
    for (let k = 1; k <= half; k++) fRe[k] = fRe[padded - k] = scale * Math.exp(-k * k * expFactor);
    if (padded % 2 === 0) fRe[half] = scale * Math.exp(-0.25 * padded * padded * expFactor);
    fft(fRe, fIm, false);
    // Wiener deconvolution of the histogram: U = V * Re(conj(F) / (|F|^2 + noise)).
    const { re, im } = this;
    re.fill(0);
    im.fill(0);
    for (let k = 0; k < bins; k++) re[k + offset] = hist[k];
    fft(re, im, false);
    const noise = this.o.wienerFilterNoise;
    for (let k = 0; k < padded; k++) {
      // c / (c F + noise) with c = conj(F): real part of the complex quotient.
      const cr = fRe[k];
      const ci = -fIm[k];
      const dr = cr * fRe[k] - ci * fIm[k] + noise;
      const di = cr * fIm[k] + ci * fRe[k];
      const g = (cr * dr + ci * di) / (dr * dr + di * di);
      re[k] *= g;
      im[k] *= g;
    }
    fft(re, im, true);
    const u = new Float64Array(padded);
    for (let k = 0; k < padded; k++) u[k] = Math.max(re[k], 0);
    // E[u | v] = (F * (x U)) / (F * U), circular convolutions through the FFT.
    const num = this.convolveWithF(u.map((uk, k) => (min + (k - offset) * slope) * uk), fRe, fIm);
    const den = this.convolveWithF(u, fRe, fIm);
    const e = new Float64Array(bins);
    for (let k = 0; k < bins; k++) e[k] = den[k + offset] !== 0 ? num[k + offset] / den[k + offset] : 0;
    out.fill(0);
    for (let i = 0; i < values.length; i++) {
      if (!included[i]) continue;
      const c = (values[i] - min) / slope;
      const idx = Math.floor(c);
      out[i] = idx >= 0 && idx < bins - 1 ? e[idx] + (e[idx + 1] - e[idx]) * (c - idx) : e[bins - 1];
    }
  }

  private convolveWithF(x: Float64Array, fRe: Float64Array, fIm: Float64Array): Float64Array {
    const re = this.re2;
    const im = this.im2;
    re.set(x);
    im.fill(0);
    fft(re, im, false);
    for (let k = 0; k < this.padded; k++) {
      const a = re[k];
      const b = im[k];
      re[k] = a * fRe[k] - b * fIm[k];
      im[k] = a * fIm[k] + b * fRe[k];
    }
    fft(re, im, true);
    return new Float64Array(re);
  }
}
