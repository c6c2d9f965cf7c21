/**
 * The cases of one image: read the image once and each distinct mask once, then extract every enabled feature
 * (PyRadiomics names and order) per case. Runs inside a worker thread (worker.ts), one job at a time.
 */
import { extractFeatures, type FeatureVector } from "../extractor";
import { readImage, type Volume } from "../image";
import { caseMaskReader } from "../segmentation/read-mask";
import type { ExtractionParams } from "../settings";
import { imageKey } from "./cases";
import type { CaseIdentity } from "./results";

/** The job a worker receives: cases sharing one image, and the extraction parameters (plain data). */
export interface CaseJob {
  cases: CaseIdentity[];
  params: ExtractionParams;
}

/** Per case of a job, in job order: its features, or why it failed. */
export type CaseOutcome = { ok: true; features: FeatureVector } | { ok: false; error: string };

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Features of each case of a job, with the case's own label (the manifest's `label` overrides the params') and
 * segment (one segment of a segmentation file, read by readMask as label 1).
 * An unreadable image fails every case of the job; an unreadable mask or a failed extraction only its case.
 *
 * @example
 * const [outcome] = await extractCases({ cases: [c], params: paramsFromObject({ imageType: { Original: {}, Wavelet: {} } }) });
 * if (outcome.ok) outcome.features["wavelet-LLH_firstorder_Mean"]; // a number
 */
export async function extractCases(job: CaseJob): Promise<CaseOutcome[]> {
  const { image, series } = job.cases[0];
  if (job.cases.some((c) => imageKey(c) !== imageKey(job.cases[0]))) throw new Error(`extractCases: a job must hold the cases of one image (${image})`);
  let volume: Volume;
  try {
    volume = await readImage(image, { series });
  } catch (err) {
    return job.cases.map(() => ({ ok: false, error: message(err) }));
  }
  const maskOf = caseMaskReader(volume, job.params.settings.geometryTolerance);
  const outcomes: CaseOutcome[] = [];
  for (const c of job.cases) {
    try {
      const mask = await maskOf(c);
      const params: ExtractionParams = { ...job.params, settings: { ...job.params.settings, label: c.label } };
      outcomes.push({ ok: true, features: extractFeatures(volume, mask, params, { image: c.image, mask: c.mask }) });
    } catch (err) {
      outcomes.push({ ok: false, error: message(err) });
    }
  }
  return outcomes;
}
