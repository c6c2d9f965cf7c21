import { PALETTE, ROLE_COLOURS } from "./theme";
import { styleFigure, type Figure, type StyleOptions } from "./figure";

export interface SankeyInput {
  /** Stages left to right, e.g. ["ALN region", "Tumour region"]; each patient is correct or wrong at each stage. */
  stages: string[];
  /** One row per patient: correct (true) or wrong (false) at each stage. */
  correct: boolean[][];
}

/**
 * Sankey diagram of which patients each regional signature classifies correctly (paper's appendix p 4):
 * a node per stage x {correct, wrong}; links carry the patients moving between consecutive stages, so
 * disjoint correctly-classified groups show as crossing flows.
 *
 * @example
 * sankeyFigure({ stages: ["ALN", "Tumour"], correct: [[true, false], [true, true], [false, true]] });
 */
export function sankeyFigure(input: SankeyInput, options: StyleOptions = {}): Figure {
  const k = input.stages.length;
  if (k < 2) throw new Error("sankeyFigure: at least two stages are needed");
  input.correct.forEach((r, i) => {
    if (r.length !== k) throw new Error(`sankeyFigure: patient ${i} has ${r.length} outcomes for ${k} stages`);
  });
  const node = (stage: number, ok: boolean) => 2 * stage + (ok ? 0 : 1);
  const labels: string[] = [];
  const colours: string[] = [];
  input.stages.forEach((s, stage) => {
    const nOk = input.correct.filter((r) => r[stage]).length;
    labels.push(`${s}: correct (${nOk})`, `${s}: wrong (${input.correct.length - nOk})`);
    colours.push(PALETTE[2], ROLE_COLOURS.alnPositive);
  });
  const source: number[] = [];
  const target: number[] = [];
  const value: number[] = [];
  const linkColour: string[] = [];
  for (let stage = 0; stage + 1 < k; stage++) {
    for (const a of [true, false]) {
      for (const b of [true, false]) {
        const n = input.correct.filter((r) => r[stage] === a && r[stage + 1] === b).length;
        if (!n) continue;
        source.push(node(stage, a));
        target.push(node(stage + 1, b));
        value.push(n);
        linkColour.push(a === b ? "rgba(0,158,115,0.35)" : "rgba(204,121,167,0.45)");
      }
    }
  }
  const x = input.stages.flatMap((_, stage) => [0.001 + (0.998 * stage) / (k - 1), 0.001 + (0.998 * stage) / (k - 1)]);
  const y = input.stages.flatMap(() => [0.25, 0.8]);
  return styleFigure(
    {
      data: [
        {
          type: "sankey",
          arrangement: "fixed",
          node: { label: labels, color: colours, pad: 18, thickness: 14, x, y, line: { color: "#222222", width: 0.5 } },
          link: { source, target, value, color: linkColour },
        },
      ],
      layout: { font: { size: 9 } },
    },
    options,
  );
}
