import type { Volume } from "../radiomics/image";
import { ROLE_COLOURS } from "./theme";
import { styleFigure, type Figure, type StyleOptions } from "./figure";

export interface CasePanel {
  title: string;
  image: Volume;
  mask: Volume;
  /** Label of the region in the mask (default: every non-zero voxel). */
  label?: number;
}

/** Index (x fastest) of voxel (i, j, k). */
const at = (v: Volume, i: number, j: number, k: number) => i + v.size[0] * (j + v.size[1] * k);

/** The axial slice with the most mask voxels. */
function largestMaskSlice(mask: Volume, inRegion: (v: number) => boolean): number {
  let best = 0;
  let bestCount = -1;
  for (let k = 0; k < mask.size[2]; k++) {
    let n = 0;
    for (let j = 0; j < mask.size[1]; j++) for (let i = 0; i < mask.size[0]; i++) if (inRegion(mask.data[at(mask, i, j, k)])) n++;
    if (n > bestCount) {
      best = k;
      bestCount = n;
    }
  }
  return best;
}

/**
 * Patients' images as in the paper's Fig. 3: for each panel, the axial slice with the largest region of
 * interest in grey scale with the mask's outline (voxel edges between inside and outside) drawn on top.
 * Panels sit side by side; a subtitle (e.g. pathology, radiologists' call, signature score) goes in `title`.
 *
 * @example
 * caseViewFigure([{ title: "T1+C tumour", image, mask }], { width: "double" });
 */
export function caseViewFigure(panels: CasePanel[], options: StyleOptions = {}): Figure {
  const data: Record<string, unknown>[] = [];
  const layout: Record<string, unknown> = { annotations: [] as Record<string, unknown>[], showlegend: false };
  const gap = 0.04;
  const w = (1 - gap * (panels.length - 1)) / panels.length;
  panels.forEach((p, n) => {
    if (p.image.size.join() !== p.mask.size.join()) throw new Error(`caseViewFigure: panel '${p.title}' image and mask sizes differ`);
    const inRegion = p.label === undefined ? (v: number) => v > 0 : (v: number) => v === p.label;
    const k = largestMaskSlice(p.mask, inRegion);
    const [nx, ny] = p.image.size;
    const z = Array.from({ length: ny }, (_, j) => Array.from({ length: nx }, (_, i) => p.image.data[at(p.image, i, j, k)]));
    const axis = n === 0 ? "" : String(n + 1);
    data.push({ type: "heatmap", z, colorscale: "Greys", reversescale: true, showscale: false, xaxis: `x${axis}`, yaxis: `y${axis}`, hoverinfo: "skip" });
    // Outline: every edge between a mask voxel and a non-mask neighbour, as line segments (null-separated).
    const xs: (number | null)[] = [];
    const ys: (number | null)[] = [];
    const inside = (i: number, j: number) => i >= 0 && j >= 0 && i < nx && j < ny && inRegion(p.mask.data[at(p.mask, i, j, k)]);
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        if (!inside(i, j)) continue;
        if (!inside(i - 1, j)) xs.push(i - 0.5, i - 0.5, null), ys.push(j - 0.5, j + 0.5, null);
        if (!inside(i + 1, j)) xs.push(i + 0.5, i + 0.5, null), ys.push(j - 0.5, j + 0.5, null);
        if (!inside(i, j - 1)) xs.push(i - 0.5, i + 0.5, null), ys.push(j - 0.5, j - 0.5, null);
        if (!inside(i, j + 1)) xs.push(i - 0.5, i + 0.5, null), ys.push(j + 0.5, j + 0.5, null);
      }
    }
    data.push({ type: "scatter", mode: "lines", x: xs, y: ys, line: { color: ROLE_COLOURS.alnPositive, width: 1.5 }, xaxis: `x${axis}`, yaxis: `y${axis}`, hoverinfo: "skip" });
    const x0 = n * (w + gap);
    layout[`xaxis${axis}`] = { domain: [x0, x0 + w], showticklabels: false, ticks: "", showline: false, showgrid: false, range: [-0.5, nx - 0.5] };
    layout[`yaxis${axis}`] = { showticklabels: false, ticks: "", showline: false, showgrid: false, autorange: "reversed", scaleanchor: `x${axis}`, anchor: `x${axis}` };
    (layout.annotations as Record<string, unknown>[]).push({ text: p.title, x: x0 + w / 2, xref: "paper", y: 1.02, yref: "paper", xanchor: "center", yanchor: "bottom", showarrow: false, font: { size: 9 } });
  });
  return styleFigure({ data, layout }, options);
}
