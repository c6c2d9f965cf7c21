/**
 * Image preprocessing before feature extraction: N4 bias-field correction (ITK 5.2 N4) and PyRadiomics'
 * resampling (ITK B-spline / linear / nearest-neighbour interpolation).
 *
 * @example
 * import { n4BiasFieldCorrection, resampleForExtraction } from "./preprocess";
 */
export { defaultN4Options, n4BiasFieldCorrection, n4OptionsFromObject, type N4Options, type N4Result } from "./n4";
export { resampleForExtraction, resampleVolume, type Grid, type ResampleSettings } from "./resample";
export { bsplineInterpolator, linearInterpolator, nearestInterpolator, makeInterpolator } from "./interpolate";
export { shrinkVolume } from "./shrink";
export { writeVolume } from "./write";
