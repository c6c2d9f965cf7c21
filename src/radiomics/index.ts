/**
 * Radiomic feature extraction, PyRadiomics-identical (names, order, values): reading images, settings and
 * parameter files, preprocessing (N4, resampling) and cohort extraction on worker threads; and the
 * IBSI-compliant mode (`extractIbsi`, IBSI tags and preprocessing, docs/ibsi-mode.md). The `alnm-radiomics`
 * package exports this as `alnm-radiomics/radiomics` (and from its root).
 *
 * @example
 * import { extractFromFiles } from "alnm-radiomics/radiomics";
 * const features = await extractFromFiles("brain1_image.nrrd", "brain1_label.nrrd", { binWidth: 25 });
 * features["original_firstorder_Mean"];
 *
 * @packageDocumentation
 */
export { extractFeatures, extractFromFiles } from "./extractor";
export type { FeatureVector, NamedImage } from "./extractor";
export { extractVoxelMaps, writeVoxelMaps } from "./voxel";
export type { VoxelMaps, VoxelOptions } from "./voxel";
export { extractIbsi } from "./ibsi/extract";
export { ibsiConfigFromObject, readIbsiConfig } from "./ibsi/config";
export type { IbsiConfig, IbsiInterpolator } from "./ibsi/config";
export { IDENTITY_DIRECTION, checkVolumeGeometry, indexToPhysical, makeVolume, readImage } from "./image";
export type { Volume } from "./image";
export {
  FEATURE_CLASSES,
  applySettings,
  applyVoxelSettings,
  defaultSettings,
  paramsFromObject,
  parseSettingAssignment,
  readParamsFile,
  validateSettings,
  voxelSettingsOf,
} from "./settings";
export type { ExtractionParams, FeatureClassName, Settings, VoxelSettings } from "./settings";
export { encodeNrrd, writeNrrd } from "./nrrd-writer";
export type { NrrdVolume } from "./nrrd-writer";
export * from "./preprocess/index";
export { defaultCohortParams, extractCohort } from "./batch/runner";
export type { CohortOptions, CohortSummary } from "./batch/runner";
export { mergeResults } from "./batch/merge";
export type { MergeSummary } from "./batch/merge";
export { loadManifest } from "../manifest/load";
export type { LoadOptions } from "../manifest/load";
export type { ImagingCase, LoadedManifest } from "../manifest/types";
