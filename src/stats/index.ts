/**
 * Statistics that agree with R to 1e-8 relative on the reference cohorts (see test/stats/).
 * One module per family; this file only re-exports.
 *
 * @packageDocumentation
 */
export { studentTTest, welchTTest, pairedTTest, oneSampleTTest } from "./ttest";
export type { TTestResult } from "./ttest";
export { pearson, spearman, correlation } from "./correlation";
export type { PearsonResult, SpearmanResult } from "./correlation";
export { benjaminiHochberg } from "./padjust";
export { pAdjust, P_ADJUST_METHODS } from "./padjust";
export type { PAdjustMethod } from "./padjust";
export { averageRanks } from "./rank";
export { mean, variance } from "./descriptive";
export { chiSquaredTest } from "./chisq";
export type { ChiSquaredResult } from "./chisq";
export { fisherExactTest } from "./fisher";
export type { FisherResult } from "./fisher";
export { mannWhitneyU } from "./wilcoxon";
export { wilcoxonSignedRank, type SignedRankResult } from "./wilcoxon";
export type { MannWhitneyResult } from "./wilcoxon";
export { rocCurve, auc, delongCi, delongTest, bootstrapAucCi } from "./roc";
export type { RocPoint, RocOptions, RocDirection, DelongCi, DelongTestResult, BootstrapCi } from "./roc";
export { confusionAt, optimalCutpoint } from "./classification";
export type { Confusion, OptimalCutpoint } from "./classification";
export { decisionCurve } from "./decision-curve";
export type { DecisionCurveRow } from "./decision-curve";
export { groupLevels, kaplanMeier, kaplanMeierAt, kaplanMeierByGroup } from "./kaplan-meier";
export type { KaplanMeier, KmRow, KmAtTime } from "./kaplan-meier";
export { logRankTest } from "./logrank";
export type { LogRankResult } from "./logrank";
export { coxPh } from "./cox";
export type { CoxOptions, CoxResult } from "./cox";
export { hclust, hclustFromDistances, distanceMatrix } from "./hclust";
export type { HclustOptions, HclustResult } from "./hclust";
