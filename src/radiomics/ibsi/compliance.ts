import { readImage } from "../image";
import { readCsv, within } from "../pyradiomics-ibsi";
import { repoPath } from "../../util/paths";
import { readIbsiConfig } from "./config";
import { extractIbsi } from "./extract";

/** One feature of the IBSI digital-phantom reference table beside this mode's value. */
export interface IbsiModeRow {
  /** IBSI tag as the reference table spells it, e.g. cm_joint_max_3D_avg. */
  tag: string;
  family: string;
  feature: string;
  value: number;
  reference: number;
  /** Tolerance of the table; 0 = compare at the 3 significant figures the manual gives. */
  tolerance: number;
  pass: boolean;
}

/**
 * The IBSI-mode compliance table on the IBSI chapter 1 digital phantom: `alnm ibsi` with
 * params/ibsi-digital-phantom.yaml, compared with every consensus value of
 * data/ibsi/ibsi1_reference_values_digital_phantom.csv (rows without a reference value are skipped).
 *
 * @example
 * const rows = await ibsiModeComplianceTable();
 * rows.filter((r) => !r.pass); // []
 */
export async function ibsiModeComplianceTable(): Promise<IbsiModeRow[]> {
  const image = await readImage(repoPath("data/ibsi/ibsi1_digital_phantom_image.nii.gz"));
  const mask = await readImage(repoPath("data/ibsi/ibsi1_digital_phantom_mask.nii.gz"));
  const values = extractIbsi(image, mask, readIbsiConfig(repoPath("params/ibsi-digital-phantom.yaml")), "ibsi1_digital_phantom_mask.nii.gz");
  const rows: IbsiModeRow[] = [];
  for (const r of readCsv(repoPath("data/ibsi/ibsi1_reference_values_digital_phantom.csv"))) {
    if (!r.tag || !r["reference value"]?.trim()) continue;
    const reference = Number(r["reference value"]);
    const tolerance = Number(r.tolerance || 0);
    const value = values[r.tag] ?? NaN;
    rows.push({ tag: r.tag, family: r.family, feature: r.feature, value, reference, tolerance, pass: within(value, reference, tolerance) });
  }
  return rows;
}
