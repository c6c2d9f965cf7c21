import type { Command } from "../command";

/** One `alnm` sub-command as `alnm --help` lists it; its module is imported only when the command is run or its help asked for. */
export interface CommandEntry {
  name: string;
  /** One line for `alnm --help`. */
  summary: string;
  load(): Promise<Command>;
}

/**
 * Every `alnm` sub-command, in the order `alnm --help` lists them. Add new commands here, with a dynamic
 * `import()` so that `alnm --help` and every other command start without loading it (and its dependencies).
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "reproduce",
    summary: "Run every notebook in order, headless; write executed notebooks, results and figures",
    load: async () => (await import("./reproduce")).reproduce,
  },
  {
    name: "study",
    summary: "Check a study file: schema, manifest, columns, patients per cohort and outcome, missing cases",
    load: async () => (await import("./study")).studyCommand,
  },
  {
    name: "figures",
    summary: "Re-export figures (SVG/PNG) from their saved plotly specs, optionally at another journal width",
    load: async () => (await import("./figures")).figures,
  },
  {
    name: "predict",
    summary: "ALNM probability and risk group of a patient from a saved signature model",
    load: async () => (await import("./predict")).predict,
  },
  {
    name: "manifest",
    summary: "Build a data manifest from a data tree or DICOM folders (init), check one (check)",
    load: async () => (await import("./manifest")).manifestCommand,
  },
  {
    name: "extract",
    summary: "Extract PyRadiomics-identical radiomic features (or, --voxel-based, feature maps) from one image and its mask",
    load: async () => (await import("./extract")).extract,
  },
  {
    name: "ibsi",
    summary: "Extract IBSI-compliant radiomic features (IBSI tags, IBSI preprocessing) from one image and its mask",
    load: async () => (await import("./ibsi")).ibsiCommand,
  },
  {
    name: "extract-cohort",
    summary: "Extract radiomic features for every (patient, sequence, region) case of a manifest, on worker threads",
    load: async () => (await import("./extract-cohort")).extractCohortCommand,
  },
  {
    name: "merge",
    summary: "Join the per-case results of extract-cohort shards into features.csv / features.json / failures.csv",
    load: async () => (await import("./merge")).mergeCommand,
  },
  {
    name: "generate-cohort",
    summary: "Generate the synthetic multicentre cohort (clinical table, MRI volumes, NAC pairs, microenvironment set)",
    load: async () => (await import("./generate-cohort")).generateCohort,
  },
  {
    name: "n4",
    summary: "N4 bias-field correction of one image (ITK 5.2 N4BiasFieldCorrectionImageFilter, shrink + full-resolution field)",
    load: async () => (await import("./n4")).n4Command,
  },
  {
    name: "cibersort",
    summary: "CIBERSORT cell-type fractions of expression mixtures (Newman et al. 2015; as CIBERSORT.R 1.03)",
    load: async () => (await import("./cibersort")).cibersortCommand,
  },
  {
    name: "scan-identifiers",
    summary: "Check that output files hold none of the patient identifiers found in DICOM inputs",
    load: async () => (await import("./scan-identifiers")).scanIdentifiers,
  },
];
