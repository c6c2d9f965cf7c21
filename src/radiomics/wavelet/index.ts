/**
 * PyRadiomics' `Wavelet` image type: the sub-band images `wavelet-LLH` ... `wavelet-LLL` of an image
 * (imageoperations.getWaveletImage), computed only over the voxels the region of interest needs.
 */
import type { Volume } from "../image";
import { indexToPhysical } from "../image";
import { stationaryWavelet, type IndexBox } from "./swt";

export type { IndexBox } from "./swt";
export { stationaryWavelet } from "./swt";
export { waveletFilters, waveletNames } from "./filters";

/** The PyRadiomics settings the wavelet image type reads (names as in a PyRadiomics params file). */
export interface WaveletSettings {
  /** PyWavelets wavelet name; default "coif1". */
  wavelet?: string;
  /** Number of levels yielded; default 1. */
  level?: number;
  /** Levels decomposed before the first yielded one; default 0. */
  start_level?: number;
  /** Filter in-plane only, skipping axis `force2Ddimension` (0 = z, 1 = y, 2 = x: numpy's (z, y, x) axes). */
  force2D?: boolean;
  force2Ddimension?: number;
}

/** An inclusive voxel box (the engine's `BoundingBox` in mask.ts has this shape). */
export interface InclusiveBox {
  lower: [number, number, number];
  upper: [number, number, number];
}

/** One derived image: the values over the requested box, with geometry placing it inside the source image. */
export interface WaveletImage {
  /** PyRadiomics image-type name, e.g. `wavelet-LHL` (level 1) or `wavelet2-LHL`. */
  name: string;
  /** The sub-band over the box: size = box size, origin = physical point of the box's first voxel. */
  image: Volume;
  /** Index of the box's first voxel in the source image (add it to map a voxel back). */
  offset: [number, number, number];
}

/**
 * Image axes PyRadiomics filters, in PyWavelets' order: numpy axes (2, 1, 0) of the (z, y, x) array are
 * image axes x, y, z, so the first letter of `wavelet-LHL` is x, the second y, the third z.
 * With force2D, numpy axis `force2Ddimension` (image axis 2 - d) is left out.
 */
export function waveletAxes(settings: WaveletSettings = {}): number[] {
  const axes = [0, 1, 2];
  if (settings.force2D) {
    const d = settings.force2Ddimension ?? 0;
    if (d !== 0 && d !== 1 && d !== 2) throw new Error(`wavelet: force2Ddimension must be 0, 1 or 2, got ${d}`);
    axes.splice(axes.indexOf(2 - d), 1);
  }
  return axes;
}

/**
 * Wavelet sub-band images of `image` in PyRadiomics' order and names: for each level the details
 * (`wavelet-LLH`, `-LHL`, `-LHH`, `-HLL`, `-HLH`, `-HHL`, `-HHH`), then the approximation (`wavelet-LLL`);
 * levels after the first are prefixed `wavelet2-`, `wavelet3-`, ...  Sub-band letters: L = low-pass
 * (PyWavelets dec_lo), H = high-pass (dec_hi), one per axis x, y, z.
 *
 * Given `bbox` (the mask's bounding box, as index + size or as inclusive lower/upper corners), each image
 * covers only that box; its values are identical to the
 * whole-image decomposition at the same voxels (see swt.ts). Without `bbox` the whole image is decomposed.
 * Images are produced lazily, one level's intermediates alive at a time.
 *
 * @example
 * for (const { name, image, offset } of waveletImages(vol, { wavelet: "coif1" }, { index: [10, 12, 3], size: [20, 18, 6] })) {
 *   // name === "wavelet-LLH" first; image.size === [20, 18, 6]; offset === [10, 12, 3]
 * }
 */
export function* waveletImages(
  image: Volume,
  settings: WaveletSettings = {},
  bbox?: IndexBox | InclusiveBox,
): Generator<WaveletImage> {
  const box = toIndexBox(bbox ?? { index: [0, 0, 0], size: image.size });
  const axes = waveletAxes(settings);
  const origin = indexToPhysical(image, box.index);
  const bands = stationaryWavelet(image.data, image.size, box, {
    wavelet: settings.wavelet ?? "coif1",
    level: settings.level ?? 1,
    startLevel: settings.start_level ?? 0,
    axes,
  });
  for (const band of bands) {
    const letters = band.key.replace(/a/g, "L").replace(/d/g, "H");
    yield {
      name: `${band.level === 1 ? "wavelet" : `wavelet${band.level}`}-${letters}`,
      image: {
        data: band.values,
        size: [box.size[0], box.size[1], box.size[2]],
        spacing: [image.spacing[0], image.spacing[1], image.spacing[2]],
        origin,
        direction: image.direction.slice(),
      },
      offset: [box.index[0], box.index[1], box.index[2]],
    };
  }
}

function toIndexBox(box: IndexBox | InclusiveBox): IndexBox {
  if ("lower" in box) {
    const { lower: l, upper: u } = box;
    return { index: [l[0], l[1], l[2]], size: [u[0] - l[0] + 1, u[1] - l[1] + 1, u[2] - l[2] + 1] };
  }
  return { index: [box.index[0], box.index[1], box.index[2]], size: [box.size[0], box.size[1], box.size[2]] };
}
