/**
 * What N4 bias-field correction would change, measured on a few cases of a study whose parameters do not apply
 * it (the embedded default: the paper corrected every image with N4 in 3D Slicer; the synthetic cohort's images
 * are extracted without it). Each case is extracted twice with the study's settings on the Original image only
 * (wavelets follow the same image), once as is and once after N4 with ITK's defaults (`n4:` section, empty), and
 * the features are compared class by class as |relative change| = |with - without| / max(|without|, 1e-12), and
 * each feature's univariate AUC for the outcome (direction-free, max(AUC, 1 - AUC)) with and without N4 over the
 * same patients: the cheap, honest view of what N4 would do to discrimination on this subset.
 * The cases are the first `cases` patients of the cohort with a baseline case of the given sequence and region.
 *
 * @example
 * const effect = await n4Effect(study, { cases: 40, sequence: "T2WI", region: "tumour" });
 * effect.byClass;  // [{ class: "firstorder", features, median, max }, ...]
 * effect.auc;      // { features, medianAbsChange, bestWithout, bestWith }
 */
import { readImage } from "../../radiomics/image";
import { readMask } from "../../radiomics/segmentation/read-mask";
import { auc } from "../../stats/index";
import { extractFeatures } from "../../radiomics/extractor";
import { defaultN4Options } from "../../radiomics/preprocess/n4";
import type { ExtractionParams } from "../../radiomics/settings";
import { valuesById, type Study } from "../../study/open";
import { studyCases } from "./cohort-features";

export interface N4Effect {
  /** Wall time of the Original extraction of each case without and with N4 first. */
  cases: { patient: string; sequence: string; region: string; secondsWithout: number; secondsWith: number }[];
  byClass: { class: string; features: number; median: number; max: number }[];
  /** Univariate AUCs (max(AUC, 1 - AUC)) of the Original features, without and with N4, on the same patients. */
  auc: { patients: number; positives: number; features: number; medianAbsChange: number; maxAbsChange: number; bestWithout: { feature: string; auc: number }; bestWith: { feature: string; auc: number } };
}

const median = (x: number[]): number => {
  const s = x.slice().sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

export async function n4Effect(study: Study, options: { cases: number; sequence: string; region: string; cohort?: string }): Promise<N4Effect> {
  const cohort = options.cohort ?? study.config.cohorts?.training ?? "training";
  const cohortOf = valuesById<string>(study.patients, "cohort");
  const outcome = valuesById<number>(study.patients, "outcome");
  const picked = studyCases(study)
    .filter((c) => cohortOf.get(c.patientId) === cohort && c.sequence === options.sequence && c.region === options.region && (outcome.get(c.patientId) === 0 || outcome.get(c.patientId) === 1))
    .slice(0, options.cases);
  if (picked.length < 4) throw new Error(`n4Effect: ${picked.length} labelled ${options.sequence} ${options.region} case(s) in cohort '${cohort}' (need 4)`);
  const { n4: _ignored, ...withoutN4 } = study.params;
  const original: ExtractionParams = { ...withoutN4, imageTypes: { Original: {} } };
  const corrected: ExtractionParams = { ...original, n4: defaultN4Options() };
  const changes = new Map<string, number[]>();
  const cases: N4Effect["cases"] = [];
  const values = new Map<string, { without: number[]; with: number[] }>();
  for (const c of picked) {
    const image = await readImage(c.image, { series: c.series });
    const mask = await readMask(c.mask, { image, segment: c.segment, geometryTolerance: original.settings.geometryTolerance });
    const sources = { image: c.image, mask: c.mask };
    const t0 = performance.now();
    const before = extractFeatures(image, mask, original, sources);
    const t1 = performance.now();
    const after = extractFeatures(image, mask, corrected, sources);
    cases.push({ patient: c.patientId, sequence: c.sequence, region: c.region, secondsWithout: (t1 - t0) / 1000, secondsWith: (performance.now() - t1) / 1000 });
    for (const [name, value] of Object.entries(before)) {
      if (!name.startsWith("original_") || typeof value !== "number" || typeof after[name] !== "number") continue;
      if (!values.has(name)) values.set(name, { without: [], with: [] });
      values.get(name)!.without.push(value);
      values.get(name)!.with.push(after[name] as number);
      const cls = name.split("_")[1];
      const change = Math.abs((after[name] as number) - value) / Math.max(Math.abs(value), 1e-12);
      if (!changes.has(cls)) changes.set(cls, []);
      changes.get(cls)!.push(change);
    }
  }
  const labels = picked.map((c) => outcome.get(c.patientId)!);
  const free = (x: number[]) => {
    const a = auc(x, labels);
    return Math.max(a, 1 - a);
  };
  const aucs = [...values]
    .filter(([, v]) => v.without.length === picked.length && new Set(v.without).size > 1 && new Set(v.with).size > 1)
    .map(([feature, v]) => ({ feature, without: free(v.without), with: free(v.with) }));
  const deltas = aucs.map((a) => Math.abs(a.with - a.without));
  const best = (key: "without" | "with") => aucs.reduce((b, a) => (a[key] > b[key] ? a : b));
  return {
    auc: {
      patients: picked.length,
      positives: labels.filter((y) => y === 1).length,
      features: aucs.length,
      medianAbsChange: median(deltas),
      maxAbsChange: Math.max(...deltas),
      bestWithout: { feature: best("without").feature, auc: best("without").without },
      bestWith: { feature: best("with").feature, auc: best("with").with },
    },
    cases,
    byClass: [...changes].map(([cls, x]) => ({ class: cls, features: x.length / picked.length, median: median(x), max: Math.max(...x) })),
  };
}
