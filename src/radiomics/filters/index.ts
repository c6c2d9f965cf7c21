/**
 * PyRadiomics' derived image types other than Wavelet (imageoperations.get<Type>Image): each yields images named as
 * PyRadiomics names them, on the image's own grid. See README "PyRadiomics compatibility" for the list.
 */
import type { Volume } from "../image";
import { gradientMagnitude } from "./gradient";
import { exponentialImage, logarithmImage, squareImage, squareRootImage } from "./intensity";
import { lbp2DImage, type Lbp2DMethod } from "./lbp2d";
import { lbp3DImages } from "./lbp3d";
import { laplacianOfGaussian } from "./log";

export { laplacianOfGaussian } from "./log";
export { gradientMagnitude } from "./gradient";
export { squareImage, squareRootImage, logarithmImage, exponentialImage } from "./intensity";
export { lbp2DImage } from "./lbp2d";
export { lbp3DImages, icosphereVertices, sphericalHarmonic } from "./lbp3d";

/** Image types handled here, in PyRadiomics' spelling. */
export const FILTER_IMAGE_TYPES = ["LoG", "Square", "SquareRoot", "Logarithm", "Exponential", "Gradient", "LBP2D", "LBP3D"] as const;

/** One derived image and its PyRadiomics image-type name. */
export interface FilteredImage {
  name: string;
  image: Volume;
}

/**
 * PyRadiomics' name of a LoG image: `log-sigma-<sigma>-mm-3D`, with sigma as Python prints it and "." replaced by
 * "-" (so 3.0 gives `log-sigma-3-0-mm-3D`, the integer 3 gives `log-sigma-3-mm-3D`). `writtenAsFloat` says whether
 * an integral sigma was a float in the parameter file.
 */
export function logImageName(sigma: number, writtenAsFloat: boolean): string {
  const text = Number.isInteger(sigma) && writtenAsFloat ? `${sigma}.0` : String(sigma);
  return `log-sigma-${text.replace(/\./g, "-")}-mm-3D`;
}

/**
 * The LoG images for each sigma, with PyRadiomics' checks: no image at all when any axis has fewer than 4 voxels,
 * and a sigma skipped when some axis has fewer than ceil(sigma / spacing) + 1 voxels; each skip is reported through
 * `warn`, as PyRadiomics logs a warning and goes on.
 */
function* logImages(image: Volume, sigmas: number[], floatSigmas: ReadonlySet<number>, warn: (message: string) => void): Generator<FilteredImage> {
  // A 2D image is checked (and filtered) along its two axes only, as SimpleITK sees it.
  const axes = image.dimension === 2 ? [0, 1] : [0, 1, 2];
  if (axes.some((d) => image.size[d] < 4)) {
    warn(`image too small to apply the LoG filter (size ${image.size.join(" x ")}; at least 4 voxels per axis): no LoG features`);
    return;
  }
  for (const sigma of sigmas) {
    if (!axes.every((d) => image.size[d] >= Math.ceil(sigma / image.spacing[d]) + 1)) {
      warn(`LoG sigma ${sigma}: sigma / spacing (${image.spacing.join(", ")}) + 1 exceeds the image size (${image.size.join(" x ")}); sigma skipped`);
      continue;
    }
    yield { name: logImageName(sigma, floatSigmas.has(sigma)), image: laplacianOfGaussian(image, sigma) };
  }
}

/** Settings the filters read, with PyRadiomics' defaults applied by the caller's merged settings. */
export interface FilterSettings {
  [key: string]: unknown;
}

const get = <T>(settings: FilterSettings, key: string, fallback: T): T => (settings[key] ?? fallback) as T;

/**
 * The derived images of one of `FILTER_IMAGE_TYPES` on `image` (after PyRadiomics' preprocessing), with the image
 * type's settings merged over the general ones. LBP3D also needs the mask and label (it is computed on ROI voxels).
 */
export function* filteredImages(
  type: string,
  image: Volume,
  mask: Volume,
  settings: FilterSettings,
  floatSigmas: ReadonlySet<number>,
  warn: (message: string) => void,
): Generator<FilteredImage> {
  switch (type) {
    case "LoG":
      yield* logImages(image, get<number[]>(settings, "sigma", []), floatSigmas, warn);
      return;
    case "Square":
      yield { name: "square", image: squareImage(image) };
      return;
    case "SquareRoot":
      yield { name: "squareroot", image: squareRootImage(image) };
      return;
    case "Logarithm":
      yield { name: "logarithm", image: logarithmImage(image) };
      return;
    case "Exponential":
      yield { name: "exponential", image: exponentialImage(image) };
      return;
    case "Gradient":
      yield { name: "gradient", image: gradientMagnitude(image, get(settings, "gradientUseSpacing", true)) };
      return;
    case "LBP2D":
      if (image.dimension !== 2 && !get(settings, "force2D", false)) warn("Calculating Local Binary Pattern in 2D, but extracting features in 3D. Use with caution!");
      yield {
        name: "lbp-2D",
        image: lbp2DImage(image, {
          radius: get(settings, "lbp2DRadius", 1),
          samples: get(settings, "lbp2DSamples", 8),
          method: get<Lbp2DMethod>(settings, "lbp2DMethod", "uniform"),
          axis: image.dimension === 2 ? 0 : get(settings, "force2Ddimension", 0),
        }),
      };
      return;
    case "LBP3D":
      if (image.dimension === 2) {
        warn("LBP 3D is only available for 3 dimensional images: no LBP3D features");
        return;
      }
      if (get(settings, "force2D", false)) warn("Calculating Local Binary Pattern in 3D, but extracting features in 2D. Use with caution!");
      for (const derived of lbp3DImages(image, mask, {
        levels: get(settings, "lbp3DLevels", 2),
        radius: get(settings, "lbp3DIcosphereRadius", 1),
        subdivision: get(settings, "lbp3DIcosphereSubdivision", 1),
        label: get(settings, "label", 1),
      })) {
        yield derived;
      }
      return;
    default:
      throw new Error(`image type ${type} is not supported`);
  }
}
