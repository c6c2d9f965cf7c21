/**
 * Numbers the paper reports, transcribed once with their location, so notebooks can place every
 * recomputed value beside the published one. Source: Yu Y. et al., "Magnetic resonance imaging radiomics
 * predicts preoperative axillary lymph node metastasis to support surgical decisions and is associated
 * with tumor microenvironment in invasive breast cancer: A machine learning, multicenter study",
 * EBioMedicine 2021 (CC BY-NC-ND). Section numbers refer to that article.
 */

export const COHORTS = ["training", "prospective", "external"] as const;
export type CohortName = (typeof COHORTS)[number];

export const COHORT_LABELS: Record<CohortName, string> = {
  training: "Training",
  prospective: "Prospective-retrospective validation",
  external: "External validation",
};

/** Patients per cohort and pathologic ALN status (Table 1 header; section 2.1). */
export const DESIGN: Record<CohortName, { negative: number; positive: number; centres: number; neoadjuvant: boolean }> = {
  training: { negative: 475, positive: 328, centres: 2, neoadjuvant: false },
  prospective: { negative: 28, positive: 78, centres: 1, neoadjuvant: true },
  external: { negative: 94, positive: 85, centres: 2, neoadjuvant: false },
};

/** Published AUCs (training / prospective-retrospective / external), section 4.2-4.3 and Fig. 2. */
export const PUBLISHED_AUC: Record<string, Record<CohortName, number>> = {
  "ALN region": { training: 0.85, prospective: 0.61, external: 0.81 },
  "Tumour region": { training: 0.78, prospective: 0.59, external: 0.63 },
  "ALN-tumour radiomic": { training: 0.88, prospective: 0.87, external: 0.87 },
  Clinical: { training: 0.74, prospective: 0.68, external: 0.72 },
  Multiomic: { training: 0.9, prospective: 0.93, external: 0.91 },
};

/** Patients with complete data behind Fig. 2b (radiomic) and Fig. 2c (multiomic). */
export const FIG2_N = {
  radiomic: { training: 392, prospective: 45, external: 112 },
  multiomic: { training: 381, prospective: 30, external: 81 },
} as const;

/** Univariate P values of the training cohort (section 4.3; appendix p 19). */
export const PUBLISHED_UNIVARIATE_P = {
  age: { p: 0.012, test: "independent-samples t-test" },
  clinicalT: { p: "<0.001", test: "chi-squared" },
  clinicalN: { p: "<0.001", test: "chi-squared" },
  ki67: { p: 0.01, test: "chi-squared" },
  subtype: { p: 0.033, test: "chi-squared" },
} as const;

/** Radiologists' MRI reading vs pathology over all 1,088 patients (section 4.1). */
export const RADIOLOGIST_CONCORDANCE = {
  total: 1088,
  mriPositive: 389,
  mriPositivePercent: 35.75,
  mriPositivePathNegative: 106,
  mriPositivePathNegativePercent: 27.25,
  mriNegative: 672,
  mriNegativePathPositive: 190,
  mriNegativePathPositivePercent: 28.27,
} as const;

/** Optimal cut-off of the multiomic score and the disease-free survival comparison (section 4.3). */
export const PUBLISHED_CUTOFF = 0.334;
export const PUBLISHED_DFS_COX = { hazardRatio: 0.43, lower: 0.21, upper: 0.86, p: 0.014 } as const;

/** Neoadjuvant chemotherapy paired analysis (section 4.5): key features up / down after NAC in 45 patients. */
export const PUBLISHED_NAC = { patients: 45, up: 70, down: 68, keyFeatures: 180 } as const;

/** Tumour microenvironment (sections 2.6, 4.5). */
export const PUBLISHED_TME = {
  patients: 90,
  lncRNAsDifferent: 395,
  methylationSitesDifferent: 1784,
  topSelected: 30,
  degs: 1381,
  mostUp: "COX6B2",
  mostDown: "PPP2R2C",
} as const;

/**
 * The enrichment results the paper names (section 4.5, appendix pp 8, 21), with the sets that carry them in
 * the shipped collections. KEGG is not shipped: its oxidative phosphorylation (hsa00190) is looked up in the
 * GO BP term of that name and in the open stand-ins WikiPathways WP623 and Reactome R-HSA-611105 / R-HSA-1428517.
 */
export const PUBLISHED_ENRICHMENT = [
  { paper: "transmembrane transporter activity", source: "GO", sets: [{ collection: "go-mf", id: "GO:0022857" }] },
  { paper: "NADP binding", source: "GO", sets: [{ collection: "go-mf", id: "GO:0050661" }] },
  { paper: "ATPase complex", source: "GO", sets: [{ collection: "go-cc", id: "GO:1904949" }] },
  {
    paper: "oxidative phosphorylation",
    source: "KEGG (stand-ins)",
    sets: [
      { collection: "go-bp", id: "GO:0006119" },
      { collection: "wikipathways", id: "WP623" },
      { collection: "reactome", id: "R-HSA-611105" },
      { collection: "reactome", id: "R-HSA-1428517" },
    ],
  },
] as const;

/** Radiomic features per region and sequence (section 2.2). */
export const FEATURE_INVENTORY = { diagnostics: 12, original: 107, wavelet: 744, perRegionSequence: 863, total: 5178 } as const;

/** The chi-squared P values of section 4.3 as printed, keyed by the Table 1 variable they test (training cohort). */
export const PUBLISHED_CHI_SQUARED_P: Record<string, string> = {
  clinical_t: "<0.001",
  clinical_n: "<0.001",
  ki67: "0.010",
  subtype: "0.033",
};

/**
 * Multiomic AUC by subgroup (section 4.3, appendix p 20): 1, 2 and 3 positive nodes (each against all
 * node-negative patients) in the three cohorts, and the molecular subtypes in training and external validation.
 * Age, Ki67 and clinical T are given only as a range (0.86-1.00), so they have no entry.
 */
export const PUBLISHED_SUBGROUP_AUC: Record<string, Record<string, Partial<Record<CohortName, number>>>> = {
  "positive nodes": {
    "1": { training: 0.88, prospective: 0.79, external: 0.97 },
    "2": { training: 0.89, prospective: 1.0, external: 0.93 },
    "3": { training: 0.92, prospective: 0.93, external: 0.87 },
  },
  subtype: {
    "Luminal A": { training: 0.91, external: 0.91 },
    "Luminal B": { training: 0.89, external: 0.92 },
    "HER2-positive": { training: 0.9, external: 0.76 },
    "Triple negative": { training: 1.0, external: 1.0 },
  },
};

/**
 * The paper's radiologist comparison on MRI and ultrasound (348 SYSMH patients, appendix p 18): sensitivity of
 * the ALN-tumour signature 0.83 against 0.60 and 0.49. A different reading (MRI + ultrasound) on a subset, so
 * not comparable with the MRI cN reading the notebooks have.
 */
export const PUBLISHED_RADIOLOGIST_SENSITIVITY = { signature: 0.83, radiologists: [0.6, 0.49], patients: 348 } as const;

/** Section 4.4: above this threshold probability the multiomic signature's net benefit exceeded the others'. */
export const PUBLISHED_DCA_THRESHOLD = 0.05;
