/**
 * The paper's ALNM signatures (sections 2.2-2.4): clinical, radiomic and multiomic signature definitions, the
 * fit/predict pipeline (clinical tests, z-scores, t-test filter, random-forest ranking, SVM, cut-off), saved
 * model files for `alnm predict`, validation (cross-validation, bootstrap AUC) and ComBat harmonisation.
 * The `alnm-radiomics` package exports this as `alnm-radiomics/signatures` (and from its root).
 *
 * @example
 * import { SignaturePipeline, paperSignatures, signatureByName } from "alnm-radiomics/signatures";
 * const pipe = new SignaturePipeline(signatureByName(paperSignatures(), "Multiomic"), { clinicalVariables, seed: 1 });
 * await pipe.fit(training);
 * pipe.predictProbability(external);
 *
 * @packageDocumentation
 */
export { SignaturePipeline, fitSignatures } from "./pipeline";
export type { PipelineOptions, SelectedRadiomic, SignatureModelJson } from "./pipeline";
export { paperSignatures, signatureByName, signatureFamily } from "./definitions";
export type { NamedLevel, SignatureDefinition, SignatureFamily } from "./definitions";
export { cohortRows, columnKey, labelledRows, subsetRows, validateData } from "./dataset";
export type { ClinicalValue, RadiomicColumn, SignatureData } from "./dataset";
export { pivotFeatures, featureInventory } from "./features";
export type { FeatureInventory } from "./features";
export { loadModel, modelFileContent, saveModel, MODEL_FORMAT, MODEL_VERSION } from "./model-file";
export type { ModelFile } from "./model-file";
export { patientFromDirectory, patientFromManifest } from "./patient-input";
export { crossValidatedProbabilities, internalValidation, stratifiedFolds } from "./validation";
export type { AucWithCi, InternalValidation, InternalValidationSettings, SignatureInternalValidation } from "./validation";
export { cohortPerformance, compareAucs, correctCalls, readerPerformance, rocPoints, scoredRows, signatureDecisionCurve, subgroupAucs } from "./evaluation";
export type { AucComparison, CohortPerformance, SubgroupAuc } from "./evaluation";
export { brierScore, calibrationCurve } from "./calibration";
export type { CalibrationCurve } from "./calibration";
export { ClinicalEncoder, levelOf, univariateTests } from "./clinical";
export type { ClinicalVariable, TTestKind, UnivariateTest } from "./clinical";
export { ComBatHarmoniser, combat, prevalenceConfounding } from "./combat";
export type { CombatOptions, CombatResult } from "./combat";
export { columnTTests, tTestFilter, topByForest } from "./selection";
export type { FilterResult, ForestOptions, RankedFeature } from "./selection";
export { ZScoreScaler } from "./zscore";
