import { ROLE_COLOURS } from "./theme";
import { styleFigure, type Figure, type StyleOptions } from "./figure";

export interface FeatureDistributionInput {
  /** Panel label of each feature (e.g. "ALN · T1+C · original_glcm_Idmn"). */
  features: string[];
  /** values[k][i]: feature k of patient i (NaN skipped). */
  values: number[][];
  /** ALN status per patient (1 = metastasis). */
  labels: number[];
}

/**
 * Box plots of features by ALN status side by side (negative blue, positive vermillion), one category per
 * feature on the x axis, like the paper's Fig. 2a overview of key features in the training cohort.
 *
 * @example
 * featureDistributionFigure({ features: ["f1", "f2"], values: [[0.1, 1.2], [0.3, -0.5]], labels: [0, 1] }, { yTitle: "z-score" });
 */
export function featureDistributionFigure(input: FeatureDistributionInput, options: StyleOptions & { yTitle?: string } = {}): Figure {
  const trace = (status: 0 | 1) => {
    const x: string[] = [];
    const y: number[] = [];
    input.values.forEach((vals, k) =>
      vals.forEach((v, i) => {
        if (input.labels[i] === status && Number.isFinite(v)) {
          x.push(input.features[k]);
          y.push(v);
        }
      }),
    );
    return {
      type: "box",
      name: status === 1 ? "ALN metastasis" : "No ALN metastasis",
      x,
      y,
      boxpoints: false,
      marker: { color: status === 1 ? ROLE_COLOURS.alnPositive : ROLE_COLOURS.alnNegative },
      line: { width: 1 },
    };
  };
  return styleFigure(
    {
      data: [trace(0), trace(1)],
      layout: {
        boxmode: "group",
        xaxis: { tickangle: -30, tickfont: { size: 8 }, automargin: true },
        yaxis: { title: { text: options.yTitle ?? "" } },
        legend: { orientation: "h", x: 0, y: 1.08 },
      },
    },
    options,
  );
}
