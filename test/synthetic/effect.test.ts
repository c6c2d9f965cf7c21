import { describe, expect, it } from "vitest";
import { synthesizeImaging } from "../../src/synthetic/imaging";
import { auc } from "../../src/stats/roc";
import { createRng } from "../../src/util/random";

/**
 * The planted ALN signal must be recoverable with a simple model on first-order ROI features computed from
 * the generated volumes: per region and sequence, ROI mean relative to the background, coefficient of
 * variation in the ROI, and log ROI voxel count; the model is a sum of z-scored features weighted by their
 * standardised group differences, fitted on half of 160 patients (4 centres) and scored on the other half.
 * Documented range with the default effect sizes (tumour d = 1.0, ALN d = 1.5): test AUC 0.72-0.97 (0.84
 * measured on 400 patients); with effect size 0: 0.30-0.70.
 */
function cohortFeatures(effect: { tumour: number; aln: number }, n: number) {
  const rng = createRng(11);
  const centres = ["SYSMH", "SYSUCC", "SHUNDE", "TUNGWAH"];
  const X: number[][] = [], y: number[] = [];
  for (let i = 0; i < n; i++) {
    const aln = (rng.next() < 0.45 ? 1 : 0) as 0 | 1;
    const img = synthesizeImaging({ patientId: `E${i}`, centre: centres[i % 4], aln, tumourSizeCm: 1.5 + 2 * rng.next() }, ["T1C", "ADC"], 99, { effectSize: effect });
    const f: number[] = [];
    for (const r of ["tumour", "aln"]) {
      const m = img.masks[r];
      const roi = m.reduce((s, x) => s + x, 0);
      f.push(Math.log(roi));
      for (const q of ["T1C", "ADC"]) {
        const v = img.images[`${q}/${r}`];
        let s = 0, ss = 0, bg = 0;
        for (let k = 0; k < m.length; k++) {
          if (m[k]) {
            s += v[k];
            ss += v[k] * v[k];
          } else bg += v[k];
        }
        const mean = s / roi;
        f.push(mean / (bg / (m.length - roi)), Math.sqrt(Math.max(0, ss / roi - mean * mean)) / mean);
      }
    }
    X.push(f);
    y.push(aln);
  }
  return { X, y };
}

function splitHalfAuc({ X, y }: { X: number[][]; y: number[] }): number {
  const train = X.map((_, i) => i).filter((i) => i % 2 === 0);
  const test = X.map((_, i) => i).filter((i) => i % 2 === 1);
  const p = X[0].length;
  const weights: { mu: number; sd: number; w: number }[] = [];
  for (let j = 0; j < p; j++) {
    const x = train.map((i) => X[i][j]);
    const mu = x.reduce((a, b) => a + b, 0) / x.length;
    const sd = Math.sqrt(x.reduce((a, b) => a + (b - mu) ** 2, 0) / x.length) || 1;
    const groupMean = (g: number) => {
      const xs = train.filter((i) => y[i] === g).map((i) => X[i][j]);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    weights.push({ mu, sd, w: (groupMean(1) - groupMean(0)) / sd });
  }
  const score = test.map((i) => X[i].reduce((a, x, j) => a + (weights[j].w * (x - weights[j].mu)) / weights[j].sd, 0));
  return auc(score, test.map((i) => y[i]), { direction: "<" });
}

describe("planted ALN effect", () => {
  it("is recoverable from first-order ROI features (default effect sizes)", () => {
    const a = splitHalfAuc(cohortFeatures({ tumour: 1.0, aln: 1.5 }, 160));
    expect(a).toBeGreaterThan(0.72);
    expect(a).toBeLessThan(0.97);
  });

  it("vanishes when the effect size is zero", () => {
    const a = splitHalfAuc(cohortFeatures({ tumour: 0, aln: 0 }, 160));
    expect(a).toBeGreaterThan(0.3);
    expect(a).toBeLessThan(0.7);
  });
});
