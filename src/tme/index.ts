/**
 * Tumour microenvironment analyses (paper sections 2.6 and 4.5, Fig. 5): CIBERSORT deconvolution,
 * ALNM-associated lncRNA / methylation selection, Spearman maps with BH, DEGs between score groups, and
 * over-representation analysis on GMT gene sets (GO sets shipped in data/go/; KEGG and CIBERSORT's LM22
 * signature matrix are licensed by their owners and are NOT shipped: pass your own files).
 *
 * @example
 * import { loadTcgaRadiomics, loadTcgaImmune, spearmanPairs, welchByGroup, toCsv } from "../src/tme";   // alnm-radiomics/tme in the package
 * const radiomics = loadTcgaRadiomics();
 * const { fractions, nodePositive } = loadTcgaImmune();
 * const rho = spearmanPairs(radiomics, fractions);           // feature,cell_type,rho,p,p_adj (792 rows)
 * const welch = welchByGroup(radiomics, nodePositive);        // feature,t,df,p,p_adj (36 rows)
 * toCsv(rho, ["feature", "cell_type", "rho", "p", "p_adj"]);
 *
 * @packageDocumentation
 */
export { cibersort, deconvolve, permutationPValue, standardizeMatrix } from "./cibersort";
export type { CibersortOptions, CibersortResult, CibersortSample, DeconvolutionFit, NuSvrSolver } from "./cibersort";
export { cibersortOnWorkers } from "./cibersort-workers";
export type { CibersortWorkerOptions } from "./cibersort-workers";
export { LinearNuSVR } from "../models/nu-svr";
export { solveLinearNuSvr } from "../models/nu-svr-ipm";
export { loadLibsvm } from "../models/libsvm";
export { quantileNormalize } from "./quantile-normalize";
export { checkNamedMatrix, column, parseNamedMatrix, readNamedMatrix, selectRows, transpose } from "./matrix";
export type { NamedMatrix } from "./matrix";
export { correlationMatrices, sharedRows, spearmanPairs } from "./correlate";
export type { SpearmanRow } from "./correlate";
export { welchByGroup } from "./group-tests";
export type { WelchRow } from "./group-tests";
export { selectFeatures } from "./select";
export type { SelectionOptions, SelectionResult } from "./select";
export { differentialExpression } from "./deg";
export type { DegOptions, DegResult, DegRow } from "./deg";
export { formatGmt, parseGmt, readGmt } from "./gmt";
export type { GeneSet } from "./gmt";
export { overRepresentation } from "./ora";
export type { OraOptions, OraRow } from "./ora";
export { hypergeometricDensity, hypergeometricUpperTail } from "./hypergeometric";
export { loadTcgaExpression, loadTcgaImmune, loadTcgaLncRNA, loadTcgaMethylation, loadTcgaRadiomics } from "./tcga";
export type { TcgaImmune } from "./tcga";
export { toCsv } from "../util/csv";
export { tcgaMicroenvironment } from "./tcga-analysis";
export type { MolecularAnalysis, TcgaMicroenvironment } from "./tcga-analysis";
