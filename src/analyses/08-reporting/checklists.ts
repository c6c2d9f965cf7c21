/**
 * Reporting checklists filled in from a study's own run, for notebook 08:
 *   - TRIPOD+AI (Collins et al., BMJ 2024;385:e078378): reporting of prediction models that use regression or
 *     machine learning, 27 items with sub-items;
 *   - METRICS (Kocak et al., Insights Imaging 2024;15:8): methodological quality of radiomics research, 30 items.
 * Item topics are paraphrased here in a few words (read the published checklists for their wording). Each item is
 * answered from what this run produced: the notebook section and result file that report it when that file exists
 * in results/, otherwise "not done" with the reason. Items about the manuscript itself (title, funding, ethics)
 * belong to the authors and say so. METRICS' weighted total score is not computed: its weights are the
 * authors' and are applied with their online tool.
 *
 * @example
 * const ctx = runContext(study, (nb, name) => existsSync(join(resultsDir(nb), `${name}.json`)));
 * tripodAi(ctx).filter((i) => i.status === "not done");
 */
import type { Study } from "../../study/open";

export type ItemStatus = "reported" | "partly" | "not done" | "not applicable" | "authors";

export interface ChecklistItem {
  id: string;
  section: string;
  topic: string;
  status: ItemStatus;
  /** Notebook section and result file that answer the item ("" when none). */
  where: string;
  note: string;
}

export interface RunContext {
  study: Study;
  /** Whether notebook `nb` wrote results/<nb>/<name>.json (or .csv) in this run. */
  has: (notebook: string, name: string) => boolean;
}

const NB = {
  overview: "00-overview",
  cohorts: "01-cohorts",
  extraction: "02-feature-extraction",
  radiomic: "03-radiomic-signature",
  multiomic: "04-multiomic",
  nac: "05-neoadjuvant",
  tme: "06-microenvironment",
  survival: "07-survival",
} as const;

type Answer = Pick<ChecklistItem, "status" | "where" | "note">;

/** "reported" with where it is when the result exists, else "not done" with the reason. */
function evidence(ctx: RunContext, notebook: string, name: string, section: string, note: string, missing: string): Answer {
  return ctx.has(notebook, name)
    ? { status: "reported", where: `${notebook} § ${section} (results/${notebook}/${name})`, note }
    : { status: "not done", where: "", note: missing };
}

const authors = (note: string): Answer => ({ status: "authors", where: "", note });
const synthetic = (ctx: RunContext) => Object.keys(ctx.study.manifest.files).some((f) => f.endsWith("/truth.csv"));

export function runContext(study: Study, has: RunContext["has"]): RunContext {
  return { study, has };
}

type ItemSpec = [id: string, section: string, topic: string, answer: (ctx: RunContext) => Answer];

const TRIPOD_AI: ItemSpec[] = [
  ["1", "Title", "identifies a prediction-model study, the population and the outcome", () => authors("the manuscript's title; this run states the study in every notebook's first cell")],
  ["2", "Abstract", "structured summary", () => authors("the manuscript's abstract")],
  ["3a", "Introduction", "health-care context and rationale", () => authors("the manuscript; notebook 00 summarises the paper's aim")],
  ["3b", "Introduction", "target population and intended use in the care pathway", (c) => evidence(c, NB.overview, "study-design", "Study design", "the study file's title, outcome and cohorts", "notebook 00 did not run")],
  ["3c", "Introduction", "known health inequalities between groups", () => authors("not analysed by this run")],
  ["4", "Objectives", "objectives: development and/or evaluation", (c) => evidence(c, NB.overview, "study-design", "Study design", "development on the training cohort, validation on the others", "notebook 00 did not run")],
  ["5a", "Methods: data", "sources of data for development and evaluation", (c) => evidence(c, NB.cohorts, "table1", "Cohorts", `manifest ${c.study.manifest.name}${synthetic(c) ? " (synthetic: generated from the paper's tables)" : ""}`, "notebook 01 did not run")],
  ["5b", "Methods: data", "dates of data collection", () => authors("not in the study file")],
  ["6a", "Methods: data", "setting and centres", (c) => (c.study.config.centre ? { status: "reported", where: `${NB.cohorts} § Cohorts; study file centre.column`, note: `centre column '${c.study.config.centre.column}'` } : { status: "not done", where: "", note: "the study file declares no centre column" })],
  ["6b", "Methods: data", "eligibility criteria", (c) => ({ status: "partly", where: `${NB.cohorts} § Cohorts`, note: `${c.study.excluded.length} patient(s) left out by the study file's rules (reasons counted); clinical eligibility is the authors'` })],
  ["6c", "Methods: data", "treatments received", (c) => (c.study.config.nac ? evidence(c, NB.nac, "paired-changes-unadjusted", "Neoadjuvant chemotherapy", "pre/post-NAC scans analysed", "notebook 05 did not run") : authors("no treatment section in the study file"))],
  ["7", "Methods: data", "data preparation and quality checks", (c) => evidence(c, NB.extraction, "extraction", "Extraction", "manifest checksums verified, image/mask geometry checked, failures listed (docs/bad-data.md); N4 state in § N4", "notebook 02 did not run")],
  ["8a", "Methods: outcome", "outcome definition and how assessed", (c) => ({ status: "reported", where: "study file outcome; 00 § Study design", note: `column '${c.study.config.outcome?.column ?? "?"}', positive = ${JSON.stringify(c.study.config.outcome?.positive ?? [])}` })],
  ["8b", "Methods: outcome", "outcome assessed blind to predictors", () => authors("pathology reading; not knowable from the data")],
  ["9a", "Methods: predictors", "choice and definition of predictors", (c) => evidence(c, NB.extraction, "extraction", "Feature inventory", "PyRadiomics features of every sequence x region; clinical candidates from the study file", "notebook 02 did not run")],
  ["9b", "Methods: predictors", "predictor assessment blind to outcome", () => authors("segmentation and reading blind to ALN status is the authors' to state")],
  ["10", "Methods: sample size", "how the study size was arrived at", () => ({ status: "not done", where: "", note: "no sample-size calculation (e.g. Riley et al.) is made; the events per candidate feature are far below any rule of thumb, which the internal validation addresses" })],
  ["11", "Methods: missing data", "how missing data were handled", (c) => evidence(c, NB.radiomic, "selected-features", "Fitting", "complete cases only (no imputation); counts of scorable patients per cohort in every AUC table", "notebook 03 did not run")],
  ["12a", "Methods: analysis", "how the data were used (development, evaluation)", (c) => evidence(c, NB.radiomic, "auc", "AUCs", "fitted on the training cohort only; validation cohorts only scored", "notebook 03 did not run")],
  ["12b", "Methods: analysis", "predictor handling (scaling, selection)", (c) => evidence(c, NB.radiomic, "selected-features", "Fitting", "z-scores, t-test p < 0.05, forest top k per group, inside every fit", "notebook 03 did not run")],
  ["12c", "Methods: analysis", "model type, building, tuning and internal validation", (c) => evidence(c, NB.radiomic, "performance-estimates", "How good is it, honestly?", "RBF SVM with e1071 defaults (no tuning); bootstrap optimism and repeated CV refit the whole pipeline", "notebook 03 did not run")],
  ["12d", "Methods: analysis", "heterogeneity across centres", (c) => evidence(c, NB.multiomic, "combat", "ComBat", "per-centre offsets, ComBat with/without, prevalence confounding", "no ComBat comparison in this run")],
  ["12e", "Methods: analysis", "performance measures incl. calibration", (c) => evidence(c, NB.multiomic, "calibration-slopes", "Calibration", "AUC with DeLong CI, metrics at the cut-off, calibration intercept and slope, Brier, decision curves", "notebook 04 did not run")],
  ["12f", "Methods: analysis", "model updating or recalibration", () => ({ status: "not done", where: "", note: "the model is not updated; recalibration is reported (intercept, slope), not applied" })],
  ["12g", "Methods: analysis", "how predictions were calculated for evaluation", (c) => evidence(c, NB.multiomic, "scores", "AUCs", "one probability per patient id (scores.csv); the saved model (multiomic.model.json) scores new patients with alnm predict", "notebook 04 did not run")],
  ["13", "Methods: class imbalance", "handling of class imbalance", () => ({ status: "reported", where: "03/04 § Fitting", note: "none applied; the cut-off maximises sensitivity + specificity on training" })],
  ["14", "Methods: fairness", "approaches to assess fairness", (c) => (c.study.config.subgroups.length ? evidence(c, NB.multiomic, "subgroups", "Subgroups", "AUC by the study's subgroups", "no subgroup table in this run") : { status: "not done", where: "", note: "the study file declares no subgroups" })],
  ["15", "Methods: model output", "output of the model and the cut-off", (c) => evidence(c, NB.multiomic, "cutoff", "Cut-off", "probability of ALN metastasis; training cut-off by cutpointr's rule", "notebook 04 did not run")],
  ["16", "Methods: development vs evaluation", "differences between development and evaluation data", (c) => evidence(c, NB.cohorts, "table1", "Table 1", "characteristics per cohort side by side", "notebook 01 did not run")],
  ["17", "Methods: ethics", "ethics approval and consent", () => authors("the paper's ethics statement; this run uses synthetic and public data")],
  ["18a-b", "Open science", "funding and conflicts of interest", () => authors("the manuscript's declarations")],
  ["18c-d", "Open science", "protocol and registration", () => authors("not registered by this run")],
  ["18e", "Open science", "data availability", (c) => ({ status: synthetic(c) ? "reported" : "partly", where: "data-manifests/, environment.md", note: synthetic(c) ? "synthetic cohort regenerated by one command; public data shipped with licences" : "the study's manifest lists every file with its checksum; sharing the images is the authors' decision" })],
  ["18f", "Open science", "code availability", () => ({ status: "reported", where: "README.md", note: "this repository: every number regenerated by npm run reproduce" })],
  ["19", "Patient and public involvement", "patient and public involvement", () => authors("not applicable to a reproduction")],
  ["20a", "Results: participants", "flow of participants and follow-up", (c) => evidence(c, NB.cohorts, "table1", "Cohorts", `patients per cohort; ${c.study.excluded.length} left out with reasons`, "notebook 01 did not run")],
  ["20b", "Results: participants", "characteristics per data source", (c) => evidence(c, NB.cohorts, "table1", "Table 1", "Table 1 per cohort with the paper's values beside", "notebook 01 did not run")],
  ["20c", "Results: participants", "predictor distributions, development vs evaluation", (c) => evidence(c, NB.extraction, "extraction", "Feature distributions", "feature distributions per cohort (z-scores)", "notebook 02 did not run")],
  ["21", "Results: model development", "participants and outcome events in each analysis", (c) => evidence(c, NB.radiomic, "auc", "AUCs", "n and positives in every AUC table", "notebook 03 did not run")],
  ["22", "Results: model specification", "full model for individual predictions", (c) => evidence(c, NB.multiomic, "multiomic.model", "Saved model", "selected features, scaler, SVM support vectors and cut-off in multiomic.model.json", "notebook 04 did not run")],
  ["23a", "Results: performance", "performance with CIs, incl. calibration", (c) => evidence(c, NB.multiomic, "performance-estimates", "Internal validation", "apparent, optimism-corrected and repeated-CV AUCs with CIs; held-out AUCs; calibration slopes with CIs", "notebook 04 did not run")],
  ["23b", "Results: performance", "heterogeneity across clusters or subgroups", (c) => evidence(c, NB.multiomic, "subgroups", "Subgroups", "AUC by subgroup and cohort", "no subgroup table in this run")],
  ["24", "Results: model updating", "results of any model updating", () => ({ status: "not applicable", where: "", note: "no updating (12f)" })],
  ["25", "Discussion: interpretation", "overall interpretation, incl. fairness", () => authors("the manuscript; the notebooks state what is true by construction on synthetic data")],
  ["26", "Discussion: limitations", "limitations (non-representative data, sample size, overfitting)", (c) => evidence(c, NB.radiomic, "performance-estimates", "How good is it, honestly?", "optimism and the oracle ceiling shown in numbers", "notebook 03 did not run")],
  ["27a-c", "Discussion: usability", "handling of poor-quality input, user interaction, future research", () => ({ status: "partly", where: "docs/bad-data.md", note: "bad inputs are refused with the patient and file named; clinical deployment is the authors'" })],
];

const METRICS: ItemSpec[] = [
  ["1", "Study design", "adheres to radiomics reporting guidelines (e.g. CLEAR)", () => ({ status: "partly", where: "08 (this notebook)", note: "TRIPOD+AI filled in from the run; CLEAR is not" })],
  ["2", "Study design", "eligibility criteria that give a representative population", (c) => ({ status: "partly", where: `${NB.cohorts} § Cohorts`, note: `${c.study.excluded.length} left out with reasons; representativeness is the authors'` })],
  ["3", "Study design", "high-quality reference standard, clearly defined", (c) => ({ status: "reported", where: "study file outcome", note: `outcome column '${c.study.config.outcome?.column ?? "?"}' (pathology in the paper)` })],
  ["4", "Imaging data", "multi-centre data", (c) => (c.study.config.centre ? { status: "reported", where: `${NB.cohorts} § Cohorts`, note: "centres per cohort in the study file" } : { status: "not done", where: "", note: "no centre column" })],
  ["5", "Imaging data", "imaging data source usable in clinical practice", () => authors("scanner types are the authors'; the synthetic images mimic routine MRI")],
  ["6", "Imaging data", "acquisition protocol and parameters reported", () => authors("acquisition parameters are not in the manifest")],
  ["7", "Imaging data", "interval between imaging and reference standard", () => authors("not in the study file")],
  ["8", "Segmentation", "segmentation method described", () => ({ status: "partly", where: "manifest masks", note: "masks are inputs (one label per region); how they were drawn is the authors'" })],
  ["9", "Segmentation", "formal evaluation of fully automated segmentation", () => ({ status: "not applicable", where: "", note: "no automated segmentation" })],
  ["10", "Segmentation", "test-set masks by a single reader or tool", () => authors("reader assignment not recorded")],
  ["11", "Image processing", "appropriate, described preprocessing", (c) => evidence(c, NB.extraction, "n4", "N4", "parameter file shown; N4 on or off stated, with its measured effect when off", "notebook 02 did not run")],
  ["12", "Feature extraction", "standardised extraction software", (c) => evidence(c, NB.extraction, "extraction", "IBSI compliance", "PyRadiomics-identical engine checked against PyRadiomics baselines and the IBSI phantom", "notebook 02 did not run")],
  ["13", "Feature extraction", "extraction parameters reported", (c) => ({ status: "reported", where: c.study.config.params ? c.study.config.params : "PyRadiomics defaults", note: "the parameter file is part of the study; every setting validated" })],
  ["14", "Feature processing", "non-robust features removed", () => ({ status: "not done", where: "", note: "no test-retest or segmentation-perturbation robustness analysis, as in the paper" })],
  ["15", "Feature processing", "redundant features removed", () => ({ status: "partly", where: "03 § Fitting", note: "t-test filter and forest ranking; no correlation-based redundancy removal, as in the paper" })],
  ["16", "Feature processing", "dimensionality appropriate to data size", (c) => evidence(c, NB.radiomic, "auc-by-features-kept", "AUC against the number of features kept", "k chosen against cross-validated AUC; many features per event, so optimism is reported", "no k curve in this run")],
  ["17", "Feature processing", "robustness of end-to-end deep learning pipelines", () => ({ status: "not applicable", where: "", note: "no deep learning" })],
  ["18", "Preparation for modelling", "proper data partitioning", (c) => evidence(c, NB.radiomic, "auc", "Fitting", "training cohort only; selection inside every resample (leakage test in test/)", "notebook 03 did not run")],
  ["19", "Preparation for modelling", "handling of confounders", (c) => evidence(c, NB.multiomic, "combat", "ComBat", "centre effects and prevalence confounding quantified", "no ComBat comparison in this run")],
  ["20", "Metrics and comparison", "metrics appropriate to the task", (c) => evidence(c, NB.multiomic, "metrics", "Metrics", "AUC, sensitivity, specificity, accuracy, PPV, NPV at the training cut-off", "notebook 04 did not run")],
  ["21", "Metrics and comparison", "uncertainty considered", (c) => evidence(c, NB.radiomic, "performance-estimates", "How good is it, honestly?", "DeLong CIs, bootstrap and repeated CV", "notebook 03 did not run")],
  ["22", "Metrics and comparison", "calibration assessed", (c) => evidence(c, NB.multiomic, "calibration-slopes", "Calibration", "intercept and slope with CIs, Brier, curves", "notebook 04 did not run")],
  ["23", "Metrics and comparison", "single-sequence models or proof they are inferior", (c) => evidence(c, NB.radiomic, "delong", "DeLong tests", "per-sequence signatures beside the combined one", "notebook 03 did not run")],
  ["24", "Metrics and comparison", "comparison with a non-radiomic approach / added clinical value", (c) => evidence(c, NB.multiomic, "decision-curves", "Decision curves", "clinical signature, radiologists and decision curves", "notebook 04 did not run")],
  ["25", "Metrics and comparison", "comparison with simple statistical models", (c) => (c.study.config.clinical ? evidence(c, NB.multiomic, "delong", "DeLong tests", "clinical signature as the simple comparator", "notebook 04 did not run") : { status: "not done", where: "", note: "no clinical candidates in the study file" })],
  ["26", "Testing", "internal testing", (c) => evidence(c, NB.radiomic, "performance-estimates", "How good is it, honestly?", "bootstrap optimism and repeated CV", "notebook 03 did not run")],
  ["27", "Testing", "external testing", (c) => ((c.study.config.cohorts?.validation.length ?? 0) > 0 ? evidence(c, NB.radiomic, "auc", "AUCs", "held-out validation cohorts", "notebook 03 did not run") : { status: "not done", where: "", note: "the study has one cohort" })],
  ["28", "Open science", "data availability", (c) => ({ status: synthetic(c) ? "reported" : "partly", where: "data-manifests/", note: synthetic(c) ? "synthetic cohort regenerated from its seed" : "manifest with checksums; sharing images is the authors'" })],
  ["29", "Open science", "code availability", () => ({ status: "reported", where: "README.md", note: "this repository" })],
  ["30", "Open science", "model availability", (c) => evidence(c, NB.multiomic, "multiomic.model", "Saved model", "multiomic.model.json, usable with alnm predict", "notebook 04 did not run")],
];

function fill(specs: ItemSpec[], ctx: RunContext): ChecklistItem[] {
  return specs.map(([id, section, topic, answer]) => ({ id, section, topic, ...answer(ctx) }));
}

/** TRIPOD+AI items answered from the run. */
export function tripodAi(ctx: RunContext): ChecklistItem[] {
  return fill(TRIPOD_AI, ctx);
}

/** METRICS items answered from the run. */
export function metricsChecklist(ctx: RunContext): ChecklistItem[] {
  return fill(METRICS, ctx);
}

/** Items per status, for a one-line summary. */
export function statusCounts(items: ChecklistItem[]): Record<ItemStatus, number> {
  const out: Record<ItemStatus, number> = { reported: 0, partly: 0, "not done": 0, "not applicable": 0, authors: 0 };
  for (const i of items) out[i.status]++;
  return out;
}
