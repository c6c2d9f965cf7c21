/**
 * The shape of a loaded data manifest (`data-manifests/*.json`), shared by the cohort generator, the
 * manifest loader, cohort extraction and the notebooks. Paths here are absolute, resolved against the
 * manifest's data root by the loader.
 */

/** One image + mask to extract: a (patient, sequence, region[, timepoint]) case. */
export interface ImagingCase {
  /** Pseudonymous patient ID from the manifest (never a DICOM PatientID/PatientName). */
  patientId: string;
  /** MRI sequence, e.g. "T1C", "T2WI", "ADC". */
  sequence: string;
  /** Region of interest, e.g. "tumour", "aln". */
  region: string;
  /** Optional time point, e.g. "pre" / "post" neoadjuvant chemotherapy. */
  timepoint?: string;
  /** Absolute path of the image (file or DICOM series folder). */
  image: string;
  /**
   * For a DICOM folder holding several series (e.g. DCE phases): the one to read, by SeriesInstanceUID, exact
   * SeriesDescription or `number:<SeriesNumber>`.
   */
  series?: string;
  /** Absolute path of the label map. */
  mask: string;
  /** Label value of the region in the mask (1 when `segment` is given). */
  label: number;
  /** Segment of a segmentation mask (3D Slicer segment name, DICOM-SEG SegmentLabel, RTSTRUCT ROIName). */
  segment?: string;
  imageSha256?: string;
  maskSha256?: string;
}

/** Declared type of a clinical-table column. */
export type ColumnSchema =
  | { type: "number"; min?: number; max?: number; required?: boolean; description?: string }
  | { type: "integer"; min?: number; max?: number; required?: boolean; description?: string }
  | { type: "category"; levels: string[]; required?: boolean; description?: string }
  | { type: "string"; required?: boolean; description?: string };

export interface ClinicalTableSpec {
  /** Absolute path of the CSV/TSV file. */
  path: string;
  /** Declared SHA-256 of the table (checked by the loader like every other file). */
  sha256?: string;
  idColumn: string;
  delimiter?: string;
  /** Cells that mean "missing" (e.g. "", "NA"). */
  missing?: string[];
  /** 0-based row holding the column names (rows above it, e.g. '#' comment lines, are skipped). Default 0. */
  headerRow?: number;
  /** Rows right after the header that are not data (e.g. a row of code descriptions). Default 0. */
  skipRows?: number;
  columns: Record<string, ColumnSchema>;
}

export interface LoadedManifest {
  /** Absolute path of the manifest file. */
  file: string;
  name: string;
  description: string;
  licence: string;
  source: string;
  /** Absolute data root every relative path is resolved against. */
  root: string;
  /** Generator name, version and seed for generated (synthetic) data. */
  generator?: { name: string; version: string; seed: number };
  clinical?: ClinicalTableSpec;
  cases: ImagingCase[];
  /** Any other declared files (absolute path -> sha256). */
  files: Record<string, string>;
  /** Sequences the cases may use (declared in the manifest; default T1C, T2WI, ADC). */
  sequences: string[];
  /** Regions the cases may use (declared in the manifest; default tumour, aln). */
  regions: string[];
  /** Citation / attribution the data's licence asks for. */
  citation?: string;
}
