/**
 * A radiomic score for a microenvironment set and its high/low groups (paper section 2.6: patients split
 * at the cutpointr cut-off of the radiomic score, then DEGs between the groups).
 *
 * The score of patient p over the key features K (each with its t statistic, ALN+ minus ALN-) is the mean
 * of the sign-aligned z-scores
 *   score_p = (1/|K|) sum_{j in K} sign(t_j) (x_pj - mean_j) / sd_j
 * with the mean and sample SD over the patients given, so a higher score points towards ALN metastasis.
 *
 * @example
 * const score = signedZScore(features, [{ feature: "T1C_tumour_original_firstorder_Mean", t: 3.1 }]);
 * score.get("TME001");
 */
import { mean } from "../../stats/index";
import type { NamedMatrix } from "../../tme/matrix";

export function signedZScore(features: NamedMatrix, keys: { feature: string; t: number }[]): Map<string, number> {
  if (keys.length === 0) throw new Error("signedZScore: no key features");
  const parts = keys.map(({ feature, t }) => {
    const j = features.columns.indexOf(feature);
    if (j < 0) throw new Error(`signedZScore: no feature '${feature}'`);
    if (!Number.isFinite(t) || t === 0) throw new Error(`signedZScore: feature '${feature}' has t = ${t}, no direction`);
    const x = features.values.map((r) => r[j]);
    const m = mean(x);
    const sd = Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1));
    if (!(sd > 0)) throw new Error(`signedZScore: feature '${feature}' is constant`);
    return x.map((v) => (Math.sign(t) * (v - m)) / sd);
  });
  return new Map(features.rows.map((id, i) => [id, parts.reduce((s, z) => s + z[i], 0) / keys.length] as [string, number]));
}
