/**
 * Classifiers and regressors of the study, each checked against R or libsvm: the SVM (libsvm C-SVC with Platt
 * probabilities), Breiman's random forest (as R randomForest) and the linear nu-SVR behind CIBERSORT. The
 * `alnm-radiomics` package exports this as `alnm-radiomics/models` (and from its root).
 *
 * @example
 * import { SvmClassifier } from "alnm-radiomics/models";
 * const svm = await new SvmClassifier({ seed: 1 }).fit(X, y);   // X: rows of numbers, y: 0/1
 * svm.predictProbability(Xnew);                                   // P(class 1) per row
 *
 * @packageDocumentation
 */
export { SvmClassifier } from "./svm";
export type { SvmModelJson, SvmOptions } from "./svm";
export { RandomForestClassifier } from "./random-forest";
export type { RandomForestOptions } from "./random-forest";
export { LinearNuSVR } from "./nu-svr";
export type { NuSvrOptions } from "./nu-svr";
export { solveLinearNuSvr } from "./nu-svr-ipm";
export type { LinearNuSvrSolution } from "./nu-svr-ipm";
export { loadLibsvm } from "./libsvm";
export type { Libsvm } from "./libsvm";
export { checkBinaryLabels, checkMatrix } from "./matrix";
export type { Matrix } from "./matrix";
