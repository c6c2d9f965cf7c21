/**
 * One case of a cohort: read its image and mask, then extract every enabled feature (PyRadiomics names and
 * order). Runs inside a worker thread (worker.ts), one case at a time.
 */
import { extractFeatures } from "../extractor";
import { readImage } from "../image";
import type { ExtractionParams } from "../settings";
import type { CaseIdentity } from "./results";

/** The job a worker receives: the case and the extraction parameters (plain data, copied to the thread). */
export interface CaseJob {
  case: CaseIdentity;
  params: ExtractionParams;
}

/**
 * Features of one case with the case's own label (the manifest's `label` overrides the params' setting).
 *
 * @example
 * const features = await extractCase({ case: c, params: paramsFromObject({ imageType: { Original: {}, Wavelet: {} } }) });
 * features["wavelet-LLH_firstorder_Mean"]; // a number
 */
export async function extractCase(job: CaseJob): Promise<Record<string, number | string>> {
  const params: ExtractionParams = { ...job.params, settings: { ...job.params.settings, label: job.case.label } };
  const image = await readImage(job.case.image);
  const mask = await readImage(job.case.mask);
  return extractFeatures(image, mask, params, { image: job.case.image, mask: job.case.mask });
}
