/**
 * The synthetic cohort and the paper's Table 1 in one import, for notebooks.
 *
 * @example
 * import { ensureSyntheticCohort, loadPaperTable1, tabulateTable1, table1RowsFromClinical } from "./src/cohort";
 * import { validateClinicalTable } from "./src/manifest/load";
 * const m = ensureSyntheticCohort();
 * const paper = loadPaperTable1();
 * const mine = tabulateTable1(table1RowsFromClinical(validateClinicalTable(m)), paper);
 */
export { ensureSyntheticCohort, generateSyntheticCohort, syntheticCacheDir, nacResponse, DEFAULT_SEED, GENERATOR_VERSION, COMMITTED_MANIFEST } from "./generate";
export { loadPaperTable1, tabulateTable1, compareTable1, table1RowsFromClinical, COHORT_NAMES, ALN_GROUPS } from "./table1";
export type { Table1, Table1Row, Cohort, AlnGroup } from "./table1";
export { CENTRES, CONSISTENCY_RULES, consistencyReport, anatomicStage, compatibleSubtypes } from "./clinical";
export { COMPLETE_IMAGING, COMPLETE_MULTIOMIC, MULTIOMIC_CLINICAL } from "./availability";
export { SCANNERS, SEQUENCE_MODEL, synthesizeImaging } from "./imaging";
export { LM22_CELL_TYPES } from "./microenvironment";
