/**
 * Synthetic multi-sequence breast MRI (T1+C, T2WI, DWI-ADC) of one patient: a tumour volume and an axillary
 * volume, each with its label map, in which a latent ALN status leaves a planted radiomic signal, and centre
 * scanners differ in voxel spacing, intensity scale, noise and bias field.
 *
 * Generative model, per region r (tumour, aln) and sequence q:
 * - latent  s_r = ±d_r/2 (ALN positive/negative) + N(0, 1), so d_r is Cohen's d of the latent between
 *   groups (`effectSize`); per sequence s_rq = 0.75 s_r + 0.66 N(0, 1);
 * - ROI: tumour = one lobulated ellipsoid whose voxel count grows with the tumour size (about 280 voxels at
 *   1 cm to 1,300 at 7 cm), lobulation rising with s_tumour; aln = 1-4 nodes, more, larger and rounder as
 *   s_aln rises (ALN status acts only through the latent);
 * - texture T_r: Gaussian noise smoothed with sigma 0.9 + 0.35 clip(s_r, ±1.5) voxels (coarser when
 *   aggressive), shared by the sequences (same anatomy);
 * - intensity I = scale_cq * B * (bg_q + 0.12 bg_q N_bg + a * (mu_rq(s_rq) - bg_q + sd_rq(s_rq) T_r)) + noise_c N(0,1),
 *   a = ROI indicator blurred by 0.6 voxel (partial volume), B = smooth multiplicative bias field
 *   (ADC: a fifth of the strength, it is a computed map), mu and sd linear/exponential in s_rq (SEQUENCE_MODEL);
 * - stored as int16 (ADC in 10^-6 mm^2/s), masks as uint8 label 1, on a 32 x 32 x 16 grid by default.
 *
 * Why so small: the embedded run extracts about 6,500 (patient, sequence, region) cases with 851 features each,
 * including 8 wavelet decompositions per case, on 2 shared cores within a few minutes; a 32 x 32 x 16 grid
 * with ROIs of 200-1,500 voxels keeps one extraction in the millisecond range while leaving texture matrices
 * well populated. Physical sizes are therefore not to scale: spacing is the centre's, so shape features in mm
 * carry a scanner (resolution) effect, as in multicentre data.
 *
 * @example
 * const img = synthesizeImaging({ patientId: "TRN0001", centre: "SYSMH", aln: 1, tumourSizeCm: 2.5 }, ["T1C", "ADC"], 2021);
 * img.images["T1C/tumour"].length; // 16384
 */
import { createRng, type Rng } from "../util/random";
import { biasField, gaussianBlur, randomBlob, rasteriseBlobs, smoothNoise, type Blob, type Size3 } from "./fields";

export const IMAGING_SEQUENCES = ["T1C", "T2WI", "ADC"] as const;
export const IMAGING_REGIONS = ["tumour", "aln"] as const;

/** Scanner profile of a centre: voxel spacing (mm), intensity scale per sequence, noise SD, bias strength. */
export interface ScannerProfile {
  spacing: [number, number, number];
  scale: Record<string, number>;
  noise: number;
  bias: number;
}

/** Scanner profiles by centre code (invented to span realistic differences; the paper's appendix lists real ones). */
export const SCANNERS: Record<string, ScannerProfile> = {
  SYSMH: { spacing: [0.7, 0.7, 1.5], scale: { T1C: 1.0, T2WI: 1.0, ADC: 1.0 }, noise: 25, bias: 0.25 },
  SYSUCC: { spacing: [0.9, 0.9, 2.0], scale: { T1C: 1.35, T2WI: 0.8, ADC: 1.05 }, noise: 40, bias: 0.35 },
  "SYSMH-NAC": { spacing: [0.75, 0.75, 1.5], scale: { T1C: 0.9, T2WI: 1.1, ADC: 0.97 }, noise: 30, bias: 0.3 },
  SHUNDE: { spacing: [0.8, 0.8, 3.0], scale: { T1C: 0.7, T2WI: 1.25, ADC: 0.95 }, noise: 35, bias: 0.4 },
  TUNGWAH: { spacing: [1.0, 1.0, 2.5], scale: { T1C: 1.6, T2WI: 1.1, ADC: 1.1 }, noise: 50, bias: 0.3 },
  TCIA: { spacing: [0.7, 0.7, 2.0], scale: { T1C: 1.2, T2WI: 0.9, ADC: 1.0 }, noise: 30, bias: 0.3 },
};

/** Background level, ROI mean mu = m0 + m1 s and ROI texture SD sd = h0 exp(h1 s), per sequence and region. */
export const SEQUENCE_MODEL: Record<string, Record<string, { bg: number; m0: number; m1: number; h0: number; h1: number }>> = {
  T1C: { tumour: { bg: 250, m0: 850, m1: 60, h0: 90, h1: 0.25 }, aln: { bg: 200, m0: 700, m1: 70, h0: 70, h1: 0.25 } },
  T2WI: { tumour: { bg: 420, m0: 560, m1: -30, h0: 70, h1: 0.2 }, aln: { bg: 520, m0: 450, m1: 40, h0: 60, h1: 0.2 } },
  ADC: { tumour: { bg: 1700, m0: 1050, m1: -90, h0: 120, h1: 0.2 }, aln: { bg: 600, m0: 1150, m1: -110, h0: 110, h1: 0.2 } },
};

export interface ImagingOptions {
  /** Cohen's d of the latent between ALN-positive and negative patients, per region (default tumour 1.0, aln 1.5). */
  effectSize?: { tumour: number; aln: number };
  /** Grid size in voxels (default 32 x 32 x 16). */
  size?: Size3;
}

export interface ImagingSubject {
  patientId: string;
  centre: string;
  aln: 0 | 1;
  tumourSizeCm: number;
  /** Region latents given from outside (the microenvironment set links them to immune mixtures). */
  latent?: Partial<Record<string, number>>;
}

export interface SyntheticImaging {
  size: Size3;
  spacing: [number, number, number];
  /** Region -> label map (1 inside). */
  masks: Record<string, Uint8Array>;
  /** "<sequence>/<region>" -> int16 image. */
  images: Record<string, Int16Array>;
  /** Latent values behind the images: s_r per region and s_rq per "<sequence>/<region>". */
  latent: Record<string, number>;
}

/** Changes applied to a patient's anatomy and latents for a second (post-treatment) scan. */
export interface FollowUpChange {
  /** Multiplier of ROI volumes. */
  volumeFactor: number;
  /** Added to each region latent. */
  latentShift: number;
  /** Added to the texture smoothing sigma (smoother after treatment). */
  textureSmoothing: number;
}

/** FNV-1a hash of a string, for per-patient seeds independent of which other patients are generated. */
export function seedFor(seed: number, key: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h + 4294967296 * (seed >>> 0 & 0xffff);
}

const clip = (x: number, a: number) => Math.max(-a, Math.min(a, x));

/**
 * The images and masks of one subject for the given sequences. The same (seed, patientId) always gives the
 * same anatomy and latents; `followUp` re-renders that anatomy changed by treatment, with fresh noise.
 */
export function synthesizeImaging(
  subject: ImagingSubject,
  sequences: readonly string[],
  seed: number,
  options: ImagingOptions = {},
  followUp?: FollowUpChange,
): SyntheticImaging {
  const size: Size3 = options.size ?? [32, 32, 16];
  const effect = options.effectSize ?? { tumour: 1.0, aln: 1.5 };
  const scanner = SCANNERS[subject.centre];
  if (!scanner) throw new Error(`synthesizeImaging: patient ${subject.patientId}: unknown centre '${subject.centre}'`);
  const anatomy = createRng(seedFor(seed, `${subject.patientId}/anatomy`));
  const render = createRng(seedFor(seed, `${subject.patientId}/render${followUp ? "/follow-up" : ""}`));
  const sign = subject.aln ? 0.5 : -0.5;
  const latent: Record<string, number> = {};
  for (const r of IMAGING_REGIONS) {
    const drawn = sign * effect[r] + anatomy.normal();
    latent[r] = (subject.latent?.[r] ?? drawn) + (followUp?.latentShift ?? 0);
  }
  const seqNoise: Record<string, number> = {};
  for (const q of IMAGING_SEQUENCES) for (const r of IMAGING_REGIONS) seqNoise[`${q}/${r}`] = anatomy.normal();
  const volumeFactor = followUp?.volumeFactor ?? 1;
  const blobs: Record<string, Blob[]> = {
    tumour: [tumourBlob(size, subject.tumourSizeCm, volumeFactor, latent.tumour, anatomy)],
    aln: nodeBlobs(size, volumeFactor, latent.aln, anatomy),
  };
  const out: SyntheticImaging = { size, spacing: scanner.spacing, masks: {}, images: {}, latent: {} };
  for (const r of IMAGING_REGIONS) out.latent[r] = latent[r];
  const n = size[0] * size[1] * size[2];
  for (const r of IMAGING_REGIONS) {
    const mask = rasteriseBlobs(size, blobs[r]);
    if (!mask.some((m) => m === 1)) mask[(size[0] >> 1) + size[0] * ((size[1] >> 1) + size[1] * (size[2] >> 1))] = 1;
    out.masks[r] = mask;
    const alpha = Float64Array.from(mask);
    gaussianBlur(alpha, size, [0.6, 0.6, 0.3]);
    const sigma = 0.9 + 0.35 * clip(latent[r], 1.5) + (followUp?.textureSmoothing ?? 0);
    const texture = smoothNoise(size, sigma, anatomy.fork());
    const background = smoothNoise(size, 2.5, anatomy.fork());
    for (const q of sequences) {
      const key = `${q}/${r}`;
      const m = SEQUENCE_MODEL[q]?.[r];
      if (!m) throw new Error(`synthesizeImaging: unknown sequence '${q}'`);
      const s = 0.75 * latent[r] + 0.66 * seqNoise[key];
      out.latent[key] = s;
      const mu = m.m0 + m.m1 * s, sd = m.h0 * Math.exp(m.h1 * s);
      const bias = biasField(size, q === "ADC" ? scanner.bias / 5 : scanner.bias, render);
      const scale = scanner.scale[q] ?? 1;
      const noise = q === "ADC" ? 2 * scanner.noise : scanner.noise;
      const img = new Int16Array(n);
      for (let i = 0; i < n; i++) {
        const tissue = m.bg * (1 + 0.12 * background[i]) + alpha[i] * (mu - m.bg + sd * texture[i]);
        const v = scale * bias[i] * tissue + noise * render.normal();
        img[i] = Math.max(0, Math.min(32767, Math.round(v)));
      }
      out.images[key] = img;
    }
  }
  return out;
}

function tumourBlob(size: Size3, cm: number, volumeFactor: number, s: number, rng: Rng): Blob {
  const voxels = Math.min(1300, Math.max(200, 100 + 180 * Math.pow(cm, 1.05))) * volumeFactor;
  const aspect = 0.6;
  const rxy = Math.cbrt((3 * voxels) / (4 * Math.PI * aspect));
  const radii: [number, number, number] = [rxy * (1 + 0.1 * rng.normal()), rxy, Math.min(size[2] / 2 - 1.5, rxy * aspect)];
  const jitter = () => rng.normal() * 0.8;
  const centre: [number, number, number] = [size[0] / 2 - 0.5 + jitter(), size[1] / 2 - 0.5 + jitter(), size[2] / 2 - 0.5 + jitter() / 2];
  return randomBlob(centre, radii, Math.min(0.25, Math.max(0.02, 0.1 + 0.04 * s)), rng);
}

function nodeBlobs(size: Size3, volumeFactor: number, s: number, rng: Rng): Blob[] {
  // Everything here follows the latent, not the ALN status itself, so no feature is more informative than
  // the latent (whose between-group separation is the configured effect size).
  const count = Math.min(4, 1 + Math.floor(1.5 * rng.next() + Math.max(0, 0.6 * s)));
  const out: Blob[] = [];
  for (let k = 0; k < count; k++) {
    const voxels = 160 * Math.exp(0.3 * clip(s, 2.5)) * (0.6 + 0.8 * rng.next()) * volumeFactor;
    const elongation = Math.max(1.05, 1.6 - 0.2 * clip(s, 1.5));
    const r = Math.cbrt((3 * voxels) / (4 * Math.PI * elongation * 0.7));
    const radii: [number, number, number] = [r * elongation, r, Math.min(size[2] / 2 - 1.5, r * 0.7)];
    const margin = [radii[0] + 1.5, radii[1] + 1.5, radii[2] + 1];
    const centre: [number, number, number] = [0, 1, 2].map((a) => margin[a] + rng.next() * Math.max(0, size[a] - 1 - 2 * margin[a])) as [number, number, number];
    out.push(randomBlob(centre, radii, 0.05 + 0.03 * Math.max(0, s), rng, 3));
  }
  return out;
}
