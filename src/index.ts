/**
 * alnm-radiomics: the library behind the study's notebooks and the `alnm` command. Everything public, from one
 * import; each area is also its own entry point, which loads less:
 * `alnm-radiomics/radiomics` (feature extraction), `alnm-radiomics/stats` (statistics checked against R),
 * `alnm-radiomics/models` (SVM, random forest, nu-SVR), `alnm-radiomics/signatures` (the ALNM signatures) and
 * `alnm-radiomics/tme` (tumour microenvironment: CIBERSORT, enrichment). `alnm-radiomics/cli` runs `alnm`.
 *
 * @example
 * import { extractFromFiles } from "alnm-radiomics";
 * const features = await extractFromFiles("image.nrrd", "mask.nrrd");
 *
 * @packageDocumentation
 */
export * from "./radiomics/index";
export * from "./stats/index";
export * from "./models/index";
export * from "./signatures/index";
export * from "./tme/index";
