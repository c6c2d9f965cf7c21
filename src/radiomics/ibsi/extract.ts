import type { Volume } from "../image";
import type { IbsiConfig } from "./config";
import { cooccurrenceAggregations } from "./glcm";
import { distanceZoneFeatures } from "./gldzm";
import { runLengthFeatures } from "./glrlm";
import { sizeZoneFeatures } from "./glszm";
import { histogramFeatures, volumeHistogramFeatures } from "./histogram";
import { localIntensityFeatures } from "./local-intensity";
import { morphologicalFeatures } from "./morphology";
import { dependenceFeatures } from "./ngldm";
import { toneDifferenceFeatures } from "./ngtdm";
import { preprocessIbsi } from "./preprocess";
import { discretiseValue, ibsiRoi, type IbsiRoi } from "./roi";
import { statisticalFeatures } from "./statistics";

/** Bins of the intensity-volume histogram of non-integer intensities (fixed bin number, as MIRP's default). */
const IVH_BINS = 1000;

/**
 * Intensity-volume histogram inputs: intensities on their own unit scale when they are all whole numbers (CT in
 * HU, rounded images), from the re-segmentation range (or the ROI minimum/maximum); otherwise the intensities
 * discretised into 1000 bins of equal width between the ROI minimum and maximum (levels 1..1000).
 */
function volumeHistogram(roi: IbsiRoi, config: IbsiConfig): Record<string, number> {
  let min = Infinity;
  let max = -Infinity;
  for (const v of roi.roiValues) (min = Math.min(min, v)), (max = Math.max(max, v));
  if (!roi.roiValues.every((v) => Number.isInteger(v))) {
    const levels = roi.roiValues.map((v) => discretiseValue(v, "fbn", IVH_BINS, min, max));
    return volumeHistogramFeatures(levels, 1, IVH_BINS, 1);
  }
  const range = config.resegmentation.range;
  const lower = range ? Math.ceil(range[0]) : min;
  const upper = range && Number.isFinite(range[1]) ? Math.floor(range[1]) : max;
  return volumeHistogramFeatures(roi.roiValues, lower, upper, 1);
}

/**
 * IBSI-compliant feature extraction (IBSI chapter 1): preprocessing as configured, then every feature family
 * and aggregation, keyed by IBSI tags: diagnostics, morph_, loc_, stat_, ih_, ivh_, cm_ and rlm_ (2D_avg, 2D_comb,
 * 2_5D_avg, 2_5D_comb, 3D_avg, 3D_comb), szm_, dzm_, ngt_, ngl_ (2D, 2_5D, 3D).
 *
 * @example
 * const features = extractIbsi(image, mask, readIbsiConfig("ibsi.yaml"), "mask.nii.gz");
 * features.morph_volume;
 */
export function extractIbsi(image: Volume, mask: Volume, config: IbsiConfig, source = "mask"): Record<string, number> {
  const pre = preprocessIbsi(image, mask, config, source);
  const roi = ibsiRoi(pre, config);
  return withMergedAliases({
    ...pre.diagnostics,
    ...morphologicalFeatures(roi),
    ...localIntensityFeatures(pre.image, roi),
    ...statisticalFeatures(roi.roiValues),
    ...histogramFeatures(roi.roiLevels, roi.ng),
    ...volumeHistogram(roi, config),
    ...cooccurrenceAggregations(roi),
    ...runLengthFeatures(roi),
    ...sizeZoneFeatures(roi),
    ...distanceZoneFeatures(roi),
    ...toneDifferenceFeatures(roi),
    ...dependenceFeatures(roi),
  });
}

/**
 * The features with each merged aggregation also under its long name: the IBSI reference tables write
 * `cm_joint_max_2_5D_comb`, the manual's text (and this command's specification) "merged", `cm_joint_max_2_5D_merged`.
 * Both keys hold the same number, so a check written either way finds it.
 */
function withMergedAliases(features: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [tag, value] of Object.entries(features)) {
    out[tag] = value;
    if (tag.endsWith("_comb")) out[`${tag.slice(0, -"_comb".length)}_merged`] = value;
  }
  return out;
}
