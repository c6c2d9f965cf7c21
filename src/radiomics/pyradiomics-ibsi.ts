import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { repoPath } from "../util/paths";
import { extractFeatures } from "./extractor";
import { readImage } from "./image";
import { paramsFromObject } from "./settings";

/** One row of the IBSI chapter 1 digital-phantom compliance table. */
export interface IbsiRow {
  /** IBSI feature tag, e.g. "cm.joint.max". */
  tag: string;
  /** IBSI feature name and code. */
  feature: string;
  code: string;
  /** IBSI aggregation the PyRadiomics value corresponds to, e.g. "3D, averaged". */
  aggregation: string;
  /** PyRadiomics feature (class.Name) used. */
  pyradiomics: string;
  /** Our value under the PyRadiomics definition. */
  ours: number;
  /** Our value converted to the IBSI definition where the difference is a known transformation (else = ours). */
  oursIbsi: number;
  /** IBSI consensus value and tolerance (0 = compare at 3 significant figures, as the manual gives them). */
  reference: number;
  tolerance: number;
  pass: boolean;
  /** Why the PyRadiomics definition differs from IBSI, when it does on purpose. */
  reason: string;
}

/**
 * PyRadiomics-vs-IBSI notes: conversions applied to compare, and deliberate definition differences.
 * Features not listed share IBSI's definition.
 */
const PCA_REASON =
  "PyRadiomics uses the population covariance of voxel centres (divides by Np), IBSI the sample covariance (Np - 1): IBSI value = ours * sqrt(Np / (Np - 1))";
const NOTES: Record<string, { convert?: (v: number, Np: number) => number; reason: string }> = {
  "morph.pca.major": { convert: (v, n) => v * Math.sqrt(n / (n - 1)), reason: PCA_REASON },
  "morph.pca.minor": { convert: (v, n) => v * Math.sqrt(n / (n - 1)), reason: PCA_REASON },
  "morph.pca.least": { convert: (v, n) => v * Math.sqrt(n / (n - 1)), reason: PCA_REASON },
  "stat.kurt": { convert: (v) => v - 3, reason: "PyRadiomics Kurtosis is not excess kurtosis: IBSI value = Kurtosis - 3 (compared after subtracting 3)" },
  "stat.energy": { reason: "PyRadiomics adds voxelArrayShift (default 0) before squaring; IBSI has no shift (shift 0 used here)" },
  "stat.rms": { reason: "PyRadiomics adds voxelArrayShift (default 0) before squaring; IBSI has no shift (shift 0 used here)" },
  "ih.entropy": { reason: "PyRadiomics bins from 0 in steps of binWidth (floor(x/W) - floor(min/W) + 1), IBSI from the minimum; identical here (binWidth 1, integer phantom)" },
  "ih.uniformity": { reason: "PyRadiomics bins from 0 in steps of binWidth, IBSI from the minimum; identical here (binWidth 1, integer phantom)" },
  "cm.sum.var": { reason: "PyRadiomics removed SumVariance as mathematically equal to ClusterTendency; ClusterTendency shown" },
  "cm.dissimilarity": { reason: "PyRadiomics removed Dissimilarity as equal to DifferenceAverage; DifferenceAverage shown" },
  "cm.inv.diff.norm": { reason: "PyRadiomics normalises by Ng = highest gray level in the ROI (IBSI: number of grey levels); equal when levels start at 1" },
  "cm.inv.diff.mom.norm": { reason: "PyRadiomics normalises by Ng = highest gray level in the ROI (IBSI: number of grey levels); equal when levels start at 1" },
  "ngl.glnu.norm": { reason: "PyRadiomics removed GLDM GrayLevelNonUniformityNormalized as equal to first-order Uniformity; Uniformity shown" },
  "ngl.dc.perc": { reason: "PyRadiomics removed DependencePercentage: it is always 1 (every voxel has a dependence count)" },
  "ngt.coarseness": { reason: "PyRadiomics counts voxels without ROI neighbours with s_i = 0 (IBSI excludes them); no such voxel in the phantom" },
  "morph.comp.1": { reason: "deprecated in PyRadiomics (correlated with Sphericity) but computed when named" },
  "morph.comp.2": { reason: "deprecated in PyRadiomics (correlated with Sphericity) but computed when named" },
  "morph.sph.dispr": { reason: "deprecated in PyRadiomics (correlated with Sphericity) but computed when named" },
};

/** Features the mapping file leaves without a PyRadiomics name although PyRadiomics defines them. */
const EXTRA_MAPPING: Record<string, string> = {
  "cm.auto.corr": "glcm.Autocorrelation",
  "cm.info.corr.1": "glcm.Imc1",
  "cm.info.corr.2": "glcm.Imc2",
  "szm.lgze": "glszm.LowGrayLevelZoneEmphasis",
  "szm.hgze": "glszm.HighGrayLevelZoneEmphasis",
};

/** Where a removed PyRadiomics feature's value comes from (its mathematically equal replacement). */
const REPLACEMENTS: Record<string, string> = {
  "glcm.SumVariance": "glcm.ClusterTendency",
  "glcm.Dissimilarity": "glcm.DifferenceAverage",
  "gldm.GrayLevelNonUniformityNormalized": "firstorder.Uniformity",
};

/** IBSI aggregation matching PyRadiomics' 3D computation for each family. */
function aggregationFor(cls: string): string {
  if (cls === "glcm" || cls === "glrlm") return "3D, averaged";
  if (cls === "glszm" || cls === "gldm" || cls === "ngtdm") return "3D";
  return "3D (volume)";
}

/** Rows of a CSV file with a header (a UTF-8 byte order mark is ignored). */
export function readCsv(path: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(readFileSync(path, "utf8").replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: true }).data;
}

/** |ours - reference| within the tolerance, or equal at the 3 significant figures the manual gives. */
export function within(value: number, reference: number, tolerance: number): boolean {
  if (tolerance > 0) return Math.abs(value - reference) <= tolerance * (1 + 1e-12);
  if (reference === 0) return Math.abs(value) < 5e-4;
  const half = 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(reference))) - 2);
  return Math.abs(value - reference) <= half * (1 + 1e-9);
}

/**
 * The IBSI chapter 1 compliance table: every digital-phantom feature that PyRadiomics defines
 * (data/ibsi/ibsi_pyradiomics_mapping.csv), computed by this engine with PyRadiomics settings that match
 * IBSI's phantom configuration (no resampling, binWidth 1 so gray levels equal intensities, voxelArrayShift 0),
 * beside the consensus value of the matching 3D aggregation.
 *
 * @example
 * const rows = await ibsiComplianceTable();
 * rows.filter((r) => !r.pass); // features that differ from IBSI, each with its reason
 */
export async function ibsiComplianceTable(): Promise<IbsiRow[]> {
  const image = await readImage(repoPath("data/ibsi/ibsi1_digital_phantom_image.nii.gz"));
  const mask = await readImage(repoPath("data/ibsi/ibsi1_digital_phantom_mask.nii.gz"));
  const named: Record<string, string[]> = {
    shape: ["Compactness1", "Compactness2", "SphericalDisproportion"],
  };
  const all = extractFeatures(
    image,
    mask,
    paramsFromObject({ setting: { binWidth: 1, voxelArrayShift: 0, label: 1, minimumROIDimensions: 1, additionalInfo: false } }),
    { image: "ibsi1_digital_phantom_image.nii.gz", mask: "ibsi1_digital_phantom_mask.nii.gz" },
  );
  const deprecated = extractFeatures(
    image,
    mask,
    paramsFromObject({ setting: { binWidth: 1, label: 1, minimumROIDimensions: 1, additionalInfo: false }, featureClass: named }),
  );
  const values: Record<string, number> = {};
  for (const [k, v] of Object.entries({ ...all, ...deprecated })) {
    const m = /^original_([^_]+)_(.+)$/.exec(k);
    if (m && typeof v === "number") values[`${m[1]}.${m[2]}`] = v;
  }
  const Np = values["shape.VoxelVolume"] / (image.spacing[0] * image.spacing[1] * image.spacing[2]);
  const references = readCsv(repoPath("data/ibsi/ibsi1_reference_values_digital_phantom_with_codes.csv"));
  const rows: IbsiRow[] = [];
  for (const entry of readCsv(repoPath("data/ibsi/ibsi_pyradiomics_mapping.csv"))) {
    const tag = entry.ibsi_feature_tag;
    let name = EXTRA_MAPPING[tag] ?? entry.suggested_pyradiomics_name;
    if (!tag || !name) continue;
    // The mapping's distance-zone rows point at size-zone features (a known error of its source): skip them.
    if (tag.startsWith("dzm.")) continue;
    const cls = name.split(".")[0];
    const aggregation = aggregationFor(cls);
    const ref = references.find((r) => r.feature_tag === tag && r.aggregation === aggregation);
    if (!ref) continue;
    const source = REPLACEMENTS[name] ?? name;
    let ours = values[source];
    if (tag === "ngl.dc.perc") ours = 1;
    if (ours === undefined) throw new Error(`ibsiComplianceTable: no value for ${name} (${tag})`);
    const note = NOTES[tag];
    const oursIbsi = note?.convert ? note.convert(ours, Np) : ours;
    const reference = Number(ref.reference_value);
    const tolerance = Number(ref.tolerance);
    rows.push({
      tag,
      feature: ref.feature,
      code: ref.feature_code,
      aggregation,
      pyradiomics: name,
      ours,
      oursIbsi,
      reference,
      tolerance,
      pass: within(oursIbsi, reference, tolerance),
      reason: note?.reason ?? "",
    });
  }
  return rows;
}
